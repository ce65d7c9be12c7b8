/**
 * What the verifier steps the country machine with. An engine starts a country and takes one
 * event at a time, purely; it returns the very same state object when the machine refuses the
 * event and throws where the machine throws. The XState engine runs the machine itself through
 * XState's public pure functions (`step.ts`); a compiled engine (the step kernel's flat table)
 * plugs in through the same interface and is held to the machine by the differential tests.
 */
import { isMachineSnapshot, type AnyTransitionDefinition, type StateValue } from 'xstate';
import type { CountryMachine } from '../../machines/country.ts';
import type { CountryContext, CountryEvent, CountryInput } from '../../machines/country-types.ts';
import type { CountrySnapshot } from '../country/state.ts';
import { compileCountryMachine, type CompiledCountryState } from '../kernel/index.ts';
import { getActiveStateIds } from './coverage.ts';
import { startCountry, stepCountry } from './step.ts';

/** The part of a state every engine gives: the state value and the context. */
export interface EngineState {
  readonly value: StateValue;
  readonly context: CountryContext;
}

export interface CountryEngine<S extends EngineState = EngineState> {
  readonly name: string;
  /** The machine the engine runs (the definition coverage is measured against). */
  readonly machine: CountryMachine;
  /** The starting state for `input`; throws where the machine throws. */
  start(input: CountryInput): S;
  /** The state after `event`: `state` itself when refused; throws where the machine throws. */
  step(state: S, event: CountryEvent): S;
  /**
   * `step`, also naming the definition's transitions taken (the event's, then eventless ones),
   * for coverage; engines that know them without asking XState again give this.
   */
  stepTaken?(
    state: S,
    event: CountryEvent,
  ): { state: S; taken: readonly AnyTransitionDefinition[] };
}

/** The engine running the XState machine through its public pure functions. */
export function createXStateEngine(machine: CountryMachine): CountryEngine<CountrySnapshot> {
  return {
    name: 'xstate',
    machine,
    start(input) {
      const { snapshot } = startCountry(machine, input);
      if (snapshot.status !== 'active') {
        throw new Error(`initial state is ${snapshot.status}: ${String(snapshot.error)}`);
      }
      return snapshot;
    },
    step(state, event) {
      const step = stepCountry(machine, state, event);
      if (step instanceof Error) throw step;
      if (step.snapshot.status !== 'active') {
        throw new Error(`status ${step.snapshot.status} after the event`);
      }
      return step.snapshot;
    },
  };
}

/** The engine running the step kernel's compiled form of `machine` (a flat table). */
export function createCompiledEngine(machine: CountryMachine): CountryEngine<CompiledCountryState> {
  const compiled = compileCountryMachine(machine);
  return {
    name: 'compiled',
    machine,
    start: (input) => compiled.initial(input),
    step: (state, event) => compiled.step(state, event),
    // The compiled candidates keep the machine's own transition definitions (the same objects).
    stepTaken: (state, event) => {
      const { state: next, taken } = compiled.stepTaken(state, event);
      return { state: next, taken: taken as readonly AnyTransitionDefinition[] };
    },
  };
}

/**
 * The engine `pillar verify` uses: the compiled form, or XState's public functions for a
 * variant the compiler does not support (it refuses what it cannot compile exactly).
 */
export function createDefaultEngine(machine: CountryMachine): CountryEngine {
  try {
    return createCompiledEngine(machine);
  } catch {
    return createXStateEngine(machine);
  }
}

/** An XState snapshot of `state` (itself when it already is one). */
export function toSnapshot(machine: CountryMachine, state: EngineState): CountrySnapshot {
  if (isMachineSnapshot(state)) return state as CountrySnapshot;
  return machine.resolveState({ value: state.value, context: state.context });
}

/** The atomic state id a state node settles into when entered (following initial states). */
function settle(node: {
  id: string;
  states: Record<string, unknown>;
  initial?: { target: readonly unknown[] };
}): string {
  let n = node;
  for (;;) {
    const next = n.initial?.target[0] as typeof node | undefined;
    if (Object.keys(n.states).length === 0 || !next) return n.id;
    n = next;
  }
}

/**
 * The definition's transitions the machine takes on one accepted edge, for coverage, whatever
 * engine computed the edge: XState's `getTransitionData` names the event's transition; when the
 * state reached is not where that transition leads, eventless transitions followed, and XState's
 * full step names them too.
 */
export function getTakenTransitions(
  machine: CountryMachine,
  before: EngineState,
  event: CountryEvent,
  after: EngineState,
): readonly AnyTransitionDefinition[] {
  const snapshot = toSnapshot(machine, before);
  const enabled = machine.getTransitionData(snapshot, event);
  const rootId = machine.root.id;
  const afterIds = getActiveStateIds(rootId, after.value);
  const atomic = afterIds[afterIds.length - 1];
  const expected = enabled.map((t) => {
    const target = t.target?.[0];
    if (target) return settle(target);
    const ids = getActiveStateIds(rootId, before.value);
    return ids[ids.length - 1];
  });
  if (expected.every((id) => id === atomic)) return enabled;
  const full = stepCountry(machine, snapshot, event);
  return full instanceof Error ? enabled : full.transitions;
}

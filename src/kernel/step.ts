/**
 * The one step of the country machine that every caller uses (replay, Monte Carlo, verify, the
 * inspector, runs): read the event once, send it, see whether it was taken, explain a refusal,
 * check the invariants on the step. Three engines give the same results (the differential tests
 * hold them to it): XState's pure `transition` (`stepCountry`), one long-lived XState actor, and
 * the compiled form (`createCountryStepper` with `engine: 'actor' | 'compiled'`).
 */
import { createActor, transition, type Actor, type InspectionEvent } from 'xstate';
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import { INVARIANTS, type Invariant, type InvariantId } from '../invariants/catalogue.ts';
import { checkStep, type Violation } from '../invariants/check.ts';
import { IncrementalChecker } from './check.ts';
import { compileCountryMachine, type CompiledCountryState } from './compile.ts';
import { sendToActor } from './actor.ts';
import { describeError, readEvent } from './event.ts';
import { explainRefusal } from './refusal.ts';
import {
  toCountryState,
  type CountrySnapshot,
  type CountryState,
  type CountryStep,
} from './state.ts';

/** What one step did. */
export interface CountryStepResult {
  /** The event as read (a plain copy), or null when it could not be read as a country event. */
  event: CountryEvent | null;
  before: CountryState;
  /** The state after the step; `before` itself when the event was not taken. */
  after: CountryState;
  /** True when the machine took the event cleanly. */
  accepted: boolean;
  /** Why the event was not taken (malformed, refused, or the machine failed); null if taken. */
  reason: string | null;
  /** The invariants this step broke (state checks on `after`); refused steps are checked too. */
  violations: Violation[];
}

export interface StepOptions {
  /** The invariants to check (default: the catalogue; `[]` checks none). */
  invariants?: readonly Invariant[];
  /** The step's index, reported in violations (default 0). */
  index?: number;
}

type Checker = IncrementalChecker<CountryState, CountryStep, InvariantId>;

/**
 * The parts of a step every engine shares: the refusal reason and the invariant checks (with
 * `checker`, incremental along the stepper's trace; without, every check in full).
 */
function judge(
  before: CountryState,
  event: CountryEvent,
  after: CountryState | null,
  failure: string | null,
  options: StepOptions,
  checker?: Checker,
): CountryStepResult {
  const accepted = after !== null;
  const reached = after ?? before;
  const reason = accepted ? null : (failure ?? explainRefusal(before.value, before.context, event));
  const invariants = options.invariants ?? INVARIANTS;
  const index = options.index ?? 0;
  const step: CountryStep = { index, before, event, after: reached, accepted };
  let violations: Violation[];
  if (invariants.length === 0) violations = [];
  else if (checker) {
    violations = checker.step(step).map((f) => ({ ...f, step: index, event }));
  } else violations = checkStep(step, invariants);
  return { event, before, after: reached, accepted, reason, violations };
}

function startChecker(
  invariants: readonly Invariant[],
  state: CountryState,
): { checker: Checker; violations: Violation[] } {
  const checker = new IncrementalChecker<CountryState, CountryStep, InvariantId>(invariants);
  const violations = checker.start(state).map((f) => ({ ...f, step: -1 }));
  return { checker, violations };
}

function unreadable(before: CountryState, reason: string): CountryStepResult {
  return { event: null, before, after: before, accepted: false, reason, violations: [] };
}

/**
 * One pure step with XState's `transition` on the snapshot's own machine: the next snapshot (the
 * same object when the event is not taken) and what the step did. Never throws.
 */
export function stepCountry(
  snapshot: CountrySnapshot,
  event: unknown,
  options: StepOptions = {},
): CountryStepResult & { snapshot: CountrySnapshot } {
  const before = toCountryState(snapshot);
  const read = readEvent(event);
  if (read.event === null) return { ...unreadable(before, read.error), snapshot };
  if (snapshot.status !== 'active') {
    const reason = `the machine is ${snapshot.status}; it takes no events`;
    return { ...judge(before, read.event, null, reason, options), snapshot };
  }
  let next: CountrySnapshot;
  try {
    [next] = transition(snapshot.machine, snapshot, read.event);
  } catch (error) {
    const reason = `the machine failed on ${read.event.type}: ${describeError(error)}`;
    return { ...judge(before, read.event, null, reason, options), snapshot };
  }
  if (next.status !== 'active') {
    const reason = `the machine failed on ${read.event.type}: ${describeError(next.error)}`;
    return { ...judge(before, read.event, null, reason, options), snapshot };
  }
  const after = next === snapshot ? null : toCountryState(next);
  return { ...judge(before, read.event, after, null, options), snapshot: after ? next : snapshot };
}

/** Which engine a stepper drives: one XState actor, or the compiled form of the same machine. */
export type CountryEngine = 'actor' | 'compiled';

export interface CountryStepperOptions {
  /** A variant of the country machine (for example one made with `machine.provide()`). */
  machine?: CountryMachine;
  /** `actor` (default): one long-lived XState actor. `compiled`: the compiled form, for hot paths. */
  engine?: CountryEngine;
  /** The invariants to check on every step (default: the catalogue; `[]` checks none). */
  invariants?: readonly Invariant[];
  /** Inspection events of the actor (actor engine only). */
  inspect?: (event: InspectionEvent) => void;
}

/** A country driven step by step by one engine. */
export interface CountryStepper {
  readonly engine: CountryEngine;
  /** The current state. */
  readonly state: CountryState;
  /** Steps taken so far (refused and unreadable events included). */
  readonly index: number;
  /** What the starting state broke. */
  readonly initialViolations: Violation[];
  /** Reads, sends and checks one event; never throws. */
  step(event: unknown): CountryStepResult;
  /** The actor's current snapshot (actor engine), for what needs XState's own snapshot. */
  getSnapshot(): CountrySnapshot | null;
  stop(): void;
}

/** Starts a country from `input` on the chosen engine. */
export function createCountryStepper(
  input: CountryInput,
  options: CountryStepperOptions = {},
): CountryStepper {
  const machine = options.machine ?? countryMachine;
  const invariants = options.invariants ?? INVARIANTS;
  return options.engine === 'compiled'
    ? compiledStepper(machine, input, invariants)
    : actorStepper(machine, input, invariants, options.inspect);
}

/**
 * What one engine does with a read event: the state after it (`null` when refused), or why the
 * machine failed on it (then the engine carries on from the state before).
 */
interface EngineStep {
  after: CountryState | null;
  failure: string | null;
}

interface Engine {
  engine: CountryEngine;
  start: CountryState;
  advance(event: CountryEvent): EngineStep;
  getSnapshot(): CountrySnapshot | null;
  stop(): void;
}

/** The stepper around an engine: read the event once, advance, judge, keep the state. */
function createStepper(engine: Engine, invariants: readonly Invariant[]): CountryStepper {
  let state = engine.start;
  let index = 0;
  const { checker, violations: initialViolations } = startChecker(invariants, state);
  return {
    engine: engine.engine,
    get state() {
      return state;
    },
    get index() {
      return index;
    },
    initialViolations,
    step(event) {
      const at = index++;
      const read = readEvent(event);
      if (read.event === null) return unreadable(state, read.error);
      const { after, failure } = engine.advance(read.event);
      const result = judge(state, read.event, after, failure, { invariants, index: at }, checker);
      state = result.after;
      return result;
    },
    getSnapshot: () => engine.getSnapshot(),
    stop: () => engine.stop(),
  };
}

function actorStepper(
  machine: CountryMachine,
  input: CountryInput,
  invariants: readonly Invariant[],
  inspect: ((event: InspectionEvent) => void) | undefined,
): CountryStepper {
  const start = (snapshot?: unknown): Actor<CountryMachine> => {
    const actor = createActor(machine, {
      input,
      ...(snapshot === undefined ? {} : { snapshot: snapshot as never }),
      ...(inspect ? { inspect } : {}),
    });
    // Our own actor: one error observer for its life (a failing guard or action must not be
    // rethrown by XState into the host process), not one per event.
    actor.subscribe({ error: () => {} });
    return actor.start();
  };
  let actor = start();
  let snapshot = actor.getSnapshot();
  return createStepper(
    {
      engine: 'actor',
      start: toCountryState(snapshot),
      advance(event) {
        const { after: next, failure } = sendToActor(actor, event, true);
        if (failure !== null) {
          // Carry on from the state before the failed step, on a fresh actor.
          actor = start(machine.getPersistedSnapshot(snapshot));
          snapshot = actor.getSnapshot();
          return { after: null, failure };
        }
        const taken = next !== snapshot;
        snapshot = next;
        return { after: taken ? toCountryState(next) : null, failure: null };
      },
      getSnapshot: () => snapshot,
      stop: () => actor.stop(),
    },
    invariants,
  );
}

function compiledStepper(
  machine: CountryMachine,
  input: CountryInput,
  invariants: readonly Invariant[],
): CountryStepper {
  const compiled = compileCountryMachine(machine);
  let current: CompiledCountryState = compiled.initial(input);
  return createStepper(
    {
      engine: 'compiled',
      start: { value: current.value, context: current.context },
      advance(event) {
        let next: CompiledCountryState;
        try {
          next = compiled.step(current, event);
        } catch (error) {
          return {
            after: null,
            failure: `the machine failed on ${event.type}: ${describeError(error)}`,
          };
        }
        const taken = next !== current;
        current = next;
        return {
          after: taken ? { value: next.value, context: next.context } : null,
          failure: null,
        };
      },
      getSnapshot: () => null,
      stop: () => {},
    },
    invariants,
  );
}

/**
 * One step of the country machine as the verifier needs it: the next snapshot (the very same
 * object when the event is refused) and the definition's transitions it took, for coverage.
 * Only XState's public API: `machine.getTransitionData` says which transitions an event enables
 * (guards evaluated, nothing run), `getMicrosteps` / `getInitialMicrosteps` run the step.
 */
import {
  getInitialMicrosteps,
  getMicrosteps,
  getNextTransitions,
  type AnyTransitionDefinition,
  type StateValue,
} from 'xstate';
import type { CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import type { CountrySnapshot } from '../country/state.ts';
import { getActiveStateIds } from './coverage.ts';

/** What one step did: `snapshot` is the step's input when the event was refused. */
export interface TakenStep {
  snapshot: CountrySnapshot;
  /** Transitions of the definition taken, in microstep order (empty when refused). */
  transitions: readonly AnyTransitionDefinition[];
}

/**
 * The eventless (`always`) transition that led from microstep snapshot `before` to `after`: the
 * first one of the active state nodes whose targets are all active afterwards.
 */
function findEventlessTransition(
  rootId: string,
  before: CountrySnapshot,
  after: { value: StateValue },
): AnyTransitionDefinition | undefined {
  const active = new Set(getActiveStateIds(rootId, after.value));
  const candidates = getNextTransitions(before).filter((t) => t.eventType === '');
  return (
    candidates.find((t) => (t.target ?? []).every((node) => active.has(node.id))) ?? candidates[0]
  );
}

function collect(
  rootId: string,
  first: readonly AnyTransitionDefinition[],
  start: CountrySnapshot,
  microsteps: readonly (readonly [CountrySnapshot, unknown])[],
): TakenStep {
  const transitions = [...first];
  let previous = microsteps[0]?.[0] ?? start;
  for (let i = 1; i < microsteps.length; i++) {
    const next = (microsteps[i] as readonly [CountrySnapshot, unknown])[0];
    const eventless = findEventlessTransition(rootId, previous, next);
    if (eventless) transitions.push(eventless);
    previous = next;
  }
  return { snapshot: previous, transitions };
}

/** The starting snapshot for `input`, with the eventless transitions taken on the way in. */
export function startCountry(machine: CountryMachine, input: CountryInput): TakenStep {
  const microsteps = getInitialMicrosteps(machine, input) as [CountrySnapshot, unknown][];
  const first = microsteps[0]?.[0];
  if (!first) throw new Error('the machine has no initial state');
  return collect(machine.root.id, [], first, microsteps);
}

/** One pure step; the error it threw instead, if it threw. */
export function stepCountry(
  machine: CountryMachine,
  snapshot: CountrySnapshot,
  event: CountryEvent,
): TakenStep | Error {
  try {
    const enabled = machine.getTransitionData(snapshot, event);
    if (enabled.length === 0) return { snapshot, transitions: [] };
    const microsteps = getMicrosteps(machine, snapshot, event) as [CountrySnapshot, unknown][];
    if (microsteps.length === 0) return { snapshot, transitions: [] };
    return collect(machine.root.id, enabled, snapshot, microsteps);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

import type { SnapshotFrom, StateValue } from 'xstate';
import type { CountryMachine } from '../../machines/country.ts';
import type { CountryContext, CountryEvent, Phase } from '../../machines/country-types.ts';

/** A country's observable state as plain JSON: what invariants, timelines and the inspector read. */
export interface CountryState {
  value: StateValue;
  context: CountryContext;
}

export type CountrySnapshot = SnapshotFrom<CountryMachine>;

/** One step of a country's life: the state before, the event, the state after. */
export interface CountryStep {
  index: number;
  before: CountryState;
  event: CountryEvent;
  after: CountryState;
  /** False when the machine refused the event (then `after` is `before`). */
  accepted: boolean;
  /** Why the event was refused, where the step was taken by the step kernel. */
  reason?: string;
}

export function toCountryState(snapshot: {
  value: StateValue;
  context: CountryContext;
}): CountryState {
  return { value: snapshot.value, context: snapshot.context };
}

/** The top-level phase of a state value. */
export function getPhase(value: StateValue): Phase {
  const key = typeof value === 'string' ? value : Object.keys(value)[0];
  return key as Phase;
}

/** The stage within the phase (`startUp`, `drawdown`...), or null where the phase has none. */
export function getStage(value: StateValue): string | null {
  if (typeof value === 'string') return null;
  const inner = Object.values(value)[0];
  return typeof inner === 'string' ? inner : null;
}

import type { CountryEvent } from '../../machines/country-types.ts';
import type { CountryState, CountryStep } from '../country/state.ts';
import { INVARIANTS, type InvariantId, type Invariant } from './catalogue.ts';

export interface Violation<Id extends string = InvariantId> {
  id: Id;
  message: string;
  /** Index of the step that broke it; -1 for the initial state. */
  step: number;
  event?: CountryEvent;
}

export interface InvariantResult<Id extends string = InvariantId> {
  id: Id;
  description: string;
  holds: boolean;
  violation?: Violation<Id>;
}

function checkOne(invariant: Invariant, step: CountryStep): string | null {
  return invariant.checkStep?.(step) ?? invariant.checkState?.(step.after) ?? null;
}

/** Every invariant that one step breaks (state checks apply to the state after the step). */
export function checkStep<Id extends string = InvariantId>(
  step: CountryStep,
  invariants: readonly Invariant<Id>[] = INVARIANTS as readonly Invariant<Id>[],
): Violation<Id>[] {
  const found: Violation<Id>[] = [];
  for (const invariant of invariants) {
    const message = checkOne(invariant, step);
    if (message !== null)
      found.push({ id: invariant.id, message, step: step.index, event: step.event });
  }
  return found;
}

export function checkState<Id extends string = InvariantId>(
  state: CountryState,
  invariants: readonly Invariant<Id>[] = INVARIANTS as readonly Invariant<Id>[],
): Violation<Id>[] {
  const found: Violation<Id>[] = [];
  for (const invariant of invariants) {
    const message = invariant.checkState?.(state) ?? null;
    if (message !== null) found.push({ id: invariant.id, message, step: -1 });
  }
  return found;
}

/**
 * Checks a whole trace: the initial state, then every step, against the catalogue or any list of
 * invariants (the built-in ones and users' own alike). Each invariant reports whether it
 * held and, if not, the first step that broke it.
 */
export function checkTrace<Id extends string = InvariantId>(
  initial: CountryState,
  steps: readonly CountryStep[],
  invariants: readonly Invariant<Id>[] = INVARIANTS as readonly Invariant<Id>[],
): InvariantResult<Id>[] {
  const first = new Map<Id, Violation<Id>>();
  for (const v of checkState(initial, invariants)) first.set(v.id, v);
  for (const step of steps) {
    if (first.size === invariants.length) break;
    for (const invariant of invariants) {
      if (first.has(invariant.id)) continue;
      const message = checkOne(invariant, step);
      if (message !== null) {
        first.set(invariant.id, { id: invariant.id, message, step: step.index, event: step.event });
      }
    }
  }
  return invariants.map((inv) => {
    const violation = first.get(inv.id);
    return violation
      ? { id: inv.id, description: inv.description, holds: false, violation }
      : { id: inv.id, description: inv.description, holds: true };
  });
}

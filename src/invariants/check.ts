import type { CountryEvent } from '../../machines/country-types.ts';
import type { CountryState, CountryStep } from '../kernel/state.ts';
import { FirstFailures, findStateViolations, findStepViolations } from '../kernel/check.ts';
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

/** Every invariant that one step breaks (state checks apply to the state after the step). */
export function checkStep(
  step: CountryStep,
  invariants: readonly Invariant[] = INVARIANTS,
): Violation[] {
  return findStepViolations(invariants, step).map((f) => ({
    id: f.id,
    message: f.message,
    step: step.index,
    event: step.event,
  }));
}

export function checkState(
  state: CountryState,
  invariants: readonly Invariant[] = INVARIANTS,
): Violation[] {
  return findStateViolations(invariants, state).map((f) => ({ ...f, step: -1 }));
}

/**
 * Checks a whole trace: the initial state, then every step, against the catalogue or any list of
 * invariants (the built-in ones and users' own alike). Each invariant reports whether it
 * held and, if not, the first step that broke it.
 */
export function checkTrace(
  initial: CountryState,
  steps: readonly CountryStep[],
  invariants: readonly Invariant[] = INVARIANTS,
): InvariantResult[] {
  const first = new FirstFailures<CountryState, CountryStep, InvariantId, CountryEvent | undefined>(
    invariants,
  );
  first.checkState(initial, undefined);
  for (const step of steps) {
    if (first.allFailed) break;
    first.checkStep(step, step.index, step.event);
  }
  return first.results().map(({ invariant, failure }) => {
    if (!failure) return { id: invariant.id, description: invariant.description, holds: true };
    const violation: Violation = { id: failure.id, message: failure.message, step: failure.at };
    if (failure.where !== undefined) violation.event = failure.where;
    return { id: invariant.id, description: invariant.description, holds: false, violation };
  });
}

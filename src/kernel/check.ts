/**
 * The one invariant-check loop, for any machine: country invariants (`src/invariants`) and pillar
 * invariants (`src/pillar/invariants.ts`) are both lists of `CheckedInvariant`s over their own
 * state and step types. State checks apply to every state (the initial one and the state after
 * each step); step checks to every step, refused ones included. A step check that finds a
 * violation hides the state check of the same invariant on that step (one message per invariant).
 */

/** An invariant as the loop sees it: an id and pure checks returning null or a message. */
export interface CheckedInvariant<State, Step, Id extends string = string> {
  id: Id;
  description: string;
  /** Checked on every state, the initial one included. */
  checkState?: (state: State) => string | null;
  /** Checked on every step, refused events included. */
  checkStep?: (step: Step) => string | null;
  /**
   * `checkState(step.after)` for a step whose `before` state passed `checkState` and whose
   * `checkStep` passed, looking only at what the step changed (for example the entries it
   * appended). Optional; the incremental checker uses it to keep a trace linear in its length.
   */
  checkStateIncrement?: (step: Step) => string | null;
}

/** What one invariant reported: its id and message. */
export interface Finding<Id extends string = string> {
  id: Id;
  message: string;
}

/** The state a step ends in: what state checks read on a step. */
export interface StepLike<State> {
  after: State;
}

/** Every invariant `state` breaks. */
export function findStateViolations<State, Step, Id extends string>(
  invariants: readonly CheckedInvariant<State, Step, Id>[],
  state: State,
): Finding<Id>[] {
  const found: Finding<Id>[] = [];
  for (const invariant of invariants) {
    const message = invariant.checkState?.(state) ?? null;
    if (message !== null) found.push({ id: invariant.id, message });
  }
  return found;
}

/** The message of one invariant on one step, or null when it holds. */
export function checkInvariantOnStep<State, Step extends StepLike<State>>(
  invariant: CheckedInvariant<State, Step>,
  step: Step,
): string | null {
  return invariant.checkStep?.(step) ?? invariant.checkState?.(step.after) ?? null;
}

/** Every invariant `step` breaks (state checks on the state after the step). */
export function findStepViolations<State, Step extends StepLike<State>, Id extends string>(
  invariants: readonly CheckedInvariant<State, Step, Id>[],
  step: Step,
): Finding<Id>[] {
  const found: Finding<Id>[] = [];
  for (const invariant of invariants) {
    const message = checkInvariantOnStep(invariant, step);
    if (message !== null) found.push({ id: invariant.id, message });
  }
  return found;
}

/**
 * Checks steps along one trace with the same results as `findStepViolations` on every step, but
 * incrementally: where an invariant's state check held on the state before the step and its step
 * check passes, its cheap `checkStateIncrement` stands in for the full state check.
 */
export class IncrementalChecker<State, Step extends StepLike<State>, Id extends string> {
  private readonly invariants: readonly CheckedInvariant<State, Step, Id>[];
  /** Per invariant (by position): its state check held on the current state. */
  private readonly held: boolean[];

  constructor(invariants: readonly CheckedInvariant<State, Step, Id>[]) {
    this.invariants = invariants;
    this.held = invariants.map(() => false);
  }

  /** Checks the starting state (every state check in full). */
  start(state: State): Finding<Id>[] {
    const found: Finding<Id>[] = [];
    this.invariants.forEach((invariant, i) => {
      const message = invariant.checkState?.(state) ?? null;
      this.held[i] = message === null;
      if (message !== null) found.push({ id: invariant.id, message });
    });
    return found;
  }

  /** Every invariant `step` breaks; `step.before` must be the state after the previous step. */
  step(step: Step): Finding<Id>[] {
    const found: Finding<Id>[] = [];
    for (let i = 0; i < this.invariants.length; i++) {
      const invariant = this.invariants[i] as CheckedInvariant<State, Step, Id>;
      let message = invariant.checkStep?.(step) ?? null;
      if (message !== null) {
        this.held[i] = false;
      } else if (invariant.checkState) {
        const increment = this.held[i] ? invariant.checkStateIncrement : undefined;
        message = increment ? increment(step) : invariant.checkState(step.after);
        this.held[i] = message === null;
      }
      if (message !== null) found.push({ id: invariant.id, message });
    }
    return found;
  }
}

/** The first violation of one invariant, with where it happened (`at`: -1 for the initial state). */
export interface FirstFailure<Id extends string = string, Where = unknown> {
  id: Id;
  message: string;
  at: number;
  where: Where;
}

/**
 * Keeps the first failure of each invariant along a trace and stops checking an invariant once
 * it has failed: what replay, Monte Carlo, the inspector and the verifier all report.
 */
export class FirstFailures<State, Step extends StepLike<State>, Id extends string, Where = null> {
  readonly invariants: readonly CheckedInvariant<State, Step, Id>[];
  private readonly first = new Map<Id, FirstFailure<Id, Where>>();
  private open: CheckedInvariant<State, Step, Id>[];

  constructor(invariants: readonly CheckedInvariant<State, Step, Id>[]) {
    this.invariants = invariants;
    this.open = [...invariants];
  }

  /** Checks a starting state; returns what it broke (now recorded). */
  checkState(state: State, where: Where): Finding<Id>[] {
    const found = findStateViolations(this.open, state);
    for (const f of found) this.record(f, -1, where);
    return found;
  }

  /** Checks one step with the invariants that still hold; returns what it broke (now recorded). */
  checkStep(step: Step, at: number, where: Where): Finding<Id>[] {
    if (this.open.length === 0) return [];
    const found = findStepViolations(this.open, step);
    for (const f of found) this.record(f, at, where);
    return found;
  }

  /** Records a failure found elsewhere (kept only if it is the invariant's first). */
  record(finding: Finding<Id>, at: number, where: Where): void {
    if (this.first.has(finding.id)) return;
    this.first.set(finding.id, { id: finding.id, message: finding.message, at, where });
    this.open = this.open.filter((inv) => inv.id !== finding.id);
  }

  /** The first failure of `id`, if it failed. */
  get(id: Id): FirstFailure<Id, Where> | undefined {
    return this.first.get(id);
  }

  /** True once every invariant has failed (nothing left to check). */
  get allFailed(): boolean {
    return this.open.length === 0;
  }

  /** Every invariant in catalogue order, with its first failure where it failed. */
  results(): {
    invariant: CheckedInvariant<State, Step, Id>;
    failure: FirstFailure<Id, Where> | undefined;
  }[] {
    return this.invariants.map((invariant) => ({
      invariant,
      failure: this.first.get(invariant.id),
    }));
  }
}

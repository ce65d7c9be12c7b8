/** Driving a pillar actor through a list of events, step by step, with the invariants checked. */
import { createActor } from 'xstate';
import { sendToActor } from '../kernel/actor.ts';
import { pillarMachine, type PillarMachine } from '../../machines/pillar.ts';
import type { PillarEvent, PillarInput } from '../../machines/pillar-types.ts';
import { checkPillarState, checkPillarStep, type PillarViolation } from './invariants.ts';
import { toPillarState, type PillarState, type PillarStep } from './state.ts';

export interface PillarRunOptions {
  /** A variant of the machine (for example with another SPG policy, via `provide()`). */
  machine?: PillarMachine;
  /**
   * `every-step` (default): every invariant on every step. `final`: state invariants on the
   * initial and final states only, for long runs (state checks grow with the records kept).
   */
  check?: 'every-step' | 'final';
  /** Keep every step (default true). */
  keepSteps?: boolean;
}

export interface PillarRun {
  initial: PillarState;
  steps: PillarStep[];
  final: PillarState;
  refused: number;
  violations: PillarViolation[];
}

/**
 * Sends `events` in order to one pillar actor and records each step. Anything may be sent (the
 * pillar refuses what it cannot take, without throwing): events from files or fuzzers are fine.
 */
export function runPillar(
  input: PillarInput,
  events: readonly PillarEvent[],
  options: PillarRunOptions = {},
): PillarRun {
  const actor = createActor(options.machine ?? pillarMachine, { input });
  actor.start();
  let snapshot = actor.getSnapshot();
  const initial = toPillarState(snapshot);
  const violations: PillarViolation[] = checkPillarState(initial);
  let before = initial;
  const steps: PillarStep[] = [];
  let refused = 0;
  const everyStep = (options.check ?? 'every-step') === 'every-step';
  events.forEach((event, index) => {
    const { after: next, accepted } = sendToActor(actor, event);
    if (!accepted) refused++;
    const after =
      accepted && (everyStep || index === events.length - 1) ? toPillarState(next) : before;
    const step = { index, before, event, after, accepted };
    if (options.keepSteps ?? true) steps.push(step);
    if (everyStep) violations.push(...checkPillarStep(step));
    snapshot = next;
    before = after;
  });
  if (!everyStep) {
    const final = toPillarState(snapshot);
    violations.push(...checkPillarState(final).map((v) => ({ ...v, step: events.length - 1 })));
    before = final;
  }
  actor.stop();
  return { initial, steps, final: before, refused, violations };
}

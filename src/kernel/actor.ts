/**
 * Sending one event to any XState actor without letting anything escape: the snapshot before and
 * after, whether the actor took the event (a new snapshot, as XState gives only then), and why
 * not when it failed (a guard or action threw: the actor is in its error state). Used by the
 * country stepper, `sendEvent` and the pillar run.
 */
import type { AnyActorRef, EventObject, SnapshotFrom } from 'xstate';
import { describeError } from './event.ts';

export interface ActorSend<Snapshot> {
  before: Snapshot;
  after: Snapshot;
  /** True when the actor took the event cleanly (a new snapshot, not in its error state). */
  accepted: boolean;
  /** Set when the actor was not running or failed on the event (then `accepted` is false). */
  failure: string | null;
}

/**
 * Sends `event` to `actor`. While it is sent, an error observer is attached, so a failing guard
 * or action stops the actor without XState rethrowing the error into the host process.
 * `observed`: the caller owns the actor and keeps an error observer on it for its whole life
 * (subscribing and unsubscribing on every event costs XState about as much as a bare event).
 */
export function sendToActor<Actor extends AnyActorRef>(
  actor: Actor,
  event: EventObject,
  observed = false,
): ActorSend<SnapshotFrom<Actor>> {
  const before = actor.getSnapshot() as SnapshotFrom<Actor>;
  const statusBefore = (before as { status?: string }).status;
  if (statusBefore !== 'active') {
    const failure = `the actor is ${String(statusBefore)}; it takes no events`;
    return { before, after: before, accepted: false, failure };
  }
  let failure: string | null = null;
  const subscription = observed ? null : actor.subscribe({ error: () => {} });
  try {
    actor.send(event);
  } catch (error) {
    failure = `the machine failed on ${event.type}: ${describeError(error)}`;
  } finally {
    subscription?.unsubscribe();
  }
  const after = actor.getSnapshot() as SnapshotFrom<Actor>;
  const { status, error } = after as { status?: string; error?: unknown };
  if (failure === null && status === 'error') {
    failure = `the machine failed on ${event.type}: ${describeError(error)}`;
  }
  return { before, after, accepted: failure === null && after !== before, failure };
}

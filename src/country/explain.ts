import { readEvent } from '../kernel/event.ts';
import { explainRefusal } from '../kernel/refusal.ts';
import type { CountrySnapshot } from '../kernel/state.ts';

export type Verdict = { accepted: true } | { accepted: false; reason: string };

/**
 * Whether the machine in `snapshot` takes `event`, and if not, why, in the note's terms. Pure: it
 * reads the event once into a plain copy, asks the snapshot (`can`) and reads its context; the
 * snapshot is not changed, and nothing the event does (throwing getters, Proxies) escapes.
 */
export function explainEvent(snapshot: CountrySnapshot, event: unknown): Verdict {
  const read = readEvent(event);
  if (read.event === null) return { accepted: false, reason: read.error };
  let can: boolean;
  try {
    can = snapshot.can(read.event);
  } catch (error) {
    return {
      accepted: false,
      reason: `the machine failed on ${read.event.type}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (can) return { accepted: true };
  return { accepted: false, reason: explainRefusal(snapshot.value, snapshot.context, read.event) };
}

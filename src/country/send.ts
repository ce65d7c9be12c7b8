import type { Actor } from 'xstate';
import type { CountryMachine } from '../../machines/country.ts';
import { sendToActor } from '../kernel/actor.ts';
import { readEvent } from '../kernel/event.ts';
import { explainRefusal } from '../kernel/refusal.ts';
import type { Verdict } from './explain.ts';

/**
 * Sends anything (from a file, a browser, a fuzzer) to a country actor without ever throwing.
 * The event is read once into a plain copy and checked; a malformed one is not sent at all
 * (XState itself throws on non-objects). `accepted: true` only when the actor took the event
 * cleanly; a refused event leaves the snapshot as it was, and a guard or action that fails (the
 * actor stops in its error state) is reported too; either way the verdict says why.
 */
export function sendEvent(actor: Actor<CountryMachine>, event: unknown): Verdict {
  const read = readEvent(event);
  if (read.event === null) return { accepted: false, reason: read.error };
  try {
    const sent = sendToActor(actor, read.event);
    if (sent.accepted) return { accepted: true };
    const reason =
      sent.failure ?? explainRefusal(sent.before.value, sent.before.context, read.event);
    return { accepted: false, reason };
  } catch (error) {
    return { accepted: false, reason: `the event could not be sent: ${String(error)}` };
  }
}

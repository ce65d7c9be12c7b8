import type { Actor } from 'xstate';
import type { CountryMachine } from '../../machines/country.ts';
import type { CountryEvent } from '../../machines/country-types.ts';
import { getPayloadError } from '../../machines/country-logic.ts';
import { explainEvent, type Verdict } from './explain.ts';

/**
 * Sends anything (from a file, a browser, a fuzzer) to a country actor without ever throwing:
 * a malformed event is not sent at all (XState itself throws on non-objects), a refused one leaves
 * the snapshot as it was; either way the verdict says why.
 */
export function sendEvent(actor: Actor<CountryMachine>, event: unknown): Verdict {
  const payloadError = getPayloadError(event);
  if (payloadError !== null) return { accepted: false, reason: payloadError };
  const before = actor.getSnapshot();
  actor.send(event as CountryEvent);
  return actor.getSnapshot() !== before ? { accepted: true } : explainEvent(before, event);
}

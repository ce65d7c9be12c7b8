/**
 * Replays a verifier trace (or any input + events) with pure steps (`step.ts`), checking the same
 * things exploration checks, so a counterexample can be confirmed on its own.
 */
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import { getPayloadError, isTimely } from '../../machines/country-logic.ts';
import type { Doctrine } from '../domain/index.ts';
import { toCountryState, type CountrySnapshot, type CountryState } from '../country/state.ts';
import { checkState, checkStep } from '../invariants/index.ts';
import type { CheckId } from './explore.ts';
import { startCountry, stepCountry } from './step.ts';

export interface ReplayRequest {
  doctrine?: Doctrine;
  input: CountryInput;
  events: CountryEvent[];
}

export interface ReplayViolation {
  id: CheckId;
  message: string;
  /** Index of the event; -1 for the starting state. */
  step: number;
}

export interface TraceReplay {
  states: CountryState[];
  accepted: boolean[];
  violations: ReplayViolation[];
}

/** Replays `events` from `input` (the request's doctrine wins over the input's). */
export function replayTrace(
  request: ReplayRequest,
  machine: CountryMachine = countryMachine,
): TraceReplay {
  const input: CountryInput = { ...request.input };
  if (request.doctrine !== undefined) input.doctrine = request.doctrine;
  let snapshot: CountrySnapshot = startCountry(machine, input).snapshot;
  let state = toCountryState(snapshot);
  const states = [state];
  const accepted: boolean[] = [];
  const violations: ReplayViolation[] = checkState(state).map((v) => ({ ...v, step: -1 }));
  for (let index = 0; index < request.events.length; index++) {
    const event = request.events[index] as CountryEvent;
    const step = stepCountry(machine, snapshot, event);
    if (step instanceof Error) {
      violations.push({ id: 'no-error', message: `threw: ${step.message}`, step: index });
      break;
    }
    const next = step.snapshot;
    const taken = next !== snapshot;
    accepted.push(taken);
    if (!taken) continue;
    const after = toCountryState(next);
    const invalid = getPayloadError(event) !== null || !isTimely(state.context, event);
    if (invalid) {
      violations.push({
        id: 'refuses-invalid',
        message: `accepted invalid event ${JSON.stringify(event)}`,
        step: index,
      });
    }
    for (const v of checkStep({ index, before: state, event, after, accepted: true })) {
      violations.push({ id: v.id, message: v.message, step: index });
    }
    states.push(after);
    snapshot = next;
    state = after;
  }
  return { states, accepted, violations };
}

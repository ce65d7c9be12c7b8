/**
 * Replays a verifier trace (or any input + events) with pure steps, checking the same things
 * exploration checks, so a counterexample can be confirmed on its own. By default the XState
 * machine itself takes the events (exploration runs on the compiled form: a counterexample is
 * then confirmed by the other engine); any engine of `engine.ts` can be given instead.
 */
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import { getPayloadError, isTimely } from '../../machines/country-logic.ts';
import type { Doctrine } from '../domain/index.ts';
import { toCountryState, type CountryState } from '../country/state.ts';
import { checkState, checkStep } from '../invariants/index.ts';
import type { CheckId } from './explore.ts';
import { createXStateEngine, type CountryEngine, type EngineState } from './engine.ts';

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
  engine: CountryEngine = createXStateEngine(machine),
): TraceReplay {
  const input: CountryInput = { ...request.input };
  if (request.doctrine !== undefined) input.doctrine = request.doctrine;
  let snapshot: EngineState = engine.start(input);
  let state = toCountryState(snapshot);
  const states = [state];
  const accepted: boolean[] = [];
  const violations: ReplayViolation[] = checkState(state).map((v) => ({ ...v, step: -1 }));
  for (let index = 0; index < request.events.length; index++) {
    const event = request.events[index] as CountryEvent;
    let next: EngineState;
    try {
      next = engine.step(snapshot, event);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      violations.push({ id: 'no-error', message: `threw: ${message}`, step: index });
      break;
    }
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

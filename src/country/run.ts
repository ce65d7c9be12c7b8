import { createActor } from 'xstate';
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import { toCountryState, type CountryState, type CountryStep } from './state.ts';

export interface RunOptions {
  /** A variant of the machine (for example one made with `machine.provide()`). */
  machine?: CountryMachine;
  /** Keep every step (default true); without steps only the final state is returned. */
  keepSteps?: boolean;
}

export interface CountryRun {
  initial: CountryState;
  steps: CountryStep[];
  final: CountryState;
  refused: number;
}

/** Drives one actor through `events`, in order, and records each step. */
export function runCountry(
  input: CountryInput,
  events: readonly CountryEvent[],
  options: RunOptions = {},
): CountryRun {
  const actor = createActor(options.machine ?? countryMachine, { input });
  actor.start();
  const keep = options.keepSteps ?? true;
  let snapshot = actor.getSnapshot();
  const initial = toCountryState(snapshot);
  let before = initial;
  const steps: CountryStep[] = [];
  let refused = 0;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as CountryEvent;
    actor.send(event);
    const next = actor.getSnapshot();
    const accepted = next !== snapshot;
    if (!accepted) refused++;
    const after = accepted ? toCountryState(next) : before;
    if (keep) steps.push({ index, before, event, after, accepted });
    snapshot = next;
    before = after;
  }
  actor.stop();
  return { initial, steps, final: before, refused };
}

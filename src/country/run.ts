import type { CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import { createCountryStepper, type CountryEngine } from '../kernel/step.ts';
import type { CountryState, CountryStep } from '../kernel/state.ts';

export interface RunOptions {
  /** A variant of the machine (for example one made with `machine.provide()`). */
  machine?: CountryMachine;
  /** Keep every step (default true); without steps only the final state is returned. */
  keepSteps?: boolean;
  /** `actor` (default): one XState actor. `compiled`: the compiled form of the same machine. */
  engine?: CountryEngine;
}

export interface CountryRun {
  initial: CountryState;
  steps: CountryStep[];
  final: CountryState;
  refused: number;
}

/** Drives one country through `events`, in order, with the step kernel, and records each step. */
export function runCountry(
  input: CountryInput,
  events: readonly CountryEvent[],
  options: RunOptions = {},
): CountryRun {
  const stepper = createCountryStepper(input, {
    invariants: [],
    ...(options.machine ? { machine: options.machine } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
  });
  const keep = options.keepSteps ?? true;
  const initial = stepper.state;
  const steps: CountryStep[] = [];
  let refused = 0;
  for (let index = 0; index < events.length; index++) {
    const event = events[index] as CountryEvent;
    const result = stepper.step(event);
    if (!result.accepted) refused++;
    if (keep) {
      const step: CountryStep = {
        index,
        before: result.before,
        event,
        after: result.after,
        accepted: result.accepted,
      };
      if (result.reason !== null) step.reason = result.reason;
      steps.push(step);
    }
  }
  stepper.stop();
  return { initial, steps, final: stepper.state, refused };
}

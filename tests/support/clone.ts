/**
 * A deep copy of a country state or step to corrupt by hand. `structuredClone` cannot copy the
 * context's persistent presence lists (a class with private fields); a JSON round trip and
 * `reviveCountryContext` can, as a persisted snapshot is read back.
 */
import { reviveCountryContext } from '../../machines/country-logic.ts';
import type { CountryContext } from '../../machines/country-types.ts';

function revive<T extends { context: CountryContext }>(state: T): T {
  return {
    ...state,
    context: reviveCountryContext(state.context),
  };
}

export function cloneState<T extends { context: CountryContext }>(state: T): T {
  return revive(JSON.parse(JSON.stringify(state)) as T);
}

export function cloneStep<
  T extends { before: { context: CountryContext }; after: { context: CountryContext } },
>(step: T): T {
  const copy = JSON.parse(JSON.stringify(step)) as T;
  return { ...copy, before: revive(copy.before), after: revive(copy.after) };
}

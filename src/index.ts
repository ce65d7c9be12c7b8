/**
 * pillar-transitions: a country's life in the UN peace and security pillar (note of the
 * Secretary-General, 11 September 2017) as XState v5 machines, with continuity-of-care invariants.
 */
export { countryMachine, type CountryMachine } from '../machines/country.ts';
export * from '../machines/country-types.ts';
export {
  getPayloadError,
  reviveCountryContext,
  reviveCountrySnapshot,
  type PlainCountryContext,
} from '../machines/country-logic.ts';
export * from './domain/index.ts';
export * from './country/index.ts';
export * from './invariants/index.ts';
export type { Scenario, ScenarioPresence } from './scenario/types.ts';
export { planScenario, getScenarioWindow, type ScenarioPlan } from './scenario/events.ts';
export {
  replayScenario,
  type Timeline,
  type Period,
  type MonthState,
  type TimelineHandover,
  type InvariantOutcome,
} from './simulate/replay.ts';

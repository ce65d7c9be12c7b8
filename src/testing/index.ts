/**
 * For users' own property tests (needs fast-check, an optional peer dependency): arbitraries for
 * events, presences and scenarios; the invariant catalogue, whose `Invariant` type is open to
 * invariants of one's own; and the checks that run any list of invariants over a step or a trace.
 */
export * from './arbitraries.ts';
export {
  INVARIANTS,
  INVARIANT_IDS,
  checkState,
  checkStep,
  checkTrace,
  type Invariant,
  type InvariantId,
  type InvariantResult,
  type Violation,
} from '../invariants/index.ts';
export { runCountry, type CountryRun } from '../country/run.ts';
export type { CountryState, CountryStep } from '../country/state.ts';

/**
 * `pillar verify` as a library: exhaustive exploration of the country machine, coverage,
 * "sometimes" goals and shortest counterexamples. Re-exports only.
 */
export {
  verifyCountryMachine,
  type CheckOutcome,
  type GoalOutcome,
  type VerifyOptions,
  type VerifyReport,
} from './verify.ts';
export { getAbstractKey, toAbstractState, type AbstractState } from './abstraction.ts';
export {
  outlineMachine,
  type Coverage,
  type MachineOutline,
  type TransitionInfo,
} from './coverage.ts';
export {
  buildTrace,
  getReplayCommand,
  type VerifyTrace,
  type TraceViolation,
} from './counterexample.ts';
export {
  exploreCountryMachine,
  DEFAULT_MAX_STATES,
  PROGRESS_EVERY,
  type CheckId,
  type Exploration,
  type ExploreProgress,
} from './explore.ts';
export { GOALS, type Goal } from './goals.ts';
export { replayTrace, type ReplayRequest, type TraceReplay } from './replay.ts';
export { formatVerifyTable, formatTrace } from './report.ts';
export {
  ABSTRACTIONS,
  NO_COUNTRY_TEAM_START,
  START_CASES,
  PRESENCE_NAMES,
  isAbstractionId,
  type Abstraction,
  type AbstractionId,
  type StartCase,
} from './universe.ts';
export {
  createCompiledEngine,
  createDefaultEngine,
  createXStateEngine,
  type CountryEngine,
  type EngineState,
} from './engine.ts';
export {
  compareEngines,
  type DifferentialOptions,
  type DifferentialReport,
  type EngineDifference,
} from './differential.ts';

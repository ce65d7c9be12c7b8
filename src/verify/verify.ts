/**
 * `verifyCountryMachine`: exhaustive exploration of the country machine's reachable abstract
 * state space under a doctrine, with every invariant checked on every edge, state and transition
 * coverage of the definition, "sometimes" goals, and shortest counterexamples, as one report.
 */
import type { CountryMachine } from '../../machines/country.ts';
import type { Doctrine } from '../domain/index.ts';
import { INVARIANTS } from '../invariants/index.ts';
import { summarizeCoverage, type Coverage } from './coverage.ts';
import { buildTrace, getReplayCommand, type VerifyTrace } from './counterexample.ts';
import {
  VERIFIER_CHECKS,
  exploreCountryMachine,
  type CheckId,
  type ExploreProgress,
} from './explore.ts';
import { GOALS } from './goals.ts';
import { ABSTRACTIONS, type AbstractionId, type StartCase } from './universe.ts';

export interface CheckOutcome {
  id: CheckId;
  description: string;
  holds: boolean;
  /** The shortest trace breaking it, when it does not hold. */
  counterexample?: VerifyTrace;
  /** One line that replays the counterexample. */
  replay?: string;
}

export interface GoalOutcome {
  id: string;
  description: string;
  reached: boolean;
  /** Events on the shortest path reaching it. */
  length?: number;
}

/** What one exploration under one doctrine found. */
export interface VerifyReport {
  machine: 'country';
  doctrine: Doctrine;
  /** True when every check holds, every goal is reached and the space was exhausted. */
  ok: boolean;
  complete: boolean;
  states: number;
  edges: number;
  refused: number;
  maxDepth: number;
  durationMs: number;
  statesPerSecond: number;
  /** The abstraction explored (`default`, `large`, `xl`, or `custom` for explicit names). */
  abstraction: string;
  /** The presence names of the universe. */
  names: string[];
  /** What stepped the machine: `compiled` (the step kernel) or `xstate`. */
  engine: string;
  starts: string[];
  coverage: Coverage;
  checks: CheckOutcome[];
  goals: GoalOutcome[];
  /** The shortest counterexample of all, when any check fails. */
  violation?: VerifyTrace;
}

export interface VerifyOptions {
  doctrine: Doctrine;
  /** A variant (for example from `countryMachine.provide(...)`); default the real machine. */
  machine?: CountryMachine;
  maxStates?: number;
  starts?: readonly StartCase[];
  /** Presence names and default state limit (`universe.ts`); `names` overrides the names. */
  abstraction?: AbstractionId;
  names?: readonly string[];
  /** Stop after the shortest violations are found (see `ExploreOptions`). */
  stopAtFirstViolation?: boolean;
  /** How far the exploration has gone, every few thousand states (see `ExploreOptions`). */
  onProgress?: (progress: ExploreProgress) => void;
}

export function verifyCountryMachine(options: VerifyOptions): VerifyReport {
  const abstraction = ABSTRACTIONS[options.abstraction ?? 'default'];
  const names = options.names ?? abstraction.names;
  const x = exploreCountryMachine({
    ...options,
    names,
    maxStates: options.maxStates ?? abstraction.maxStates,
  });
  const descriptions = [
    ...INVARIANTS.map((i) => ({ id: i.id, description: i.description })),
    ...VERIFIER_CHECKS,
  ];
  let violation: VerifyTrace | undefined;
  const checks = descriptions.map(({ id, description }): CheckOutcome => {
    const finding = x.findings.get(id);
    if (!finding) return { id, description, holds: true };
    const counterexample = buildTrace(x, finding);
    if (!violation || counterexample.events.length < violation.events.length)
      violation = counterexample;
    return {
      id,
      description,
      holds: false,
      counterexample,
      replay: getReplayCommand(counterexample),
    };
  });
  const goals = GOALS.map((goal): GoalOutcome => {
    const witness = x.goals.get(goal.id);
    return witness
      ? { id: goal.id, description: goal.description, reached: true, length: witness.length }
      : { id: goal.id, description: goal.description, reached: false };
  });
  const ok = x.complete && checks.every((c) => c.holds) && goals.every((g) => g.reached);
  const report: VerifyReport = {
    machine: 'country',
    doctrine: x.doctrine,
    ok,
    complete: x.complete,
    states: x.nodes.length,
    edges: x.edges,
    refused: x.refused,
    maxDepth: x.maxDepth,
    durationMs: x.durationMs,
    statesPerSecond: x.durationMs > 0 ? (x.nodes.length / x.durationMs) * 1000 : 0,
    abstraction: options.names ? 'custom' : abstraction.id,
    names: [...names],
    engine: x.engine.name,
    starts: x.starts.map((s) => s.id),
    coverage: summarizeCoverage(x.outline, x.reachedStates, x.takenTransitions),
    checks,
    goals,
  };
  if (violation) report.violation = violation;
  return report;
}

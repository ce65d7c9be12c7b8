/**
 * Replay: a scenario's months through one country actor, into a timeline of periods and
 * handovers, with every continuity-of-care invariant checked on every step.
 */
import type { CountryMachine } from '../../machines/country.ts';
import type {
  AdoptedPlan,
  CountryEvent,
  OrphanedTask,
  Phase,
  TaskHandover,
} from '../../machines/country-types.ts';
import {
  REFORM_MONTH,
  createRegionalTeam,
  getDepartmentLine,
  type Doctrine,
  type LeadDepartment,
  type Month,
  type RegionalTeam,
} from '../domain/index.ts';
import {
  createCountryStepper,
  getPhase,
  getRefusalRule,
  getStage,
  type CountryEngine,
} from '../kernel/index.ts';
import { INVARIANTS, type InvariantId, type Invariant } from '../invariants/index.ts';
import { planScenario, type ScenarioWindow } from '../scenario/events.ts';
import { getFundingCliffs, roundMoney, type BudgetSpan, type FundingCliff } from './funding.ts';
import type { Scenario } from '../scenario/types.ts';

/** What held at the end of one month. */
export interface MonthState {
  month: Month;
  phase: Phase;
  stage: string | null;
  presences: string[];
  lead: LeadDepartment;
  informed: LeadDepartment;
  /** The id of the team that held the country. */
  team: string;
}

export interface Period {
  from: Month;
  to: Month;
  phase: Phase;
  /** The substate below the phase (`startUp`, `planning`, `earlyWarning`...). */
  stage: string | null;
  presences: string[];
  lead: LeadDepartment;
  informed: LeadDepartment;
  team: string;
}

/** A change of the team that held the country before 2019-01 (under `historical`). */
export interface TeamDiscontinuity {
  at: Month;
  from: string;
  to: string;
}

export interface TimelineHandover {
  at: Month;
  from: LeadDepartment;
  to: LeadDepartment;
}

export interface InvariantOutcome {
  id: InvariantId;
  holds: boolean;
  /** Where it first failed: the step's number, month, event and what broke. */
  step?: { index: number; month: Month | null; event: CountryEvent | null; message: string };
}

/** Assessed budget in force over one period of the timeline (USD millions per year). */
export interface FundingPeriod {
  from: Month;
  to: Month;
  assessed: number;
}

export type { FundingCliff } from './funding.ts';

export interface Funding {
  periods: FundingPeriod[];
  cliffs: FundingCliff[];
}

export interface RefusedEvent {
  month: Month;
  event: CountryEvent;
  reason: string;
}

/**
 * A presence whose source is not fully confirmed (DOMAIN.md): medium or low confidence in the
 * dataset, or a mandate whose number came from background knowledge. Shown wherever it is used.
 */
export interface SourceCaveat {
  presence: string;
  confidence?: 'medium' | 'low';
  mandate?: string;
}

export interface Timeline {
  country: string;
  iso3?: string;
  region: string;
  doctrine: Doctrine;
  team: RegionalTeam;
  window: ScenarioWindow;
  months: MonthState[];
  periods: Period[];
  handovers: TimelineHandover[];
  /** Team changes before 2019-01: what the shared regional structure removed. */
  discontinuities: TeamDiscontinuity[];
  invariants: InvariantOutcome[];
  refused: RefusedEvent[];
  steps: number;
  caveats: SourceCaveat[];
  /** Transition plans adopted (issue 12). */
  plans: AdoptedPlan[];
  /** Every task that went to a receiver, in order. */
  taskHandovers: TaskHandover[];
  /** Every task left with no receiver (a forced exit, a reversed transition). */
  orphanedTasks: OrphanedTask[];
  /** Present where the scenario gives budgets. */
  funding?: Funding;
}

export interface ReplayOptions {
  doctrine?: Doctrine;
  machine?: CountryMachine;
  invariants?: readonly Invariant[];
  /**
   * The engine that steps the machine: `compiled` (default, the fast path, proven equal to the
   * actor by the differential tests) or `actor` (one XState actor, as users' own code runs it).
   */
  engine?: CountryEngine;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Consecutive months with the same phase, stage, presences, lead, informed department and team. */
export function toPeriods(months: readonly MonthState[]): Period[] {
  const periods: Period[] = [];
  for (const m of months) {
    const last = periods[periods.length - 1];
    if (
      last &&
      last.phase === m.phase &&
      last.stage === m.stage &&
      last.lead === m.lead &&
      last.informed === m.informed &&
      last.team === m.team &&
      sameList(last.presences, m.presences)
    ) {
      last.to = m.month;
    } else {
      periods.push({
        from: m.month,
        to: m.month,
        phase: m.phase,
        stage: m.stage,
        presences: m.presences,
        lead: m.lead,
        informed: m.informed,
        team: m.team,
      });
    }
  }
  return periods;
}

/**
 * One handover for each month whose lead is on another line than the month before's (political
 * DPA/DPPA, operations DPKO/DPO): DPA becoming DPPA in 2019-01 is none, DPKO becoming DPPA is one.
 */
export function toHandovers(months: readonly MonthState[]): TimelineHandover[] {
  const handovers: TimelineHandover[] = [];
  for (let i = 1; i < months.length; i++) {
    const prev = months[i - 1] as MonthState;
    const cur = months[i] as MonthState;
    if (getDepartmentLine(cur.lead) !== getDepartmentLine(prev.lead)) {
      handovers.push({ at: cur.month, from: prev.lead, to: cur.lead });
    }
  }
  return handovers;
}

/** Every month before 2019-01 whose team differs from the month before's. */
export function toDiscontinuities(months: readonly MonthState[]): TeamDiscontinuity[] {
  const changes: TeamDiscontinuity[] = [];
  for (let i = 1; i < months.length; i++) {
    const prev = months[i - 1] as MonthState;
    const cur = months[i] as MonthState;
    if (cur.team !== prev.team && cur.month < REFORM_MONTH) {
      changes.push({ at: cur.month, from: prev.team, to: cur.team });
    }
  }
  return changes;
}

/** The presences of a scenario whose facts carry a caveat from the source. */
export function getSourceCaveats(scenario: Scenario): SourceCaveat[] {
  const caveats: SourceCaveat[] = [];
  for (const p of scenario.presences) {
    const weak = p.confidence === 'medium' || p.confidence === 'low' ? p.confidence : undefined;
    const unseen = p.mandate !== undefined && /background knowledge/i.test(p.mandate);
    if (weak === undefined && !unseen) continue;
    caveats.push({
      presence: p.name,
      ...(weak === undefined ? {} : { confidence: weak }),
      ...(unseen ? { mandate: p.mandate } : {}),
    });
  }
  return caveats;
}

/**
 * The assessed budget in force in each period, and the cliff after each budgeted presence ends
 * (`getFundingCliffs`, in month order); undefined when no presence has a budget. Both read the
 * presences the machine had in each month (`months`), not the spans the scenario wrote: where the
 * machine refused a deployment or a withdrawal, the budget follows what happened.
 */
export function toFunding(
  scenario: Scenario,
  window: ScenarioWindow,
  months: readonly MonthState[],
  periods: readonly Period[],
): Funding | undefined {
  const budgets = new Map<string, number>();
  for (const p of scenario.presences) if (p.budget !== undefined) budgets.set(p.name, p.budget);
  if (budgets.size === 0) return undefined;
  const spans = getBudgetSpans(budgets, months);
  const inForce = (names: readonly string[]): number =>
    roundMoney(names.reduce((sum, name) => sum + (budgets.get(name) ?? 0), 0));
  return {
    periods: periods.map((p) => ({ from: p.from, to: p.to, assessed: inForce(p.presences) })),
    cliffs: getFundingCliffs(spans, window).sort((a, b) =>
      a.lastAssessed < b.lastAssessed ? -1 : a.lastAssessed > b.lastAssessed ? 1 : 0,
    ),
  };
}

/**
 * Each run of consecutive months in which a budgeted presence was active, as a span (`to` null:
 * still active in the last month). A presence withdrawn and deployed again has one span per run.
 */
function getBudgetSpans(
  budgets: ReadonlyMap<string, number>,
  months: readonly MonthState[],
): BudgetSpan[] {
  const spans: BudgetSpan[] = [];
  const open = new Map<string, BudgetSpan>();
  let previous: Month | null = null;
  for (const { month, presences } of months) {
    const active = new Set(presences);
    for (const [name, span] of open) {
      if (active.has(name)) continue;
      span.to = previous;
      open.delete(name);
    }
    for (const name of presences) {
      const budget = budgets.get(name);
      if (budget === undefined || open.has(name)) continue;
      const span: BudgetSpan = { presence: name, from: month, to: null, budget };
      spans.push(span);
      open.set(name, span);
    }
    previous = month;
  }
  return spans;
}

export function replayScenario(scenario: Scenario, options: ReplayOptions = {}): Timeline {
  const plan = planScenario(scenario, options.doctrine);
  const invariants = options.invariants ?? INVARIANTS;
  const engine = options.engine ?? 'compiled';
  const stepper = createCountryStepper(plan.input, {
    engine,
    invariants,
    // A long history: the logs stay out of the state, so each step costs the same.
    trimLogs: engine === 'compiled',
    ...(options.machine ? { machine: options.machine } : {}),
  });
  const failures = new Map<InvariantId, InvariantOutcome>();
  const record = (id: InvariantId, index: number, event: CountryEvent | null, message: string) => {
    if (!failures.has(id)) {
      const month = event?.month ?? stepper.state.context.month;
      failures.set(id, { id, holds: false, step: { index, month, event, message } });
    }
  };
  for (const v of stepper.initialViolations) record(v.id, -1, null, v.message);
  const months: MonthState[] = [];
  const refused: RefusedEvent[] = [];
  for (const { month, events } of plan.months) {
    for (const event of events) {
      const index = stepper.index;
      const before = stepper.state;
      const result = stepper.step(event);
      if (!result.accepted) {
        const reason = result.reason ?? 'refused';
        refused.push({ month, event, reason });
        // A history that needs a task event the rules refuse breaks continuity of care.
        const rule = getRefusalRule(before.value, before.context, event);
        if (rule !== null && invariants.some((inv) => inv.id === rule)) {
          record(rule, index, event, `the history as written breaks it: ${reason}`);
        }
      }
      for (const v of result.violations) record(v.id, index, event, v.message);
    }
    const { context, value } = stepper.state;
    months.push({
      month,
      phase: getPhase(value),
      stage: getStage(value),
      presences: context.presences.map((p) => p.name),
      lead: context.lead,
      informed: context.informed,
      team: context.team.id,
    });
  }
  const { plans, taskHandovers, orphanedTasks } = stepper.logs();
  stepper.stop();
  const periods = toPeriods(months);
  const funding = toFunding(scenario, plan.window, months, periods);
  // The shared regional team: the country's team from 2019-01 whatever the doctrine.
  const team = createRegionalTeam(scenario.region, scenario.country);
  return {
    country: scenario.country,
    ...(scenario.iso3 === undefined ? {} : { iso3: scenario.iso3 }),
    region: scenario.region,
    doctrine: plan.input.doctrine ?? stepper.state.context.doctrine,
    team,
    window: plan.window,
    months,
    periods,
    handovers: toHandovers(months),
    discontinuities: toDiscontinuities(months),
    invariants: invariants.map((inv) => failures.get(inv.id) ?? { id: inv.id, holds: true }),
    refused,
    steps: stepper.index,
    caveats: getSourceCaveats(scenario),
    plans: plans.map((p) => ({ ...p, receivers: { ...p.receivers } })),
    taskHandovers: taskHandovers.map((h) => ({ ...h })),
    orphanedTasks: orphanedTasks.map((o) => ({ ...o })),
    ...(funding === undefined ? {} : { funding }),
  };
}

/**
 * Replay: a scenario's months through one country actor, into a timeline of periods and
 * handovers, with every continuity-of-care invariant checked on every step.
 */
import type { CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, Phase } from '../../machines/country-types.ts';
import type { Department, Doctrine, Month, RegionalTeam } from '../domain/index.ts';
import { createCountryStepper, getPhase, getStage, type CountryEngine } from '../kernel/index.ts';
import { INVARIANTS, type InvariantId, type Invariant } from '../invariants/index.ts';
import { planScenario, type ScenarioWindow } from '../scenario/events.ts';
import type { Scenario } from '../scenario/types.ts';

/** What held at the end of one month. */
export interface MonthState {
  month: Month;
  phase: Phase;
  stage: string | null;
  presences: string[];
  lead: Department;
  informed: Department;
}

export interface Period {
  from: Month;
  to: Month;
  phase: Phase;
  presences: string[];
  lead: Department;
  informed: Department;
  team: string;
}

export interface TimelineHandover {
  at: Month;
  from: Department;
  to: Department;
}

export interface InvariantOutcome {
  id: InvariantId;
  holds: boolean;
  /** Where it first failed: the step's number, month, event and what broke. */
  step?: { index: number; month: Month | null; event: CountryEvent | null; message: string };
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
  invariants: InvariantOutcome[];
  refused: RefusedEvent[];
  steps: number;
  caveats: SourceCaveat[];
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

/** Consecutive months with the same phase, presences, lead and informed department. */
export function toPeriods(months: readonly MonthState[], team: string): Period[] {
  const periods: Period[] = [];
  for (const m of months) {
    const last = periods[periods.length - 1];
    if (
      last &&
      last.phase === m.phase &&
      last.lead === m.lead &&
      last.informed === m.informed &&
      sameList(last.presences, m.presences)
    ) {
      last.to = m.month;
    } else {
      periods.push({
        from: m.month,
        to: m.month,
        phase: m.phase,
        presences: m.presences,
        lead: m.lead,
        informed: m.informed,
        team,
      });
    }
  }
  return periods;
}

/** One handover for each month whose lead differs from the month before. */
export function toHandovers(months: readonly MonthState[]): TimelineHandover[] {
  const handovers: TimelineHandover[] = [];
  for (let i = 1; i < months.length; i++) {
    const prev = months[i - 1] as MonthState;
    const cur = months[i] as MonthState;
    if (cur.lead !== prev.lead) handovers.push({ at: cur.month, from: prev.lead, to: cur.lead });
  }
  return handovers;
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

export function replayScenario(scenario: Scenario, options: ReplayOptions = {}): Timeline {
  const plan = planScenario(scenario, options.doctrine);
  const invariants = options.invariants ?? INVARIANTS;
  const stepper = createCountryStepper(plan.input, {
    engine: options.engine ?? 'compiled',
    invariants,
    ...(options.machine ? { machine: options.machine } : {}),
  });
  const failures = new Map<InvariantId, InvariantOutcome>();
  const record = (id: InvariantId, index: number, event: CountryEvent | null, message: string) => {
    if (!failures.has(id)) {
      const month = stepper.state.context.month;
      failures.set(id, { id, holds: false, step: { index, month, event, message } });
    }
  };
  for (const v of stepper.initialViolations) record(v.id, -1, null, v.message);
  const months: MonthState[] = [];
  const refused: RefusedEvent[] = [];
  for (const { month, events } of plan.months) {
    for (const event of events) {
      const index = stepper.index;
      const result = stepper.step(event);
      if (!result.accepted) refused.push({ month, event, reason: result.reason ?? 'refused' });
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
    });
  }
  stepper.stop();
  const state = stepper.state;
  const team = state.context.team;
  return {
    country: scenario.country,
    ...(scenario.iso3 === undefined ? {} : { iso3: scenario.iso3 }),
    region: scenario.region,
    doctrine: plan.input.doctrine ?? state.context.doctrine,
    team,
    window: plan.window,
    months,
    periods: toPeriods(months, team.id),
    handovers: toHandovers(months),
    invariants: invariants.map((inv) => failures.get(inv.id) ?? { id: inv.id, holds: true }),
    refused,
    steps: stepper.index,
    caveats: getSourceCaveats(scenario),
  };
}

/**
 * Replay: a scenario's months through one country actor, into a timeline of periods and
 * handovers, with every continuity-of-care invariant checked on every step.
 */
import { createActor } from 'xstate';
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, Phase } from '../../machines/country-types.ts';
import {
  REFORM_MONTH,
  createRegionalTeam,
  getDepartmentLine,
  type Doctrine,
  type LeadDepartment,
  type Month,
  type RegionalTeam,
} from '../domain/index.ts';
import { explainEvent } from '../country/explain.ts';
import { getPhase, getStage, toCountryState } from '../country/state.ts';
import {
  INVARIANTS,
  checkState,
  checkStep,
  type InvariantId,
  type Invariant,
} from '../invariants/index.ts';
import { planScenario, type ScenarioWindow } from '../scenario/events.ts';
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
}

export interface ReplayOptions {
  doctrine?: Doctrine;
  machine?: CountryMachine;
  invariants?: readonly Invariant[];
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

export function replayScenario(scenario: Scenario, options: ReplayOptions = {}): Timeline {
  const plan = planScenario(scenario, options.doctrine);
  const invariants = options.invariants ?? INVARIANTS;
  const actor = createActor(options.machine ?? countryMachine, { input: plan.input });
  actor.start();
  let snapshot = actor.getSnapshot();
  let state = toCountryState(snapshot);
  const failures = new Map<InvariantId, InvariantOutcome>();
  const record = (id: InvariantId, index: number, event: CountryEvent | null, message: string) => {
    if (!failures.has(id)) {
      failures.set(id, {
        id,
        holds: false,
        step: { index, month: state.context.month, event, message },
      });
    }
  };
  for (const v of checkState(state, invariants)) record(v.id, -1, null, v.message);
  const months: MonthState[] = [];
  const refused: RefusedEvent[] = [];
  let index = 0;
  for (const { month, events } of plan.months) {
    for (const event of events) {
      actor.send(event);
      const next = actor.getSnapshot();
      const accepted = next !== snapshot;
      if (!accepted) refused.push({ month, event, reason: explainReason(snapshot, event) });
      const after = accepted ? toCountryState(next) : state;
      const violations = checkStep({ index, before: state, event, after, accepted }, invariants);
      snapshot = next;
      state = after;
      for (const v of violations) record(v.id, index, event, v.message);
      index++;
    }
    const { context, value } = state;
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
  actor.stop();
  // The shared regional team: the country's team from 2019-01 whatever the doctrine.
  const team = createRegionalTeam(scenario.region, scenario.country);
  return {
    country: scenario.country,
    ...(scenario.iso3 === undefined ? {} : { iso3: scenario.iso3 }),
    region: scenario.region,
    doctrine: plan.input.doctrine ?? state.context.doctrine,
    team,
    window: plan.window,
    months,
    periods: toPeriods(months),
    handovers: toHandovers(months),
    discontinuities: toDiscontinuities(months),
    invariants: invariants.map((inv) => failures.get(inv.id) ?? { id: inv.id, holds: true }),
    refused,
    steps: index,
    caveats: getSourceCaveats(scenario),
  };
}

function explainReason(snapshot: Parameters<typeof explainEvent>[0], event: CountryEvent): string {
  const verdict = explainEvent(snapshot, event);
  return verdict.accepted ? 'refused' : verdict.reason;
}

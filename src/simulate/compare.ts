/**
 * The doctrines side by side: replay one scenario as it happened (`historical`) and under the two
 * counterfactuals (`note-2017`, `adopted-2019`), and compare them month by month: where the lead is
 * on another line (political DPA/DPPA, operations DPKO/DPO), which handovers only one doctrine has,
 * and how many team discontinuities each leaves (only `historical` has any, before 2019-01).
 */
import {
  DOCTRINES,
  countMonths,
  getDepartmentLine,
  type Doctrine,
  type LeadDepartment,
  type Month,
} from '../domain/index.ts';
import type { InvariantId } from '../invariants/index.ts';
import type { ScenarioWindow } from '../scenario/events.ts';
import type { Scenario } from '../scenario/types.ts';
import {
  replayScenario,
  type TeamDiscontinuity,
  type Timeline,
  type TimelineHandover,
} from './replay.ts';

/** A run of consecutive months where the doctrines put the lead on different lines. */
export interface LeadDifference {
  from: Month;
  to: Month;
  months: number;
  /** The lead under each doctrine over the run. */
  lead: Record<Doctrine, LeadDepartment>;
}

export interface InvariantTally {
  held: number;
  total: number;
  failed: InvariantId[];
}

export interface DoctrineComparison {
  country: string;
  iso3?: string;
  region: string;
  window: ScenarioWindow;
  /** Months in the window. */
  months: number;
  leadDiffers: LeadDifference[];
  /** Total months where the leads differ. */
  monthsDiffering: number;
  handovers: Record<Doctrine, TimelineHandover[]>;
  /** Handovers (same month, from and to lines) under one doctrine and under no other. */
  onlyIn: Record<Doctrine, TimelineHandover[]>;
  /** Team changes before 2019-01: the discontinuities the shared regional team removed. */
  discontinuities: Record<Doctrine, TeamDiscontinuity[]>;
  invariants: Record<Doctrine, InvariantTally>;
}

/** How many invariants held in a timeline, and which failed. */
export function tallyInvariants(timeline: Timeline): InvariantTally {
  const failed = timeline.invariants.filter((i) => !i.holds).map((i) => i.id);
  return {
    held: timeline.invariants.length - failed.length,
    total: timeline.invariants.length,
    failed,
  };
}

/** Handovers are the same when they fall in the same month between the same lines. */
const handoverKey = (h: TimelineHandover): string =>
  `${h.at} ${getDepartmentLine(h.from)} ${getDepartmentLine(h.to)}`;

function without(
  a: readonly TimelineHandover[],
  others: readonly (readonly TimelineHandover[])[],
): TimelineHandover[] {
  const keys = new Set(others.flat().map(handoverKey));
  return a.filter((h) => !keys.has(handoverKey(h))).map((h) => ({ ...h }));
}

function perDoctrine<T>(f: (d: Doctrine) => T): Record<Doctrine, T> {
  return Object.fromEntries(DOCTRINES.map((d) => [d, f(d)])) as Record<Doctrine, T>;
}

/**
 * Compares the replays of one scenario under every doctrine, month by month
 * (`timeline.months`). Months missing from any of them are ignored.
 */
export function compareTimelines(timelines: Record<Doctrine, Timeline>): DoctrineComparison {
  const base = timelines[DOCTRINES[0]];
  const leads = perDoctrine((d) => new Map(timelines[d].months.map((m) => [m.month, m.lead])));
  const leadDiffers: LeadDifference[] = [];
  let previous: Month | null = null;
  for (const m of base.months) {
    const lead = perDoctrine((d) => leads[d].get(m.month));
    const known = DOCTRINES.every((d) => lead[d] !== undefined);
    const lines = new Set(DOCTRINES.map((d) => (lead[d] ? getDepartmentLine(lead[d]) : '')));
    if (!known || lines.size === 1) {
      previous = null;
      continue;
    }
    const complete = lead as Record<Doctrine, LeadDepartment>;
    const last = leadDiffers[leadDiffers.length - 1];
    if (last && previous !== null && DOCTRINES.every((d) => last.lead[d] === complete[d])) {
      last.to = m.month;
      last.months = countMonths(last.from, last.to);
    } else {
      leadDiffers.push({ from: m.month, to: m.month, months: 1, lead: complete });
    }
    previous = m.month;
  }
  return {
    country: base.country,
    ...(base.iso3 === undefined ? {} : { iso3: base.iso3 }),
    region: base.region,
    window: { ...base.window },
    months: base.months.length,
    leadDiffers,
    monthsDiffering: leadDiffers.reduce((sum, d) => sum + d.months, 0),
    handovers: perDoctrine((d) => timelines[d].handovers.map((h) => ({ ...h }))),
    onlyIn: perDoctrine((d) =>
      without(
        timelines[d].handovers,
        DOCTRINES.filter((o) => o !== d).map((o) => timelines[o].handovers),
      ),
    ),
    discontinuities: perDoctrine((d) => timelines[d].discontinuities.map((x) => ({ ...x }))),
    invariants: perDoctrine((d) => tallyInvariants(timelines[d])),
  };
}

/** Replays `scenario` under each doctrine (the file's own `doctrine` is overridden). */
export function replayAllDoctrines(scenario: Scenario): Record<Doctrine, Timeline> {
  return perDoctrine((doctrine) => replayScenario(scenario, { doctrine }));
}

/** Every doctrine side by side for one scenario. */
export function compareDoctrines(scenario: Scenario): DoctrineComparison {
  return compareTimelines(replayAllDoctrines(scenario));
}

/**
 * The two doctrines side by side: replay one scenario under `note-2017` and `adopted-2019` and
 * compare their month-by-month states: where the lead differs, and which handovers only one has.
 */
import {
  DOCTRINES,
  countMonths,
  type Department,
  type Doctrine,
  type Month,
} from '../domain/index.ts';
import type { InvariantId } from '../invariants/index.ts';
import type { ScenarioWindow } from '../scenario/events.ts';
import type { Scenario } from '../scenario/types.ts';
import { replayScenario, type Timeline, type TimelineHandover } from './replay.ts';

/** A run of consecutive months where the two doctrines give different leads. */
export interface LeadDifference {
  from: Month;
  to: Month;
  months: number;
  /** The lead under each doctrine over the run. */
  lead: Record<Doctrine, Department>;
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
  /** Handovers (same month, from and to) present under one doctrine and not the other. */
  onlyIn: Record<Doctrine, TimelineHandover[]>;
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

const handoverKey = (h: TimelineHandover): string => `${h.at} ${h.from} ${h.to}`;

function without(
  a: readonly TimelineHandover[],
  b: readonly TimelineHandover[],
): TimelineHandover[] {
  const keys = new Set(b.map(handoverKey));
  return a.filter((h) => !keys.has(handoverKey(h))).map((h) => ({ ...h }));
}

/**
 * Compares two replays of the same scenario, `note` under note-2017 and `adopted` under
 * adopted-2019, month by month (`timeline.months`). Months present in only one are ignored.
 */
export function compareTimelines(note: Timeline, adopted: Timeline): DoctrineComparison {
  const adoptedLead = new Map(adopted.months.map((m) => [m.month, m.lead]));
  const leadDiffers: LeadDifference[] = [];
  let previous: Month | null = null;
  for (const m of note.months) {
    const other = adoptedLead.get(m.month);
    if (other === undefined || other === m.lead) {
      previous = null;
      continue;
    }
    const last = leadDiffers[leadDiffers.length - 1];
    if (
      last &&
      previous !== null &&
      last.lead['note-2017'] === m.lead &&
      last.lead['adopted-2019'] === other
    ) {
      last.to = m.month;
      last.months = countMonths(last.from, last.to);
    } else {
      leadDiffers.push({
        from: m.month,
        to: m.month,
        months: 1,
        lead: { 'note-2017': m.lead, 'adopted-2019': other },
      });
    }
    previous = m.month;
  }
  return {
    country: note.country,
    ...(note.iso3 === undefined ? {} : { iso3: note.iso3 }),
    region: note.region,
    window: { ...note.window },
    months: note.months.length,
    leadDiffers,
    monthsDiffering: leadDiffers.reduce((sum, d) => sum + d.months, 0),
    handovers: {
      'note-2017': note.handovers.map((h) => ({ ...h })),
      'adopted-2019': adopted.handovers.map((h) => ({ ...h })),
    },
    onlyIn: {
      'note-2017': without(note.handovers, adopted.handovers),
      'adopted-2019': without(adopted.handovers, note.handovers),
    },
    invariants: { 'note-2017': tallyInvariants(note), 'adopted-2019': tallyInvariants(adopted) },
  };
}

/** Replays `scenario` under each doctrine (the file's own `doctrine` is overridden). */
export function replayBothDoctrines(scenario: Scenario): Record<Doctrine, Timeline> {
  const [note, adopted] = DOCTRINES.map((doctrine) => replayScenario(scenario, { doctrine }));
  return { 'note-2017': note as Timeline, 'adopted-2019': adopted as Timeline };
}

/** The two doctrines side by side for one scenario. */
export function compareDoctrines(scenario: Scenario): DoctrineComparison {
  const timelines = replayBothDoctrines(scenario);
  return compareTimelines(timelines['note-2017'], timelines['adopted-2019']);
}

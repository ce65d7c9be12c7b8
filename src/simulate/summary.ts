/**
 * The summary `npm start` prints: one row per country with its handovers under each doctrine and
 * how many invariants held, and a total line.
 */
import { DOCTRINES, type Doctrine } from '../domain/index.ts';
import type { Scenario } from '../scenario/types.ts';
import { replayBothDoctrines, tallyInvariants, type InvariantTally } from './compare.ts';
import {
  csvField,
  displayWidth,
  paint,
  renderColumns,
  renderMarkdownTable,
  type TextStyle,
  type TimelineFormat,
} from './format.ts';
import type { Timeline } from './replay.ts';

export interface ReplaySummaryRow {
  /** Scenario id, when the scenario came from the catalogue or a file. */
  id?: string;
  country: string;
  region: string;
  months: number;
  handovers: Record<Doctrine, number>;
  invariants: Record<Doctrine, InvariantTally>;
}

export interface ReplaySummary {
  rows: ReplaySummaryRow[];
  total: {
    countries: number;
    months: number;
    handovers: Record<Doctrine, number>;
    invariants: Record<Doctrine, { held: number; total: number }>;
  };
  /** Every invariant held for every country under both doctrines. */
  allHold: boolean;
}

/** One summary row from the two replays of a scenario. */
export function toReplaySummaryRow(
  timelines: Record<Doctrine, Timeline>,
  id?: string,
): ReplaySummaryRow {
  const note = timelines['note-2017'];
  return {
    ...(id === undefined ? {} : { id }),
    country: note.country,
    region: note.region,
    months: note.months.length,
    handovers: {
      'note-2017': note.handovers.length,
      'adopted-2019': timelines['adopted-2019'].handovers.length,
    },
    invariants: {
      'note-2017': tallyInvariants(note),
      'adopted-2019': tallyInvariants(timelines['adopted-2019']),
    },
  };
}

/** Adds up rows into a summary with its total line. */
export function toReplaySummary(rows: ReplaySummaryRow[]): ReplaySummary {
  const sum = (f: (r: ReplaySummaryRow) => number): number => rows.reduce((n, r) => n + f(r), 0);
  const perDoctrine = <T>(f: (d: Doctrine) => T): Record<Doctrine, T> => ({
    'note-2017': f('note-2017'),
    'adopted-2019': f('adopted-2019'),
  });
  return {
    rows,
    total: {
      countries: rows.length,
      months: sum((r) => r.months),
      handovers: perDoctrine((d) => sum((r) => r.handovers[d])),
      invariants: perDoctrine((d) => ({
        held: sum((r) => r.invariants[d].held),
        total: sum((r) => r.invariants[d].total),
      })),
    },
    allHold: rows.every((r) => DOCTRINES.every((d) => r.invariants[d].failed.length === 0)),
  };
}

/** Replays every scenario under both doctrines and summarises. */
export function summarizeScenarios(
  entries: readonly { id?: string; scenario: Scenario }[],
): ReplaySummary {
  return toReplaySummary(
    entries.map((e) => toReplaySummaryRow(replayBothDoctrines(e.scenario), e.id)),
  );
}

function held(tally: { held: number; total: number }, style: TextStyle): string {
  const ok = tally.held === tally.total;
  return `${tally.held}/${tally.total} ${ok ? paint(style, 'green', '\u2713') : paint(style, 'red', '\u2717')}`;
}

const HEADER = [
  'country',
  'region',
  'months',
  'note-2017',
  'adopted-2019',
  'note-2017',
  'adopted-2019',
];

function cells(summary: ReplaySummary, style: TextStyle): { rows: string[][]; total: string[] } {
  const rows = summary.rows.map((r) => [
    r.country,
    r.region,
    String(r.months),
    String(r.handovers['note-2017']),
    String(r.handovers['adopted-2019']),
    held(r.invariants['note-2017'], style),
    held(r.invariants['adopted-2019'], style),
  ]);
  const t = summary.total;
  const total = [
    `total (${t.countries} countries)`,
    '',
    String(t.months),
    String(t.handovers['note-2017']),
    String(t.handovers['adopted-2019']),
    held(t.invariants['note-2017'], style),
    held(t.invariants['adopted-2019'], style),
  ];
  return { rows, total };
}

/** The summary as an aligned table (handovers and invariants held per doctrine), JSON, CSV or Markdown. */
export function formatReplaySummary(
  summary: ReplaySummary,
  format: TimelineFormat,
  style: TextStyle,
): string {
  if (format === 'json') return `${JSON.stringify(summary, null, 2)}\n`;
  const plain = format === 'table' ? style : { color: false };
  const { rows, total } = cells(summary, plain);
  if (format === 'csv') {
    const header = [
      'country',
      'region',
      'months',
      'handovers note-2017',
      'handovers adopted-2019',
      'invariants note-2017',
      'invariants adopted-2019',
    ];
    return `${[header, ...rows, total].map((r) => r.map(csvField).join(',')).join('\n')}\n`;
  }
  if (format === 'markdown') {
    const header = [
      'country',
      'region',
      'months',
      'handovers (note-2017)',
      'handovers (adopted-2019)',
      'invariants held (note-2017)',
      'invariants held (adopted-2019)',
    ];
    return `${renderMarkdownTable(header, [...rows, total.map((c) => (c ? `**${c}**` : c))]).join('\n')}\n`;
  }
  const groups = ['', '', '', 'handovers', '', 'invariants', ''];
  const lines = renderColumns([groups, HEADER, ...rows, total], [2, 3, 4]);
  const ruleWidth = Math.max(...lines.map(displayWidth));
  const rule = '\u2500'.repeat(ruleWidth);
  const [group = '', head = '', ...body] = lines;
  const last = body.pop() ?? '';
  return `${[paint(style, 'dim', group), paint(style, 'bold', head), ...body, rule, paint(style, 'bold', last)].join('\n')}\n`;
}

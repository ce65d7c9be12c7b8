/**
 * The summary `npm start` prints: one row per country with its handovers under each doctrine, the
 * team discontinuities as it happened (`historical`, before 2019-01), how many invariants held, and
 * a total line.
 */
import { DOCTRINES, type Doctrine } from '../domain/index.ts';
import type { Scenario } from '../scenario/types.ts';
import { replayAllDoctrines, tallyInvariants, type InvariantTally } from './compare.ts';
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

export interface SummaryRow {
  /** Scenario id, when the scenario came from the catalogue or a file. */
  id?: string;
  country: string;
  region: string;
  months: number;
  handovers: Record<Doctrine, number>;
  /** Team changes before 2019-01 under `historical` (the counterfactuals have none). */
  discontinuities: number;
  invariants: Record<Doctrine, InvariantTally>;
}

export interface Summary {
  rows: SummaryRow[];
  total: {
    countries: number;
    months: number;
    handovers: Record<Doctrine, number>;
    discontinuities: number;
    invariants: Record<Doctrine, { held: number; total: number }>;
  };
  /** Every invariant held for every country under every doctrine. */
  allHold: boolean;
}

function perDoctrine<T>(f: (d: Doctrine) => T): Record<Doctrine, T> {
  return Object.fromEntries(DOCTRINES.map((d) => [d, f(d)])) as Record<Doctrine, T>;
}

/** One summary row from the replays of a scenario under every doctrine. */
export function toSummaryRow(timelines: Record<Doctrine, Timeline>, id?: string): SummaryRow {
  const history = timelines.historical;
  return {
    ...(id === undefined ? {} : { id }),
    country: history.country,
    region: history.region,
    months: history.months.length,
    handovers: perDoctrine((d) => timelines[d].handovers.length),
    discontinuities: history.discontinuities.length,
    invariants: perDoctrine((d) => tallyInvariants(timelines[d])),
  };
}

/** Adds up rows into a summary with its total line. */
export function toSummary(rows: SummaryRow[]): Summary {
  const sum = (f: (r: SummaryRow) => number): number => rows.reduce((n, r) => n + f(r), 0);
  return {
    rows,
    total: {
      countries: rows.length,
      months: sum((r) => r.months),
      handovers: perDoctrine((d) => sum((r) => r.handovers[d])),
      discontinuities: sum((r) => r.discontinuities),
      invariants: perDoctrine((d) => ({
        held: sum((r) => r.invariants[d].held),
        total: sum((r) => r.invariants[d].total),
      })),
    },
    allHold: rows.every((r) => DOCTRINES.every((d) => r.invariants[d].failed.length === 0)),
  };
}

/** Replays every scenario under every doctrine and summarises. */
export function summarizeScenarios(
  entries: readonly { id?: string; scenario: Scenario }[],
): Summary {
  return toSummary(entries.map((e) => toSummaryRow(replayAllDoctrines(e.scenario), e.id)));
}

function held(tally: { held: number; total: number }, style: TextStyle): string {
  const ok = tally.held === tally.total;
  return `${tally.held}/${tally.total} ${ok ? paint(style, 'green', '\u2713') : paint(style, 'red', '\u2717')}`;
}

const HEADER = ['country', 'region', 'months', ...DOCTRINES, 'team changes', ...DOCTRINES];

function cells(summary: Summary, style: TextStyle): { rows: string[][]; total: string[] } {
  const rows = summary.rows.map((r) => [
    r.country,
    r.region,
    String(r.months),
    ...DOCTRINES.map((d) => String(r.handovers[d])),
    String(r.discontinuities),
    ...DOCTRINES.map((d) => held(r.invariants[d], style)),
  ]);
  const t = summary.total;
  const total = [
    `total (${t.countries} countries)`,
    '',
    String(t.months),
    ...DOCTRINES.map((d) => String(t.handovers[d])),
    String(t.discontinuities),
    ...DOCTRINES.map((d) => held(t.invariants[d], style)),
  ];
  return { rows, total };
}

/** The summary as an aligned table (handovers and invariants held per doctrine), JSON, CSV or Markdown. */
export function formatSummary(summary: Summary, format: TimelineFormat, style: TextStyle): string {
  if (format === 'json') return `${JSON.stringify(summary, null, 2)}\n`;
  const plain = format === 'table' ? style : { color: false };
  const { rows, total } = cells(summary, plain);
  if (format === 'csv') {
    const header = [
      'country',
      'region',
      'months',
      ...DOCTRINES.map((d) => `handovers ${d}`),
      'team discontinuities historical',
      ...DOCTRINES.map((d) => `invariants ${d}`),
    ];
    return `${[header, ...rows, total].map((r) => r.map(csvField).join(',')).join('\n')}\n`;
  }
  if (format === 'markdown') {
    const header = [
      'country',
      'region',
      'months',
      ...DOCTRINES.map((d) => `handovers (${d})`),
      'team discontinuities (historical)',
      ...DOCTRINES.map((d) => `invariants held (${d})`),
    ];
    return `${renderMarkdownTable(header, [...rows, total.map((c) => (c ? `**${c}**` : c))]).join('\n')}\n`;
  }
  const groups = ['', '', '', 'handovers', '', '', 'historical', 'invariants', '', ''];
  const lines = renderColumns([groups, HEADER, ...rows, total], [2, 3, 4, 5, 6]);
  const ruleWidth = Math.max(...lines.map(displayWidth));
  const rule = '\u2500'.repeat(ruleWidth);
  const [group = '', head = '', ...body] = lines;
  const last = body.pop() ?? '';
  return `${[paint(style, 'dim', group), paint(style, 'bold', head), ...body, rule, paint(style, 'bold', last)].join('\n')}\n`;
}

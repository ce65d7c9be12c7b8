/**
 * Renderers of replay timelines: the JSON contract of DESIGN.md, an aligned table for people,
 * CSV (one row per period) and Markdown. Pure: text in, text out; no terminal or file access.
 */
import type { CountryEvent } from '../../machines/country-types.ts';
import { countMonths } from '../domain/index.ts';
import { escapeControl } from '../io/errors.ts';
import type {
  Funding,
  FundingPeriod,
  InvariantOutcome,
  Period,
  Timeline,
  TimelineHandover,
} from './replay.ts';

export const TIMELINE_FORMATS = ['table', 'json', 'csv', 'markdown'] as const;
export type TimelineFormat = (typeof TIMELINE_FORMATS)[number];

export interface TextStyle {
  /** ANSI colours and bold; off for pipes, files and NO_COLOR. */
  color: boolean;
}

const ANSI = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33' } as const;
type Ansi = keyof typeof ANSI;

/** Wraps `text` in an ANSI code when colour is on. */
export function paint(style: TextStyle, code: Ansi, text: string): string {
  return style.color && text !== '' ? `\u001b[${ANSI[code]}m${text}\u001b[0m` : text;
}

/** Display width: code points, ANSI sequences not counted. */
export function displayWidth(text: string): number {
  // eslint-disable-next-line no-control-regex
  return [...text.replace(/\u001b\[[0-9;]*m/g, '')].length;
}

/**
 * Aligned columns separated by two spaces; `right` lists the columns aligned right. Trailing
 * spaces are trimmed.
 */
export function renderColumns(
  rows: readonly (readonly string[])[],
  right: readonly number[] = [],
): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - displayWidth(cell));
        return right.includes(i) ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** One CSV field, quoted when it holds a comma, quote, line break or edge space. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text from a file made safe for Markdown: `&`, `<` and `>` as HTML entities (so a name cannot
 * carry `<script>` into a rendered page), control characters made visible.
 */
export function escapeMarkdown(text: string): string {
  return escapeControl(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}

/** A Markdown table; HTML, `|` and line breaks in cells are escaped. */
export function renderMarkdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const cell = (text: string): string =>
    escapeMarkdown(text.replace(/\r?\n/g, ' ')).replace(/\|/g, '\\|');
  const line = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

/** A machine event in a few words: `WITHDRAW UNIPSIL`, `DEPLOY UNAMSIL (pko)`. */
export function getEventLabel(event: CountryEvent | null): string {
  if (event === null) return 'initial state';
  switch (event.type) {
    case 'DEPLOY':
      return `DEPLOY ${event.presence.name} (${event.presence.kind})`;
    case 'RENEW_MANDATE':
    case 'FINAL_MANDATE':
    case 'BEGIN_TRANSITION':
    case 'DRAWDOWN':
    case 'WITHDRAW':
      return `${event.type} ${event.presence}`;
    case 'FORCED_EXIT':
      return `FORCED_EXIT ${event.cause}`;
    case 'REQUEST_SERVICE':
      return `REQUEST_SERVICE ${event.service}`;
    default:
      return event.type;
  }
}

/** Where and why an invariant failed, in one line; empty when it holds. */
export function describeFailure(outcome: InvariantOutcome): string {
  if (outcome.holds || !outcome.step) return '';
  const { index, month, event, message } = outcome.step;
  const at = index < 0 ? 'initial state' : `step ${index}`;
  return `${at}, ${month ?? 'no month'}, ${getEventLabel(event)}: ${message}`;
}

/** The handover that starts `period`, if any. */
function handoverAt(
  handovers: readonly TimelineHandover[],
  period: Period,
): TimelineHandover | undefined {
  return handovers.find((h) => h.at === period.from);
}

function handoverMark(h: TimelineHandover | undefined): string {
  return h ? `\u21c4 ${h.from}\u2192${h.to}` : '';
}

/** The header line of one timeline: country, region, team, doctrine, window. */
export function describeTimeline(t: Timeline): string {
  const name = t.iso3 ? `${t.country} (${t.iso3})` : t.country;
  return `${name} \u00b7 region ${t.region} \u00b7 team ${t.team.id} \u00b7 doctrine ${t.doctrine} \u00b7 ${t.window.start}..${t.window.end}`;
}

/** The JSON contract of `pillar replay --format json` (DESIGN.md), for one timeline. */
export interface TimelineJson {
  country: string;
  iso3?: string;
  region: string;
  doctrine: string;
  team: { id: string; region: string; asg: string };
  window: { start: string; end: string };
  periods: {
    from: string;
    to: string;
    phase: string;
    stage: string | null;
    presences: string[];
    lead: string;
    informed: string;
    team: string;
  }[];
  handovers: { at: string; from: string; to: string }[];
  discontinuities: { at: string; from: string; to: string }[];
  invariants: InvariantOutcome[];
  refused: { month: string; event: CountryEvent; reason: string }[];
  caveats: { presence: string; confidence?: 'medium' | 'low'; mandate?: string }[];
  plans: {
    at: string | null;
    presence: string;
    gender: boolean;
    receivers: Record<string, string>;
  }[];
  taskHandovers: { at: string | null; presence: string; task: string; to: string }[];
  orphanedTasks: { at: string | null; presence: string; task: string; cause: string }[];
  funding?: Funding;
}

/** The contract object of one timeline (fresh copies: no shared arrays with the timeline). */
export function toTimelineJson(t: Timeline): TimelineJson {
  return {
    country: t.country,
    ...(t.iso3 === undefined ? {} : { iso3: t.iso3 }),
    region: t.region,
    doctrine: t.doctrine,
    team: { id: t.team.id, region: t.team.region, asg: t.team.asg },
    window: { start: t.window.start, end: t.window.end },
    periods: t.periods.map((p) => ({
      from: p.from,
      to: p.to,
      phase: p.phase,
      stage: p.stage,
      presences: [...p.presences],
      lead: p.lead,
      informed: p.informed,
      team: p.team,
    })),
    handovers: t.handovers.map((h) => ({ at: h.at, from: h.from, to: h.to })),
    discontinuities: t.discontinuities.map((d) => ({ at: d.at, from: d.from, to: d.to })),
    invariants: t.invariants.map((i) =>
      i.step ? { id: i.id, holds: i.holds, step: i.step } : { id: i.id, holds: i.holds },
    ),
    refused: t.refused.map((r) => ({ month: r.month, event: r.event, reason: r.reason })),
    caveats: t.caveats.map((c) => ({ ...c })),
    plans: t.plans.map((p) => ({
      at: p.at,
      presence: p.presence,
      gender: p.gender,
      receivers: { ...(p.receivers as Record<string, string>) },
    })),
    taskHandovers: t.taskHandovers.map((h) => ({
      at: h.at,
      presence: h.presence,
      task: h.task,
      to: h.to,
    })),
    orphanedTasks: t.orphanedTasks.map((o) => ({
      at: o.at,
      presence: o.presence,
      task: o.task,
      cause: o.cause,
    })),
    ...(t.funding === undefined
      ? {}
      : {
          funding: {
            periods: t.funding.periods.map((p) => ({ ...p })),
            cliffs: t.funding.cliffs.map((c) => ({ ...c })),
          },
        }),
  };
}

/** Money in USD millions per year, one decimal. */
function formatMoney(x: number): string {
  return `$${x.toFixed(1)}M`;
}

/**
 * What the transition did with the missions' tasks, and the funding, after the periods: one line
 * per plan, handover and orphaned task, then the budget in force by period and each cliff.
 */
export function describeTasksAndFunding(t: Timeline): string[] {
  const lines: string[] = [];
  for (const p of t.plans) {
    const count = Object.keys(p.receivers).length;
    lines.push(
      `plan ${String(p.at)} ${p.presence}: ${count} task${count === 1 ? '' : 's'}, WPS element ${p.gender ? 'named' : 'missing'}`,
    );
  }
  for (const h of t.taskHandovers) {
    lines.push(`task ${String(h.at)} ${h.presence} ${h.task} \u2192 ${h.to}`);
  }
  for (const o of t.orphanedTasks) {
    lines.push(`orphaned ${String(o.at)} ${o.presence} ${o.task} (${o.cause})`);
  }
  if (t.funding !== undefined) {
    // Periods with the same budget in force are joined: the budget changes only with presences.
    const runs: FundingPeriod[] = [];
    for (const p of t.funding.periods) {
      const last = runs[runs.length - 1];
      if (last !== undefined && last.assessed === p.assessed) last.to = p.to;
      else runs.push({ ...p });
    }
    const text = runs.map((r) => `${r.from}..${r.to} ${formatMoney(r.assessed)}`).join(', ');
    lines.push(`assessed budget in force (USD millions per year): ${text}`);
    for (const c of t.funding.cliffs) {
      lines.push(
        `funding cliff after ${c.presence} (last assessed ${c.lastAssessed}): ${formatMoney(c.before)} \u2192 ${formatMoney(c.after)} by ${c.horizon}, -${Math.round(c.share * 100)}%`,
      );
    }
  }
  return lines;
}

/** One line naming the presences whose source facts are not fully confirmed, or none. */
export function describeCaveats(t: Timeline): string[] {
  if (t.caveats.length === 0) return [];
  const parts = t.caveats.map((c) =>
    [
      c.presence,
      c.confidence === undefined ? '' : ` confidence ${c.confidence}`,
      c.mandate === undefined ? '' : ` mandate "${c.mandate}"`,
    ].join(''),
  );
  return [`source caveats: ${parts.join('; ')}`];
}

/** One object for one timeline, an array when `asArray` (several scenarios or `--all`). */
export function formatJson(timelines: readonly Timeline[], asArray: boolean): string {
  const value =
    asArray || timelines.length !== 1
      ? timelines.map(toTimelineJson)
      : toTimelineJson(timelines[0] as Timeline);
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** The team changes of a timeline before 2019-01, one line, or none. */
export function describeDiscontinuities(t: Timeline): string[] {
  if (t.discontinuities.length === 0) return [];
  const parts = t.discontinuities.map((d) => `${d.at} ${d.from}\u2192${d.to}`);
  return [`team changes before 2019-01 (${t.discontinuities.length}): ${parts.join(', ')}`];
}

const PERIOD_HEADER = [
  'from',
  'to',
  'months',
  'phase',
  'stage',
  'presences',
  'lead',
  'informed',
  'handover',
];

/** The table for people: header line, one row per period, one closing line per invariant. */
export function formatTable(timelines: readonly Timeline[], style: TextStyle): string {
  const blocks = timelines.map((t) => {
    const rows = [
      PERIOD_HEADER.map((h) => paint(style, 'dim', h)),
      ...t.periods.map((p) => [
        p.from,
        p.to,
        String(countMonths(p.from, p.to)),
        p.phase,
        p.stage ?? '',
        escapeControl(p.presences.join(', ')) || '(none)',
        p.lead,
        p.informed,
        paint(style, 'yellow', handoverMark(handoverAt(t.handovers, p))),
      ]),
    ];
    const invariants = t.invariants.map((i) =>
      i.holds
        ? `${paint(style, 'green', '\u2713')} ${i.id}`
        : `${paint(style, 'red', '\u2717')} ${i.id}  ${escapeControl(describeFailure(i))}`,
    );
    const refused =
      t.refused.length === 0
        ? []
        : [
            escapeControl(
              `! ${t.refused.length} event(s) refused by the machine, first: ${t.refused[0]?.month} ${getEventLabel(t.refused[0]?.event ?? null)}: ${t.refused[0]?.reason}`,
            ),
          ];
    return [
      paint(style, 'bold', escapeControl(describeTimeline(t))),
      ...renderColumns(rows, [2]),
      ...describeTasksAndFunding(t).map(escapeControl),
      ...describeDiscontinuities(t),
      ...invariants,
      ...refused,
      ...describeCaveats(t).map((line) => paint(style, 'dim', escapeControl(line))),
    ].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

const CSV_HEADER = [
  'country',
  'doctrine',
  'team',
  'from',
  'to',
  'months',
  'phase',
  'stage',
  'presences',
  'lead',
  'informed',
  'handover',
];

/** CSV: a header, then one row per period of every timeline; presences joined with `;`. */
export function formatCsv(timelines: readonly Timeline[]): string {
  const lines = [CSV_HEADER.join(',')];
  for (const t of timelines) {
    for (const p of t.periods) {
      const h = handoverAt(t.handovers, p);
      const row = [
        t.country,
        t.doctrine,
        p.team,
        p.from,
        p.to,
        countMonths(p.from, p.to),
        p.phase,
        p.stage ?? '',
        p.presences.join(';'),
        p.lead,
        p.informed,
        h ? `${h.from}->${h.to}` : '',
      ];
      lines.push(row.map(csvField).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Markdown: a heading, a table of periods and the invariant list per timeline. */
export function formatMarkdown(timelines: readonly Timeline[]): string {
  const blocks = timelines.map((t) => {
    const rows = t.periods.map((p) => [
      p.from,
      p.to,
      String(countMonths(p.from, p.to)),
      p.phase,
      p.stage ?? '',
      p.presences.join(', '),
      p.lead,
      p.informed,
      handoverMark(handoverAt(t.handovers, p)),
    ]);
    const invariants = t.invariants.map((i) =>
      i.holds
        ? `- \u2713 \`${i.id}\``
        : `- \u2717 \`${i.id}\`: ${escapeMarkdown(describeFailure(i))}`,
    );
    return [
      `## ${escapeMarkdown(t.iso3 ? `${t.country} (${t.iso3})` : t.country)}`,
      '',
      escapeMarkdown(
        `Region ${t.region}, team \`${t.team.id}\` (${t.team.asg}), doctrine \`${t.doctrine}\`, ${t.window.start} to ${t.window.end}.`,
      ),
      '',
      ...renderMarkdownTable(PERIOD_HEADER, rows),
      ...(t.plans.length + t.taskHandovers.length + t.orphanedTasks.length > 0 ||
      t.funding !== undefined
        ? ['', ...describeTasksAndFunding(t).map((line) => `- ${escapeMarkdown(line)}`)]
        : []),
      ...describeDiscontinuities(t).flatMap((line) => ['', line]),
      '',
      '**Invariants**',
      '',
      ...invariants,
    ].join('\n');
  });
  return `${blocks.join('\n\n')}\n`;
}

/** Renders timelines in one of the four formats. */
export function formatTimelines(
  timelines: readonly Timeline[],
  format: TimelineFormat,
  options: TextStyle & { asArray: boolean },
): string {
  switch (format) {
    case 'json':
      return formatJson(timelines, options.asArray);
    case 'csv':
      return formatCsv(timelines);
    case 'markdown':
      return formatMarkdown(timelines);
    case 'table':
      return formatTable(timelines, options);
  }
}

/**
 * Geometry of the timeline chart, free of SVG: the month scale, year ticks, runs of equal months,
 * lane packing and the placement of every bar, band segment and handover marker of a row.
 */
import type { OrphanCause, Phase } from '../../machines/country-types.ts';
import {
  fromMonthIndex,
  toMonthIndex,
  type LeadDepartment,
  type Doctrine,
  type Month,
  type PresenceKind,
  type Receiver,
  type Task,
} from '../domain/index.ts';
import type { ScenarioWindow } from '../scenario/events.ts';
import type { Scenario } from '../scenario/types.ts';
import type { FundingCliff, Timeline } from '../simulate/replay.ts';
import { roundMoney } from '../simulate/funding.ts';

/** One country on the chart: its scenario and one timeline, or two (one per doctrine) to compare. */
export interface TimelineRow {
  scenario: Scenario;
  timelines: Timeline[];
}

/** Font sizes in px; none below 11 so the chart stays readable. */
export const FONT = { title: 18, heading: 14, label: 12, small: 11 } as const;

export const SIZES = {
  margin: 16,
  gutter: 150,
  header: 24,
  barHeight: 18,
  laneGap: 4,
  bandHeight: 16,
  markerTriangle: 7,
  markerLine: 15,
  phaseHeight: 16,
  fundingHeight: 36,
  rowGap: 18,
  axisHeight: 28,
  minChartWidth: 480,
  maxChartWidth: 1600,
  defaultMonthWidth: 4,
} as const;

/** Maps months to x: month `m` spans [x(m), x(m) + monthWidth). */
export interface MonthScale {
  start: Month;
  end: Month;
  months: number;
  x0: number;
  monthWidth: number;
  width: number;
}

/** The chart width grows with the window (4 px a month by default) within 480..1600 px. */
export function chooseMonthWidth(
  months: number,
  preferred: number = SIZES.defaultMonthWidth,
): number {
  const width = Math.min(SIZES.maxChartWidth, Math.max(SIZES.minChartWidth, months * preferred));
  return width / Math.max(1, months);
}

export function createMonthScale(
  window: ScenarioWindow,
  x0: number,
  monthWidth: number,
): MonthScale {
  const months = toMonthIndex(window.end) - toMonthIndex(window.start) + 1;
  return {
    start: window.start,
    end: window.end,
    months,
    x0,
    monthWidth,
    width: months * monthWidth,
  };
}

/** Left edge of `month`. */
export function monthX(scale: MonthScale, month: Month): number {
  return round(scale.x0 + (toMonthIndex(month) - toMonthIndex(scale.start)) * scale.monthWidth);
}

/** Right edge of `month` (so a bar from..to spans monthX(from)..monthEndX(to)). */
export function monthEndX(scale: MonthScale, month: Month): number {
  return round(scale.x0 + (toMonthIndex(month) - toMonthIndex(scale.start) + 1) * scale.monthWidth);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** The smallest window holding every given window (a common axis for several countries). */
export function unionWindow(windows: readonly ScenarioWindow[]): ScenarioWindow {
  if (windows.length === 0) throw new RangeError('no window to draw');
  let start = toMonthIndex(windows[0]!.start);
  let end = toMonthIndex(windows[0]!.end);
  for (const w of windows) {
    start = Math.min(start, toMonthIndex(w.start));
    end = Math.max(end, toMonthIndex(w.end));
  }
  return { start: fromMonthIndex(start), end: fromMonthIndex(end) };
}

export interface YearTick {
  year: number;
  x: number;
  /** Whether the year is labelled (every 1, 2, 5 or 10 years, whichever leaves room). */
  labelled: boolean;
}

/** A tick at every January inside the scale; labels spaced at least 44 px apart. */
export function yearTicks(scale: MonthScale): YearTick[] {
  const first = Math.ceil(toMonthIndex(scale.start) / 12);
  const last = Math.floor(toMonthIndex(scale.end) / 12);
  const yearWidth = scale.monthWidth * 12;
  const step = [1, 2, 5, 10, 20, 50].find((s) => s * yearWidth >= 44) ?? 100;
  const ticks: YearTick[] = [];
  for (let year = first; year <= last; year++) {
    ticks.push({
      year,
      x: monthX(scale, `${String(year).padStart(4, '0')}-01`),
      labelled: year % step === 0,
    });
  }
  return ticks;
}

/** A run of consecutive months with the same value, `from` and `to` inclusive. */
export interface Run<T> {
  value: T;
  from: Month;
  to: Month;
}

/** Groups consecutive months with an equal key into runs. */
export function toRuns<T>(
  months: readonly { month: Month }[],
  key: (index: number) => T,
): Run<T>[] {
  const runs: Run<T>[] = [];
  months.forEach((m, i) => {
    const value = key(i);
    const last = runs[runs.length - 1];
    if (last && last.value === value) last.to = m.month;
    else runs.push({ value, from: m.month, to: m.month });
  });
  return runs;
}

/**
 * An estimate of a text's width in a sans-serif face (no font metrics without a browser): wide
 * enough for DejaVu Sans, the widest common fallback, so labels do not collide.
 */
export function estimateTextWidth(text: string, fontSize: number, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (/[il.,:;'|!’ ]/.test(ch)) em += 0.34;
    else if (/[mwMW@]/.test(ch)) em += 0.9;
    else if (/[A-Z0-9]/.test(ch)) em += 0.7;
    else em += 0.6;
  }
  return round(em * fontSize * (bold ? 1.08 : 1));
}

/**
 * Greedy interval packing: each item goes into the first lane whose last item ends at least
 * `gap` before it starts. Items are taken in order of `lo`; the result gives each item's lane in
 * input order.
 */
export function packLanes(items: readonly { lo: number; hi: number }[], gap: number): number[] {
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.lo - items[b]!.lo || a - b);
  const laneEnds: number[] = [];
  const lanes = new Array<number>(items.length).fill(0);
  for (const i of order) {
    const item = items[i]!;
    let lane = laneEnds.findIndex((end) => end + gap <= item.lo);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(item.hi);
    } else {
      laneEnds[lane] = item.hi;
    }
    lanes[i] = lane;
  }
  return lanes;
}

export type LabelPlacement = 'inside' | 'right' | 'left';

/** A presence bar, clipped to its row's window. */
export interface BarLayout {
  name: string;
  title?: string;
  kind: PresenceKind;
  from: Month;
  /** Last month drawn (the scenario's `to`, or the window's end for an ongoing presence). */
  to: Month;
  ongoing: boolean;
  confidence: 'high' | 'medium' | 'low';
  x: number;
  width: number;
  lane: number;
  label: { placement: LabelPlacement; x: number };
}

export interface SegmentLayout<T> extends Run<T> {
  x: number;
  width: number;
}

export interface MarkerLayout {
  at: Month;
  from: LeadDepartment;
  to: LeadDepartment;
  text: string;
  x: number;
  line: number;
  anchor: 'start' | 'end';
}

export interface BandLayout {
  doctrine: Doctrine;
  segments: SegmentLayout<LeadDepartment>[];
  markers: MarkerLayout[];
  markerLines: number;
}

export interface RowLayout {
  country: string;
  team: string;
  asg: string;
  window: ScenarioWindow;
  bars: BarLayout[];
  lanes: number;
  bands: BandLayout[];
  /** Task and funding bands under the lead band(s); none when the row has no tasks or budget. */
  taskBands: TaskBandLayout[];
  phases: SegmentLayout<Phase>[];
  /** Height of the whole row, header to bottom gap. */
  height: number;
}

function clipMonth(month: Month, window: ScenarioWindow): Month {
  if (month < window.start) return window.start;
  if (month > window.end) return window.end;
  return month;
}

function toSegments<T>(runs: readonly Run<T>[], scale: MonthScale): SegmentLayout<T>[] {
  return runs.map((r) => {
    const x = monthX(scale, r.from);
    return { ...r, x, width: round(monthEndX(scale, r.to) - x) };
  });
}

/** The label of a handover marker, e.g. `DPO→DPPA 2006-01`. */
export function handoverLabel(h: { at: Month; from: LeadDepartment; to: LeadDepartment }): string {
  return `${h.from}→${h.to} ${h.at}`;
}

function layoutBars(scenario: Scenario, window: ScenarioWindow, scale: MonthScale): BarLayout[] {
  const right = scale.x0 + scale.width;
  const bars: Omit<BarLayout, 'lane'>[] = [];
  for (const p of scenario.presences) {
    const last = p.to ?? window.end;
    if (last < window.start || p.from > window.end || last < p.from) continue;
    const from = clipMonth(p.from, window);
    const to = clipMonth(last, window);
    const x = monthX(scale, from);
    const width = round(monthEndX(scale, to) - x);
    const textWidth = estimateTextWidth(p.name, FONT.label);
    let placement: LabelPlacement = 'inside';
    if (textWidth + 8 > width)
      placement = x + width + 4 + textWidth <= right + 60 ? 'right' : 'left';
    const labelX = placement === 'inside' ? x + 4 : placement === 'right' ? x + width + 4 : x - 4;
    bars.push({
      name: p.name,
      ...(p.title === undefined ? {} : { title: p.title }),
      kind: p.kind,
      from,
      to,
      ongoing: p.to === undefined,
      confidence: p.confidence ?? 'high',
      x,
      width,
      label: { placement, x: round(labelX) },
    });
  }
  const extents = bars.map((b) => {
    const textWidth = estimateTextWidth(b.name, FONT.label);
    if (b.label.placement === 'right') return { lo: b.x, hi: b.label.x + textWidth };
    if (b.label.placement === 'left') return { lo: b.label.x - textWidth, hi: b.x + b.width };
    return { lo: b.x, hi: b.x + b.width };
  });
  const lanes = packLanes(extents, 6);
  return bars.map((b, i) => ({ ...b, lane: lanes[i]! }));
}

function layoutMarkers(
  timeline: Timeline,
  scale: MonthScale,
): { markers: MarkerLayout[]; lines: number } {
  const { placed, lines } = packLabels(
    timeline.handovers.map((h) => ({
      at: h.at,
      from: h.from,
      to: h.to,
      text: handoverLabel(h),
      x: monthX(scale, h.at),
    })),
    scale,
  );
  return { markers: placed, lines };
}

/** Height of a band with its marker lines below it. */
export function bandBlockHeight(band: { markerLines: number }): number {
  return SIZES.bandHeight + labelLinesHeight(band.markerLines);
}

/** Lays out one country: bars in packed lanes, one lead band per timeline, the phase strip. */
export function layoutRow(row: TimelineRow, scale: MonthScale): RowLayout {
  const first = row.timelines[0];
  if (!first) throw new RangeError(`${row.scenario.country}: no timeline to draw`);
  const window = first.window;
  const bars = layoutBars(row.scenario, window, scale);
  const lanes = bars.length === 0 ? 0 : Math.max(...bars.map((b) => b.lane)) + 1;
  const bands = row.timelines.map((t) => {
    const { markers, lines } = layoutMarkers(t, scale);
    const runs = toRuns(t.months, (i) => t.months[i]!.lead);
    return { doctrine: t.doctrine, segments: toSegments(runs, scale), markers, markerLines: lines };
  });
  const phases = toSegments(
    toRuns(first.months, (i) => first.months[i]!.phase),
    scale,
  );
  const barsHeight = Math.max(1, lanes) * (SIZES.barHeight + SIZES.laneGap);
  const taskBands = layoutTaskBands(row, scale);
  const bandsHeight =
    bands.reduce((sum, b) => sum + bandBlockHeight(b), 0) +
    taskBands.reduce((sum, b) => sum + taskBandHeight(b), 0);
  return {
    country: row.scenario.country,
    team: first.team.id,
    asg: first.team.asg,
    window,
    bars,
    lanes,
    bands,
    taskBands,
    phases,
    height: SIZES.header + barsHeight + 4 + bandsHeight + SIZES.phaseHeight + SIZES.rowGap,
  };
}

// ---------------------------------------------------------------------------------------------
// Task band (issue 12): task handovers, orphaned tasks and plans as marks, and the assessed budget
// as a step line with the funding cliff marked.

/** A mark on the task band: a task handed over, a task orphaned, or a transition plan adopted. */
export type TaskMarkLayout = {
  /** The month (the window's start when the replay recorded none). */
  at: Month;
  presence: string;
  text: string;
  /** Tooltip: the whole sentence. */
  title: string;
  x: number;
  line: number;
  anchor: 'start' | 'end';
} & (
  | { kind: 'handover'; task: Task; to: Receiver }
  | { kind: 'orphaned'; task: Task; cause: OrphanCause }
  | { kind: 'plan'; gender: boolean }
);

export interface FundingStepLayout {
  from: Month;
  to: Month;
  assessed: number;
  x: number;
  width: number;
}

export interface CliffLayout extends FundingCliff {
  text: string;
  title: string;
  /** Right edge of the last assessed month. */
  x: number;
  /** Right edge of the horizon month. */
  xHorizon: number;
  line: number;
  anchor: 'start' | 'end';
}

export interface FundingLayout {
  /** Runs of equal assessed budget, merged across the timeline's periods. */
  steps: FundingStepLayout[];
  /** The largest assessed budget (the top of the strip); at least 1. */
  max: number;
  cliffs: CliffLayout[];
  cliffLines: number;
}

export interface TaskBandLayout {
  /** The doctrine the band follows; `null` when every timeline of the row has the same tasks. */
  doctrine: Doctrine | null;
  /** Whether the task strip is drawn (the row has tasks, plans or task events). */
  tasks: boolean;
  /** The mandated tasks each presence of the scenario holds, e.g. `UNMIL: rule-of-law, ddr`. */
  held: string;
  marks: TaskMarkLayout[];
  markLines: number;
  /** Present when the timeline has `funding`. */
  funding?: FundingLayout;
}

const RECEIVER_WORDS: Record<string, string> = {
  'country-team': 'the UN country team',
  government: 'the host government',
  'regional-organization': 'a regional organisation',
};

/** `300.5`, `20`, `0.1`: at most one decimal. */
export function formatBudget(value: number): string {
  return String(roundMoney(value));
}

/** Whether a row's timeline has anything for the task band: tasks, plans, task events, budget. */
export function hasTaskBand(scenario: Scenario, timeline: Timeline): boolean {
  return hasTasks(scenario, timeline) || timeline.funding !== undefined;
}

function hasTasks(scenario: Scenario, timeline: Timeline): boolean {
  return (
    scenario.presences.some((p) => (p.tasks?.length ?? 0) > 0) ||
    timeline.taskHandovers.length > 0 ||
    timeline.orphanedTasks.length > 0 ||
    timeline.plans.length > 0
  );
}

/** Labels packed in lines under a strip: `x` the anchor point, text to the right where it fits. */
function packLabels<T extends { x: number; text: string }>(
  items: readonly T[],
  scale: MonthScale,
): { placed: (T & { line: number; anchor: 'start' | 'end' })[]; lines: number } {
  const right = scale.x0 + scale.width;
  const withExtent = items.map((item) => {
    const width = estimateTextWidth(item.text, FONT.small);
    const anchor: 'start' | 'end' = item.x + 8 + width <= right + 60 ? 'start' : 'end';
    const extent =
      anchor === 'start'
        ? { lo: item.x - 6, hi: item.x + 8 + width }
        : { lo: item.x - 8 - width, hi: item.x + 6 };
    return { item, anchor, extent };
  });
  const lines = packLanes(
    withExtent.map((w) => w.extent),
    6,
  );
  return {
    placed: withExtent.map((w, i) => ({ ...w.item, line: lines[i]!, anchor: w.anchor })),
    lines: items.length === 0 ? 0 : Math.max(...lines) + 1,
  };
}

function layoutTaskMarks(
  timeline: Timeline,
  scale: MonthScale,
): { marks: TaskMarkLayout[]; lines: number } {
  const start = timeline.window.start;
  const presences = new Set([
    ...timeline.taskHandovers.map((h) => h.presence),
    ...timeline.orphanedTasks.map((o) => o.presence),
  ]);
  const prefix = (presence: string) => (presences.size > 1 ? `${presence}: ` : '');
  type Unplaced = TaskMarkLayout extends infer M
    ? M extends TaskMarkLayout
      ? Omit<M, 'line' | 'anchor'>
      : never
    : never;
  const items: Unplaced[] = [];
  for (const p of timeline.plans) {
    const at = p.at ?? start;
    items.push({
      kind: 'plan',
      gender: p.gender,
      at,
      presence: p.presence,
      text: `plan ${p.presence}${p.gender ? ', WPS' : ', no WPS'} ${at}`,
      title: `${p.presence}: transition plan adopted ${at}, ${p.gender ? 'with' : 'without'} its women, peace and security element; ${
        Object.entries(p.receivers)
          .map(([task, to]) => `${task} to ${to}`)
          .join(', ') || 'no task assigned'
      }`,
      x: monthX(scale, clipMonth(at, timeline.window)),
    });
  }
  for (const h of timeline.taskHandovers) {
    const at = h.at ?? start;
    const who = RECEIVER_WORDS[h.to] ?? `${h.to} (a presence)`;
    items.push({
      kind: 'handover',
      task: h.task,
      to: h.to,
      at,
      presence: h.presence,
      text: `${prefix(h.presence)}${h.task}→${h.to} ${at}`,
      title:
        h.to === 'completed'
          ? `${h.presence}: ${h.task} completed, ${at}`
          : `${h.presence} handed ${h.task} over to ${who}, ${at}`,
      x: monthX(scale, clipMonth(at, timeline.window)),
    });
  }
  for (const o of timeline.orphanedTasks) {
    const at = o.at ?? start;
    items.push({
      kind: 'orphaned',
      task: o.task,
      cause: o.cause,
      at,
      presence: o.presence,
      text: `${prefix(o.presence)}${o.task} orphaned (${o.cause}) ${at}`,
      title: `${o.presence}: ${o.task} left with no receiver (orphaned), ${at}; cause: ${o.cause}`,
      x: monthX(scale, clipMonth(at, timeline.window)),
    });
  }
  const { placed, lines } = packLabels(items, scale);
  return { marks: placed, lines };
}

/** Funding periods merged into runs of equal assessed budget over consecutive months. */
export function fundingRuns(
  periods: readonly { from: Month; to: Month; assessed: number }[],
): Run<number>[] {
  const runs: Run<number>[] = [];
  for (const p of periods) {
    const last = runs[runs.length - 1];
    if (last && last.value === p.assessed && toMonthIndex(last.to) + 1 === toMonthIndex(p.from)) {
      last.to = p.to;
    } else runs.push({ value: p.assessed, from: p.from, to: p.to });
  }
  return runs;
}

function layoutFunding(timeline: Timeline, scale: MonthScale): FundingLayout | undefined {
  const funding = timeline.funding;
  if (funding === undefined) return undefined;
  const runs = fundingRuns(funding.periods);
  const steps = toSegments(
    runs.map((r) => ({
      ...r,
      from: clipMonth(r.from, timeline.window),
      to: clipMonth(r.to, timeline.window),
    })),
    scale,
  ).map((s) => ({ from: s.from, to: s.to, assessed: s.value, x: s.x, width: s.width }));
  const max = Math.max(1, ...steps.map((s) => s.assessed));
  const { placed, lines } = packLabels(
    funding.cliffs.map((c) => ({
      ...c,
      text: `${c.presence} cliff −${formatBudget(c.fall)} (${Math.round(c.share * 100)}%) by ${c.horizon}`,
      title: `Funding cliff after ${c.presence}: assessed budget USD ${formatBudget(c.before)} M/yr in ${c.lastAssessed}, ${formatBudget(c.after)} M/yr in ${c.horizon}; a fall of ${formatBudget(c.fall)} M/yr (${Math.round(c.share * 100)}%)`,
      x: monthEndX(scale, clipMonth(c.lastAssessed, timeline.window)),
      xHorizon: monthEndX(scale, clipMonth(c.horizon, timeline.window)),
    })),
    scale,
  );
  return { steps, max, cliffs: placed, cliffLines: lines };
}

/** Height of the lines of labels under a strip. */
export function labelLinesHeight(lines: number): number {
  return lines === 0 ? 6 : SIZES.markerTriangle + lines * SIZES.markerLine;
}

/** Height of a task band: the task strip and/or the funding strip, each with its label lines. */
export function taskBandHeight(band: TaskBandLayout): number {
  return (
    (band.tasks ? SIZES.bandHeight + labelLinesHeight(band.markLines) : 0) +
    (band.funding ? SIZES.fundingHeight + labelLinesHeight(band.funding.cliffLines) : 0)
  );
}

/**
 * The task bands of a row: none when no timeline has tasks or a budget; one when every timeline
 * records the same plans, task handovers, orphaned tasks and funding (the usual case, also when
 * comparing doctrines); else one per timeline, named by its doctrine.
 */
export function layoutTaskBands(row: TimelineRow, scale: MonthScale): TaskBandLayout[] {
  const drawn = row.timelines.filter((t) => hasTaskBand(row.scenario, t));
  if (drawn.length === 0) return [];
  // Funding periods follow the replay's periods (which split where the lead changes, so differ
  // by doctrine); the budget drawn is their merged runs, compared here.
  const key = (t: Timeline) =>
    JSON.stringify([
      t.plans,
      t.taskHandovers,
      t.orphanedTasks,
      t.funding ? [fundingRuns(t.funding.periods), t.funding.cliffs] : null,
    ]);
  const shared =
    drawn.length === row.timelines.length && new Set(row.timelines.map(key)).size === 1;
  return (shared ? [row.timelines[0]!] : drawn).map((t) => {
    const tasks = hasTasks(row.scenario, t);
    const held = row.scenario.presences
      .filter((p) => (p.tasks?.length ?? 0) > 0)
      .map((p) => `${p.name}: ${p.tasks!.join(', ')}`)
      .join('; ');
    const { marks, lines } = tasks ? layoutTaskMarks(t, scale) : { marks: [], lines: 0 };
    const funding = layoutFunding(t, scale);
    return {
      doctrine: shared ? null : t.doctrine,
      tasks,
      held,
      marks,
      markLines: lines,
      ...(funding === undefined ? {} : { funding }),
    };
  });
}

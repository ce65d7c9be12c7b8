/**
 * Geometry of the timeline chart, free of SVG: the month scale, year ticks, runs of equal months,
 * lane packing and the placement of every bar, band segment and handover marker of a row.
 */
import type { Phase } from '../../machines/country-types.ts';
import {
  fromMonthIndex,
  toMonthIndex,
  type LeadDepartment,
  type Doctrine,
  type Month,
  type PresenceKind,
} from '../domain/index.ts';
import type { ScenarioWindow } from '../scenario/events.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Timeline } from '../simulate/replay.ts';

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
  const right = scale.x0 + scale.width;
  const placed = timeline.handovers.map((h) => {
    const text = handoverLabel(h);
    const x = monthX(scale, h.at);
    const width = estimateTextWidth(text, FONT.small);
    const anchor: 'start' | 'end' = x + 8 + width <= right + 60 ? 'start' : 'end';
    const extent =
      anchor === 'start' ? { lo: x - 6, hi: x + 8 + width } : { lo: x - 8 - width, hi: x + 6 };
    return { h, text, x, anchor, extent };
  });
  const lines = packLanes(
    placed.map((p) => p.extent),
    6,
  );
  const markers = placed.map((p, i) => ({
    at: p.h.at,
    from: p.h.from,
    to: p.h.to,
    text: p.text,
    x: p.x,
    line: lines[i]!,
    anchor: p.anchor,
  }));
  return { markers, lines: markers.length === 0 ? 0 : Math.max(...lines) + 1 };
}

/** Height of a band with its marker lines below it. */
export function bandBlockHeight(band: { markerLines: number }): number {
  return (
    SIZES.bandHeight +
    (band.markerLines === 0 ? 6 : SIZES.markerTriangle + band.markerLines * SIZES.markerLine)
  );
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
  const bandsHeight = bands.reduce((sum, b) => sum + bandBlockHeight(b), 0);
  return {
    country: row.scenario.country,
    team: first.team.id,
    asg: first.team.asg,
    window,
    bars,
    lanes,
    bands,
    phases,
    height: SIZES.header + barsHeight + 4 + bandsHeight + SIZES.phaseHeight + SIZES.rowGap,
  };
}

/** Gantt-style timeline charts of country histories, as self-contained SVG. */
export { renderTimelineSvg, escapeXml, type TimelineSvgOptions } from './svg.ts';
export {
  fundingRuns,
  handoverLabel,
  hasTaskBand,
  layoutRow,
  layoutTaskBands,
  toRuns,
  unionWindow,
  type RowLayout,
  type Run,
  type TaskBandLayout,
  type TaskMarkLayout,
  type TimelineRow,
} from './layout.ts';
export { KIND_COLOURS, LEAD_COLOURS, PHASE_COLOURS, TASK_COLOURS } from './palette.ts';
export { AA_TEXT, contrastRatio, readableText, relativeLuminance } from './contrast.ts';
export { buildTimelineRow, type TimelineRowOptions } from './row.ts';

/** Gantt-style timeline charts of country histories, as self-contained SVG. */
export { renderTimelineSvg, escapeXml, type TimelineSvgOptions } from './svg.ts';
export {
  handoverLabel,
  layoutRow,
  toRuns,
  unionWindow,
  type RowLayout,
  type Run,
  type TimelineRow,
} from './layout.ts';
export { KIND_COLOURS, LEAD_COLOURS, PHASE_COLOURS } from './palette.ts';
export { buildTimelineRow, type TimelineRowOptions } from './row.ts';

/** Gantt-style timeline charts of country histories, as self-contained SVG. */
import { DOCTRINES, HISTORY_DOCTRINE, type Doctrine } from '../domain/index.ts';
import type { Scenario } from '../scenario/types.ts';
import { replayScenario } from '../simulate/replay.ts';
import type { TimelineRow } from './layout.ts';

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

export interface TimelineRowOptions {
  /** The doctrine of a single band; default: the scenario's own, else historical. */
  doctrine?: Doctrine;
  /** Replay under every doctrine (in the order of DOCTRINES): one lead band each per country. */
  compare?: boolean;
}

/**
 * Replays a scenario into a chart row: under one doctrine, or under both when comparing. In
 * compare mode `doctrine` is ignored: every band is always drawn, in the order of DOCTRINES.
 */
export function buildTimelineRow(
  scenario: Scenario,
  options: TimelineRowOptions = {},
): TimelineRow {
  const timelines = options.compare
    ? DOCTRINES.map((doctrine) => replayScenario(scenario, { doctrine }))
    : [
        replayScenario(scenario, {
          doctrine: options.doctrine ?? scenario.doctrine ?? HISTORY_DOCTRINE,
        }),
      ];
  return { scenario, timelines };
}

/** A scenario replayed into a chart row, under one doctrine or both. */
import { DOCTRINES, type Doctrine } from '../domain/index.ts';
import type { Scenario } from '../scenario/types.ts';
import { replayScenario } from '../simulate/replay.ts';
import type { TimelineRow } from './layout.ts';

export interface TimelineRowOptions {
  /** The doctrine of a single band; default: the scenario's own, else note-2017. */
  doctrine?: Doctrine;
  /** Replay under both doctrines (note-2017, then adopted-2019): two lead bands per country. */
  compare?: boolean;
}

/**
 * Replays a scenario into a chart row: under one doctrine, or under both when comparing. In
 * compare mode `doctrine` is ignored: both bands are always drawn, in the order of DOCTRINES.
 */
export function buildTimelineRow(
  scenario: Scenario,
  options: TimelineRowOptions = {},
): TimelineRow {
  const timelines = options.compare
    ? DOCTRINES.map((doctrine) => replayScenario(scenario, { doctrine }))
    : [
        replayScenario(
          scenario,
          options.doctrine === undefined ? {} : { doctrine: options.doctrine },
        ),
      ];
  return { scenario, timelines };
}

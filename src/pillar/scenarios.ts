/**
 * Scenarios as the pillar lives them: every country's events in one stream, interleaved month by
 * month; strategic events proposed to the SPG, routine ones forwarded by the regional ASG. Used by
 * the inspector's pillar view and the pillar's tests over the bundled histories.
 */
import { isStrategicEvent } from '../../machines/pillar-logic.ts';
import type { PillarEvent } from '../../machines/pillar-types.ts';
import type { Doctrine, Month } from '../domain/index.ts';
import { planScenario } from '../scenario/events.ts';
import type { Scenario } from '../scenario/types.ts';

/** Every scenario in one pillar, interleaved month by month as the pillar would live them. */
export function pillarEventsOf(
  entries: readonly { id: string; scenario: Scenario }[],
  doctrine: Doctrine,
): {
  events: PillarEvent[];
  countries: { country: string; region: Scenario['region']; month: Month }[];
} {
  const countries: { country: string; region: Scenario['region']; month: Month }[] = [];
  const timed: { month: Month; order: number; event: PillarEvent }[] = [];
  let order = 0;
  for (const { scenario } of entries) {
    const plan = planScenario(scenario, doctrine);
    countries.push({
      country: scenario.country,
      region: scenario.region,
      month: plan.window.start,
    });
    for (const presence of plan.input.presences ?? []) {
      timed.push({
        month: plan.window.start,
        order: order++,
        event: {
          type: 'PROPOSE',
          country: scenario.country,
          event: { type: 'DEPLOY', month: plan.window.start, presence },
        },
      });
    }
    for (const m of plan.months) {
      for (const e of m.events) {
        const event: PillarEvent = isStrategicEvent(e)
          ? { type: 'PROPOSE', country: scenario.country, event: e }
          : { type: 'COUNTRY', country: scenario.country, event: e };
        timed.push({ month: m.month, order: order++, event });
      }
    }
  }
  timed.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.order - b.order));
  return { events: timed.map((t) => t.event), countries };
}

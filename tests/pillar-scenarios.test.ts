import { describe, expect, it } from 'vitest';
import type { PillarEvent } from '../machines/pillar-types.ts';
import { isStrategicEvent } from '../machines/pillar-logic.ts';
import { COUNTERFACTUAL_DOCTRINES as DOCTRINES } from '../src/domain/index.ts';
import { runPillar } from '../src/pillar/run.ts';
import { listBundledScenarios } from '../src/scenario/catalog.ts';
import { planScenario } from '../src/scenario/events.ts';
import { replayScenario } from '../src/simulate/replay.ts';

const bundled = listBundledScenarios();

/** Every bundled country in one pillar: strategic events proposed to the SPG, routine ones forwarded. */
function pillarEvents(doctrine: (typeof DOCTRINES)[number]): {
  events: PillarEvent[];
  countries: {
    country: string;
    region: (typeof bundled)[number]['scenario']['region'];
    month: string;
  }[];
} {
  const countries: {
    country: string;
    region: (typeof bundled)[number]['scenario']['region'];
    month: string;
  }[] = [];
  const timed: { month: string; order: number; event: PillarEvent }[] = [];
  let order = 0;
  for (const { scenario } of bundled) {
    const plan = planScenario(scenario, doctrine);
    countries.push({
      country: scenario.country,
      region: scenario.region,
      month: plan.window.start,
    });
    for (const p of plan.input.presences ?? []) {
      timed.push({
        month: plan.window.start,
        order: order++,
        event: {
          type: 'PROPOSE',
          country: scenario.country,
          event: { type: 'DEPLOY', month: plan.window.start, presence: p },
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
  // Interleave the countries month by month, as the pillar would live them.
  timed.sort((a, b) => (a.month < b.month ? -1 : a.month > b.month ? 1 : a.order - b.order));
  return { events: timed.map((t) => t.event), countries };
}

describe('the pillar driven by the bundled histories', () => {
  for (const doctrine of DOCTRINES) {
    it(`should keep every pillar invariant and end each country where replay does (${doctrine})`, () => {
      const { events, countries } = pillarEvents(doctrine);
      const run = runPillar({ doctrine, countries }, events, { check: 'final', keepSteps: false });
      expect(run.violations).toEqual([]);
      expect(run.final.context.decisions.every((d) => d.decision === 'endorsed')).toBe(true);
      for (const { scenario } of bundled) {
        const last = replayScenario(scenario, { doctrine }).months.at(-1)!;
        const record = run.final.context.countries.find((c) => c.country === scenario.country)!;
        expect({ country: scenario.country, lead: record.lead, phase: record.phase }).toEqual({
          country: scenario.country,
          lead: last.lead,
          phase: last.phase,
        });
      }
      const reports = run.final.context.messages.length;
      expect(reports).toBe(run.final.context.forwarded.filter((f) => f.status === 'taken').length);
      expect(
        run.final.context.inboxes['USG/DPO'].length + run.final.context.inboxes['USG/DPPA'].length,
      ).toBe(2 * reports);
    });
  }
});

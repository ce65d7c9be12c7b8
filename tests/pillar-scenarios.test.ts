import { describe, expect, it } from 'vitest';
import { COUNTERFACTUAL_DOCTRINES as DOCTRINES } from '../src/domain/index.ts';
import { runPillar } from '../src/pillar/run.ts';
import { pillarEventsOf } from '../src/pillar/scenarios.ts';
import { listBundledScenarios } from '../src/scenario/catalog.ts';
import { replayScenario } from '../src/simulate/replay.ts';

const bundled = listBundledScenarios();

/** Every bundled country in one pillar (src/pillar/scenarios.ts). */
const pillarEvents = (doctrine: (typeof DOCTRINES)[number]) => pillarEventsOf(bundled, doctrine);

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

/**
 * Presences -> events, property-tested: for any valid scenario, replaying its events leads, month
 * by month, exactly where DOMAIN.md's rule says (DPO in a month where a presence of a DPO kind is
 * active, else DPPA), with no event refused and every invariant held.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromMonthIndex, toMonthIndex, PRESENCE_KINDS } from '../src/domain/index.ts';
import { hasDirectSuccessor, planScenario } from '../src/scenario/events.ts';
import type { Scenario, ScenarioPresence } from '../src/scenario/types.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/scenario-events.test.ts');

/** Written from DOMAIN.md, not taken from the code under test. */
const DPO_KINDS = { 'note-2017': ['pko', 'spm-field'], 'adopted-2019': ['pko'] } as const;
const BASE = toMonthIndex('2000-01');

const presence = (name: string): fc.Arbitrary<ScenarioPresence> =>
  fc
    .record({
      kind: fc.constantFrom(...PRESENCE_KINDS),
      from: fc.integer({ min: 0, max: 180 }),
      span: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
      lead: fc.option(fc.integer({ min: 1, max: 30 }), { freq: 4, nil: undefined }),
    })
    .map(({ kind, from, span, lead }) => ({
      name,
      kind,
      from: fromMonthIndex(BASE + from),
      ...(span === undefined ? {} : { to: fromMonthIndex(BASE + from + span) }),
      ...(lead === undefined ? {} : { transitionLead: lead }),
    }));

const scenario: fc.Arbitrary<Scenario> = fc
  .integer({ min: 1, max: 6 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => presence(`P${i}`))))
  .chain((presences) =>
    fc.record({
      country: fc.constant('Testland'),
      region: fc.constant('africa' as const),
      presences: fc.constant(presences),
      // Sometimes a window that starts after some presences began or ends before they end.
      start: fc.option(
        fc.integer({ min: 0, max: 200 }).map((m) => fromMonthIndex(BASE + m)),
        {
          nil: undefined,
        },
      ),
      end: fc.option(
        fc.integer({ min: 201, max: 330 }).map((m) => fromMonthIndex(BASE + m)),
        {
          nil: undefined,
        },
      ),
    }),
  )
  .map(({ start, end, ...rest }) => ({
    ...rest,
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
  }));

function active(p: ScenarioPresence, month: string): boolean {
  return p.from <= month && (p.to === undefined || month <= p.to);
}

describe('presences to events', () => {
  for (const doctrine of ['note-2017', 'adopted-2019'] as const) {
    it(`should lead every month as the rule says, refuse nothing and keep every invariant (${doctrine})`, () => {
      fc.assert(
        fc.property(scenario, (s) => {
          const timeline = replayScenario(s, { doctrine });
          expect(timeline.refused).toEqual([]);
          expect(timeline.invariants.filter((i) => !i.holds)).toEqual([]);
          for (const m of timeline.months) {
            const dpo = s.presences.some(
              (p) =>
                active(p, m.month) && (DPO_KINDS[doctrine] as readonly string[]).includes(p.kind),
            );
            expect(m.lead, m.month).toBe(dpo ? 'DPO' : 'DPPA');
            const names = s.presences.filter((p) => active(p, m.month)).map((p) => p.name);
            expect([...m.presences].sort(), m.month).toEqual(names.sort());
          }
          const changes = timeline.months
            .slice(1)
            .filter((m, i) => m.lead !== timeline.months[i]?.lead)
            .map((m) => m.month);
          expect(timeline.handovers.map((h) => h.at)).toEqual(changes);
        }),
        { numRuns: 300, seed },
      );
    });
  }

  it('should keep a drawn-down mission in transition for its lead time, a renamed one for its last month only', () => {
    const drawdown: Scenario = {
      country: 'Testland',
      region: 'africa',
      end: '2012-12',
      presences: [
        { name: 'PKO', kind: 'pko', from: '2000-01', to: '2009-12' },
        { name: 'SPM', kind: 'spm-field', from: '2010-01', to: '2011-12' },
      ],
    };
    // pko -> spm-field is a drawdown: planning two thirds of the 12-month lead before the end.
    const months = replayScenario(drawdown).months;
    const inTransition = months.filter((m) => m.phase === 'transition').map((m) => m.month);
    expect(inTransition.filter((m) => m < '2010-01')).toEqual(
      Array.from({ length: 8 }, (_, i) => fromMonthIndex(toMonthIndex('2009-05') + i)),
    );
    const renamed: Scenario = {
      ...drawdown,
      presences: [
        { name: 'OLD', kind: 'pko', from: '2000-01', to: '2009-12' },
        { name: 'NEW', kind: 'pko', from: '2010-01' },
      ],
    };
    const renamedMonths = replayScenario(renamed).months;
    expect(renamedMonths.filter((m) => m.phase === 'transition').map((m) => m.month)).toEqual([
      '2009-12',
    ]);
    expect(
      hasDirectSuccessor(
        renamed,
        renamed.presences[0] as ScenarioPresence,
        toMonthIndex('2009-12'),
      ),
    ).toBe(true);
    expect(
      hasDirectSuccessor(
        drawdown,
        drawdown.presences[0] as ScenarioPresence,
        toMonthIndex('2009-12'),
      ),
    ).toBe(false);
  });

  it('should order a month so that deployments come before withdrawals', () => {
    const plan = planScenario({
      country: 'Testland',
      region: 'africa',
      presences: [
        { name: 'A', kind: 'pko', from: '2000-01', to: '2000-12' },
        { name: 'B', kind: 'spm-field', from: '2001-01', to: '2001-06' },
      ],
    });
    const january = plan.months.find((m) => m.month === '2001-01');
    expect(january?.events.map((e) => e.type)).toEqual(['DEPLOY', 'WITHDRAW', 'COMPLETE_HANDOVER']);
  });
});

/**
 * Dated decisions (issue 11): for random single-mission scenarios with random valid decision
 * months, the phase and stage of every month equal the rule the issue states, computed here
 * independently of src/scenario/events.ts; forced exits without planning never plan; decision
 * months out of order are refused with exit 2, naming the field with its line and column.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Scenario, ScenarioPresence } from '../src/scenario/types.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import { hasStackTrace, runInProcess } from './support/cli.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/scenario-decisions.test.ts');

const toIndex = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const toMonth = (i: number): string =>
  `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

const FORCED: readonly string[] = ['host-consent-withdrawn', 'council-veto', 'council-terminated'];
const MISSION_KINDS = ['pko', 'spm-field', 'spm-envoy', 'spm-political-process'] as const;
const EXITS: readonly ScenarioPresence['exit'][] = [
  undefined,
  'completed',
  'host-consent-withdrawn',
  'council-veto',
  'council-terminated',
];

/** The rule of issue 11, month by month, for the one mission presence `p` of a window. */
function expectedState(p: ScenarioPresence, month: number): { phase: string; stage: string } {
  const from = toIndex(p.from);
  const to = p.to === undefined ? Infinity : toIndex(p.to);
  if (month < from || month > to) return { phase: 'nonMission', stage: 'earlyWarning' };
  const at = (m: string | undefined): number => (m === undefined ? Infinity : toIndex(m));
  const forced = FORCED.includes(p.exit ?? '');
  const drawdown = forced
    ? Math.min(at(p.exitDecided ?? p.to), at(p.drawdownFrom))
    : at(p.drawdownFrom);
  if (month >= drawdown) return { phase: 'transition', stage: 'drawdown' };
  if (month >= at(p.transitionFrom)) return { phase: 'transition', stage: 'planning' };
  const phase = p.kind === 'pko' ? 'peacekeeping' : 'specialPoliticalMission';
  if (month >= at(p.finalMandate)) return { phase, stage: 'finalMandate' };
  return { phase, stage: month >= from + 12 ? 'mandateImplementation' : 'startUp' };
}

interface Case {
  scenario: Scenario;
  presence: ScenarioPresence;
}

/** A month index in [lo, hi], or absent. */
const maybe = (lo: number, hi: number) =>
  fc.option(fc.integer({ min: lo, max: hi }), { nil: undefined });

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    from: fc.integer({ min: 1995 * 12, max: 2030 * 12 }),
    length: fc.integer({ min: 1, max: 72 }),
    ongoing: fc.boolean(),
    before: fc.integer({ min: 0, max: 6 }),
    after: fc.integer({ min: 0, max: 6 }),
    kind: fc.constantFrom(...MISSION_KINDS),
    exit: fc.constantFrom(...EXITS),
    doctrine: fc.constantFrom('note-2017', 'adopted-2019', 'historical'),
    picks: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }),
    given: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  })
  .chain((r) => {
    const last = r.from + r.length - 1;
    const end = last + r.after;
    const hi = r.ongoing ? end : last;
    return fc
      .tuple(maybe(r.from, hi), maybe(r.from, hi), maybe(r.from, hi), maybe(r.from, hi))
      .map(([a, b, finalMandate, exitDecided]) => {
        // transitionFrom <= drawdownFrom
        const [transitionFrom, drawdownFrom] =
          a !== undefined && b !== undefined && b < a ? [b, a] : [a, b];
        const presence: ScenarioPresence = {
          name: 'MISSION',
          kind: r.kind,
          from: toMonth(r.from),
          ...(r.ongoing ? {} : { to: toMonth(last) }),
          ...(finalMandate === undefined ? {} : { finalMandate: toMonth(finalMandate) }),
          ...(transitionFrom === undefined ? {} : { transitionFrom: toMonth(transitionFrom) }),
          ...(drawdownFrom === undefined ? {} : { drawdownFrom: toMonth(drawdownFrom) }),
          ...(r.exit === undefined ? {} : { exit: r.exit }),
          ...(exitDecided === undefined ? {} : { exitDecided: toMonth(exitDecided) }),
        };
        const scenario: Scenario = {
          country: 'Testland',
          region: 'africa',
          ...(r.doctrine === undefined ? {} : { doctrine: r.doctrine }),
          start: toMonth(r.from - r.before),
          end: toMonth(end),
          presences: [presence],
        };
        return { scenario, presence };
      });
  })
  .filter(
    ({ presence: p }) =>
      [p.finalMandate, p.transitionFrom, p.drawdownFrom, p.exitDecided].some(
        (m) => m !== undefined,
      ) || FORCED.includes(p.exit ?? ''),
  );

describe('decision months fix the phase and stage of a single mission', () => {
  it('each month equals the rule: drawdown, then planning, then final mandate, else start-up or mandate', () => {
    fc.assert(
      fc.property(caseArb, ({ scenario, presence }) => {
        const timeline = replayScenario(scenario);
        expect(timeline.refused).toEqual([]);
        expect(timeline.invariants.filter((i) => !i.holds)).toEqual([]);
        for (const m of timeline.months) {
          const expected = expectedState(presence, toIndex(m.month));
          expect({ month: m.month, phase: m.phase, stage: m.stage }).toEqual({
            month: m.month,
            ...expected,
          });
        }
        // periods[].stage: a new period whenever the stage changes, and only the stages of the months
        for (const p of timeline.periods) {
          const inside = timeline.months.filter((m) => m.month >= p.from && m.month <= p.to);
          expect(new Set(inside.map((m) => m.stage))).toEqual(new Set([p.stage]));
        }
      }),
      { seed, numRuns: 300 },
    );
  });

  it('a forced exit without earlier planning never passes through planning and draws down from the decision', () => {
    const forcedOnly = caseArb.filter(
      ({ presence: p }) =>
        FORCED.includes(p.exit ?? '') &&
        (p.transitionFrom === undefined ||
          toIndex(p.transitionFrom) >= toIndex(p.exitDecided ?? p.to ?? '9999-12')),
    );
    fc.assert(
      fc.property(forcedOnly, ({ scenario, presence }) => {
        const timeline = replayScenario(scenario);
        expect(timeline.months.some((m) => m.stage === 'planning')).toBe(false);
        const decided = presence.exitDecided ?? presence.to;
        if (decided !== undefined && decided <= (scenario.end ?? '')) {
          expect(timeline.months.find((m) => m.month === decided)?.stage).toBe('drawdown');
        }
      }),
      { seed, numRuns: 200 },
    );
  });

  it('a forced exit draws down only the presence it names: another mission stays', () => {
    const timeline = replayScenario({
      country: 'Testland',
      region: 'africa',
      presences: [
        {
          name: 'A',
          kind: 'pko',
          from: '2010-01',
          to: '2012-12',
          exit: 'host-consent-withdrawn',
          exitDecided: '2012-06',
        },
        { name: 'B', kind: 'spm-field', from: '2010-01', to: '2014-12' },
      ],
    });
    expect(timeline.refused).toEqual([]);
    const at = (m: string) => timeline.months.find((x) => x.month === m);
    expect(at('2012-06')).toMatchObject({ phase: 'transition', stage: 'drawdown' });
    expect(at('2012-12')?.presences).toEqual(['A', 'B']);
    // A withdrawn, the handover completes, B carries on as a special political mission
    expect(at('2013-01')).toMatchObject({ phase: 'specialPoliticalMission', presences: ['B'] });
    expect(timeline.invariants.filter((i) => !i.holds)).toEqual([]);
  });

  it('an ongoing presence whose only decision month is the exitDecided of a completed exit replays to the window end', () => {
    // Regression: renewals ran "until the first decision", and this presence has none that ends it.
    const timeline = replayScenario({
      country: 'Testland',
      region: 'africa',
      end: '2004-11',
      presences: [
        {
          name: 'MISSION',
          kind: 'spm-political-process',
          from: '2000-04',
          exit: 'completed',
          exitDecided: '2000-08',
        },
      ],
    });
    expect(timeline.refused).toEqual([]);
    expect(timeline.months.at(-1)).toMatchObject({
      month: '2004-11',
      phase: 'specialPoliticalMission',
      stage: 'mandateImplementation',
    });
    expect(timeline.invariants.filter((i) => !i.holds)).toEqual([]);
  });

  it('a presence without decision months keeps the default schedule (final mandate 12 months before the end)', () => {
    const timeline = replayScenario({
      country: 'Testland',
      region: 'africa',
      presences: [{ name: 'M', kind: 'pko', from: '2000-01', to: '2009-12' }],
    });
    const stage = (m: string) => timeline.months.find((x) => x.month === m)?.stage;
    expect([stage('2008-12'), stage('2009-01'), stage('2009-05'), stage('2009-10')]).toEqual([
      'mandateImplementation',
      'finalMandate',
      'planning',
      'drawdown',
    ]);
  });
});

describe('decision months out of order are bad input (exit 2, the field, line and column)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-decisions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const FIELDS = ['transitionFrom', 'drawdownFrom', 'finalMandate', 'exitDecided'] as const;

  /** One presence whose `field` breaks its order: before its lower bound or after `to`. */
  const badArb = fc
    .record({
      from: fc.integer({ min: 1995 * 12, max: 2030 * 12 }),
      length: fc.integer({ min: 2, max: 60 }),
      field: fc.constantFrom(...FIELDS),
      late: fc.boolean(),
      by: fc.integer({ min: 1, max: 24 }),
    })
    .map((r) => {
      const to = r.from + r.length - 1;
      const presence: Record<string, unknown> = {
        name: 'MISSION',
        kind: 'pko',
        from: toMonth(r.from),
        to: toMonth(to),
      };
      let lowerBound = 'from';
      if (r.field === 'drawdownFrom' && !r.late) {
        // after `from` but before transitionFrom
        presence.transitionFrom = toMonth(to);
        presence.drawdownFrom = toMonth(to - 1);
        lowerBound = 'transitionFrom';
      } else {
        presence[r.field] = toMonth(r.late ? to + r.by : r.from - r.by);
      }
      return { presence, field: r.field, late: r.late, lowerBound };
    });

  it('names the field, the bound it breaks, its line and column', async () => {
    await fc.assert(
      fc.asyncProperty(badArb, async ({ presence, field, late, lowerBound }) => {
        const file = join(dir, 'bad.yaml');
        const text = stringify({ country: 'Testland', region: 'africa', presences: [presence] });
        writeFileSync(file, text);
        const r = await runInProcess(['replay', file]);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(hasStackTrace(r.stderr)).toBe(false);
        const line = text.split('\n').findIndex((l) => l.trimStart().startsWith(`${field}:`)) + 1;
        const bound = late ? 'after to' : `before ${lowerBound}`;
        expect(r.stderr).toMatch(
          new RegExp(`bad\\.yaml:${line}:\\d+: presences\\[0\\]\\.${field}: .* is ${bound}`),
        );
      }),
      { seed, numRuns: 40 },
    );
  });

  it('refuses an unknown exit and a decision without its reference', async () => {
    const file = join(dir, 'exit.yaml');
    writeFileSync(
      file,
      [
        'country: Testland',
        'region: africa',
        'presences:',
        '  - name: M',
        '    kind: pko',
        '    from: 2010-01',
        '    exit: vanished',
        '    decisions:',
        '      - { at: 2010-05, what: something }',
        '',
      ].join('\n'),
    );
    const r = await runInProcess(['replay', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /exit\.yaml:7:\d+: presences\[0\]\.exit: expected one of completed, replaced, host-consent-withdrawn, council-veto, council-terminated/,
    );
    expect(r.stderr).toMatch(
      /exit\.yaml:9:\d+: presences\[0\]\.decisions\[0\]\.ref: missing required field/,
    );
  });
});

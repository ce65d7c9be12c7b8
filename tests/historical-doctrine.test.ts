/**
 * The `historical` doctrine (issue 11): DPA or DPKO by each presence's backstop before 2019-01,
 * each with its own team for the country; the adopted rule with the shared regional team from
 * 2019-01. Lead, handovers (changes of line) and team discontinuities of random scenarios spanning
 * 2019-01 are compared with an implementation written here from the text; Afghanistan,
 * Sierra Leone, Mali, Georgia, Liberia and the DRC are checked against tables written by hand.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/scenario/load.ts';
import type { Scenario, ScenarioPresence } from '../src/scenario/types.ts';
import { replayScenario, type Timeline } from '../src/simulate/replay.ts';
import { ROOT, runInProcess } from './support/cli.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/historical-doctrine.test.ts');

const toIndex = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const toMonth = (i: number): string =>
  `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const REFORM = toIndex('2019-01');

/** The rule for one month, from the presences active in it. */
function ruleLead(active: readonly ScenarioPresence[], month: number): string {
  if (month < REFORM) {
    const dpko = active.some((p) => (p.backstop ?? (p.kind === 'pko' ? 'DPKO' : 'DPA')) === 'DPKO');
    return dpko ? 'DPKO' : 'DPA';
  }
  return active.some((p) => p.kind === 'pko') ? 'DPO' : 'DPPA';
}
const line = (d: string): string => (d === 'DPA' || d === 'DPPA' ? 'political' : 'operations');
const slug = (country: string): string => country.toLowerCase().replace(/[^a-z0-9]+/g, '-');

interface Expected {
  leads: { month: string; lead: string; team: string }[];
  handovers: { at: string; from: string; to: string }[];
  discontinuities: { at: string; from: string; to: string }[];
}

/** Lead, team, handovers and discontinuities month by month, written from the text. */
function expectedHistory(s: Scenario, start: number, end: number): Expected {
  const shared = `${s.region}/${slug(s.country)}`;
  const leads = [];
  for (let m = start; m <= end; m++) {
    const active = s.presences.filter(
      (p) => toIndex(p.from) <= m && (p.to === undefined || m <= toIndex(p.to)),
    );
    const lead = ruleLead(active, m);
    const team = m < REFORM ? `${lead.toLowerCase()}/${shared}` : shared;
    leads.push({ month: toMonth(m), lead, team });
  }
  const handovers = [];
  const discontinuities = [];
  for (let i = 1; i < leads.length; i++) {
    const prev = leads[i - 1]!;
    const cur = leads[i]!;
    if (line(prev.lead) !== line(cur.lead))
      handovers.push({ at: cur.month, from: prev.lead, to: cur.lead });
    if (prev.team !== cur.team && toIndex(cur.month) < REFORM)
      discontinuities.push({ at: cur.month, from: prev.team, to: cur.team });
  }
  return { leads, handovers, discontinuities };
}

const KINDS = [
  'pko',
  'spm-field',
  'spm-regional-office',
  'spm-envoy',
  'spm-political-process',
] as const;

const presenceArb = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom(...KINDS),
      from: fc.integer({ min: toIndex('2010-01'), max: toIndex('2025-12') }),
      length: fc.integer({ min: 1, max: 120 }),
      ongoing: fc.boolean(),
      backstop: fc.constantFrom(undefined, 'DPA', 'DPKO'),
    })
    .map((r): ScenarioPresence => ({
      name: `P${i}`,
      kind: r.kind,
      from: toMonth(r.from),
      ...(r.ongoing ? {} : { to: toMonth(r.from + r.length - 1) }),
      ...(r.backstop === undefined ? {} : { backstop: r.backstop }),
    }));

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .integer({ min: 1, max: 3 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => presenceArb(i))))
  .map((presences) => ({
    country: 'Testland',
    region: 'africa' as const,
    doctrine: 'historical' as const,
    start: '2009-01',
    end: '2029-12',
    presences,
  }));

function check(timeline: Timeline, expected: Expected): void {
  expect(timeline.months.map((m) => ({ month: m.month, lead: m.lead, team: m.team }))).toEqual(
    expected.leads,
  );
  expect(timeline.handovers).toEqual(expected.handovers);
  expect(timeline.discontinuities).toEqual(expected.discontinuities);
  for (const m of timeline.months) {
    const other = { DPA: 'DPKO', DPKO: 'DPA', DPPA: 'DPO', DPO: 'DPPA' }[m.lead];
    expect(m.informed).toBe(other);
  }
  expect(timeline.invariants.filter((i) => !i.holds)).toEqual([]);
}

describe('historical: lead, handovers and team discontinuities', () => {
  it('random scenarios spanning 2019-01 equal the rule, and every invariant holds', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const timeline = replayScenario(scenario);
        expect(timeline.doctrine).toBe('historical');
        check(timeline, expectedHistory(scenario, toIndex('2009-01'), toIndex('2029-12')));
        // from 2019-01 the shared regional team, whatever the doctrine's earlier teams
        const after = timeline.periods.filter((p) => p.from >= '2019-01');
        expect(new Set(after.map((p) => p.team))).toEqual(new Set(['africa/testland']));
        expect(timeline.team.id).toBe('africa/testland');
      }),
      { seed, numRuns: 200 },
    );
  });

  it('the counterfactual doctrines never change team', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom('note-2017', 'adopted-2019'), (scenario, d) => {
        const timeline = replayScenario(scenario, { doctrine: d });
        expect(timeline.discontinuities).toEqual([]);
        expect(new Set(timeline.months.map((m) => m.team))).toEqual(new Set(['africa/testland']));
      }),
      { seed, numRuns: 50 },
    );
  });

  it('Afghanistan: UNAMA, directed by DPKO, hands over from DPKO to DPPA in 2019-01', () => {
    const s = loadScenarioFile(join(ROOT, 'tests/fixtures/histories/afghanistan.yaml'));
    const t = replayScenario(s);
    expect(t.handovers).toEqual([
      { at: '2002-03', from: 'DPA', to: 'DPKO' },
      { at: '2019-01', from: 'DPKO', to: 'DPPA' },
    ]);
    const team = 'middle-east-asia-pacific/afghanistan';
    expect(t.discontinuities).toEqual([{ at: '2002-03', from: `dpa/${team}`, to: `dpko/${team}` }]);
    check(t, expectedHistory(s, toIndex('1994-02'), toIndex('2020-12')));
  });

  it('a DPA-led country passes to DPPA in 2019-01 without a handover', () => {
    const s: Scenario = {
      country: 'Testland',
      region: 'africa',
      presences: [{ name: 'OFFICE', kind: 'spm-field', from: '2015-01', to: '2022-12' }],
    };
    const t = replayScenario(s, { doctrine: 'historical' });
    expect(t.months.find((m) => m.month === '2018-12')?.lead).toBe('DPA');
    expect(t.months.find((m) => m.month === '2019-01')?.lead).toBe('DPPA');
    expect(t.handovers).toEqual([]);
    expect(t.discontinuities).toEqual([]);
  });

  it('Sierra Leone (bundled): its pre-2019 discontinuities, as the rule gives them', () => {
    const s = loadScenarioFile(join(ROOT, 'scenarios/sierra-leone.yaml'));
    const t = replayScenario(s, { doctrine: 'historical' });
    expect(t.discontinuities.length).toBeGreaterThan(0);
    expect(t.discontinuities.every((d) => d.at < '2019-01')).toBe(true);
    check(t, expectedHistory(s, toIndex(t.window.start), toIndex(t.window.end)));
  });

  it('pillar portfolio --at 2019-01 defaults to historical: the field SPMs report to USG/DPPA', async () => {
    const r = await runInProcess(['portfolio', '--at', '2019-01', '--format', 'json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as {
      doctrine: string;
      asgs: { countries: { country: string; lead: string; reportsTo: string }[] }[];
    };
    expect(p.doctrine).toBe('historical');
    const rows = p.asgs.flatMap((a) => a.countries);
    for (const country of [
      'Guinea-Bissau',
      'Somalia',
      'Afghanistan',
      'Iraq',
      'Libya',
      'Colombia',
    ]) {
      expect(
        rows.find((c) => c.country === country),
        country,
      ).toMatchObject({
        lead: 'DPPA',
        reportsTo: 'USG/DPPA',
      });
    }
  });
});

/** Periods as [from, to, phase, stage, lead], consecutive equal ones merged (presences aside). */
function outline(t: Timeline): string[][] {
  const rows: string[][] = [];
  for (const p of t.periods) {
    const last = rows[rows.length - 1];
    const key = [p.phase, p.stage ?? '', p.lead];
    if (last && last.slice(2).join() === key.join()) last[1] = p.to;
    else rows.push([p.from, p.to, ...key]);
  }
  return rows;
}

describe('real final mandates and exits, written out by hand', () => {
  const load = (name: string) =>
    replayScenario(loadScenarioFile(join(ROOT, `tests/fixtures/histories/${name}.yaml`)));

  it('Mali: MINUSMA forced out by the host (S/RES/2690, June 2023): drawdown from 2023-06, never planned', () => {
    const t = load('mali');
    expect(outline(t)).toEqual([
      ['2012-01', '2013-06', 'nonMission', 'earlyWarning', 'DPA'],
      ['2013-07', '2014-06', 'peacekeeping', 'startUp', 'DPKO'],
      ['2014-07', '2018-12', 'peacekeeping', 'mandateImplementation', 'DPKO'],
      ['2019-01', '2023-05', 'peacekeeping', 'mandateImplementation', 'DPO'],
      ['2023-06', '2023-12', 'transition', 'drawdown', 'DPO'],
      ['2024-01', '2024-12', 'nonMission', 'earlyWarning', 'DPPA'],
    ]);
    expect(t.handovers).toEqual([
      { at: '2013-07', from: 'DPA', to: 'DPKO' },
      { at: '2024-01', from: 'DPO', to: 'DPPA' },
    ]);
    expect(t.refused).toEqual([]);
  });

  it('Georgia: UNOMIG ended by a veto in June 2009, nothing planned', () => {
    const t = load('georgia');
    expect(outline(t)).toEqual([
      ['1993-08', '1994-07', 'peacekeeping', 'startUp', 'DPKO'],
      ['1994-08', '2009-05', 'peacekeeping', 'mandateImplementation', 'DPKO'],
      ['2009-06', '2009-06', 'transition', 'drawdown', 'DPKO'],
      ['2009-07', '2010-12', 'nonMission', 'earlyWarning', 'DPA'],
    ]);
    const team = 'europe-central-asia-americas/georgia';
    expect(t.discontinuities).toEqual([{ at: '2009-07', from: `dpko/${team}`, to: `dpa/${team}` }]);
  });

  it('Liberia: UNMIL final mandate S/RES/2333 (Dec 2016), planning from then, withdrawn after March 2018', () => {
    const t = load('liberia');
    expect(outline(t)).toEqual([
      ['2003-10', '2004-09', 'peacekeeping', 'startUp', 'DPKO'],
      ['2004-10', '2016-11', 'peacekeeping', 'mandateImplementation', 'DPKO'],
      ['2016-12', '2018-03', 'transition', 'planning', 'DPKO'],
      ['2018-04', '2018-12', 'nonMission', 'earlyWarning', 'DPA'],
      ['2019-01', '2019-06', 'nonMission', 'earlyWarning', 'DPPA'],
    ]);
    expect(t.handovers).toEqual([{ at: '2018-04', from: 'DPKO', to: 'DPA' }]);
  });

  it('DRC: MONUC replaced by MONUSCO in July 2010; phased withdrawal from S/RES/2717 (Dec 2023)', () => {
    const t = load('democratic-republic-of-the-congo');
    expect(outline(t)).toEqual([
      ['1999-11', '2000-10', 'peacekeeping', 'startUp', 'DPKO'],
      ['2000-11', '2010-05', 'peacekeeping', 'mandateImplementation', 'DPKO'],
      ['2010-06', '2010-06', 'transition', 'drawdown', 'DPKO'],
      ['2010-07', '2011-06', 'peacekeeping', 'startUp', 'DPKO'],
      ['2011-07', '2018-12', 'peacekeeping', 'mandateImplementation', 'DPKO'],
      ['2019-01', '2023-11', 'peacekeeping', 'mandateImplementation', 'DPO'],
      ['2023-12', '2024-12', 'transition', 'drawdown', 'DPO'],
    ]);
    expect(t.handovers).toEqual([]);
    expect(t.discontinuities).toEqual([]);
  });
});

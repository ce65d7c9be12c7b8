/**
 * Doctrine comparison: `compareTimelines` on made-up month sequences (properties with fast-check)
 * and `compareDoctrines` on the bundled scenarios against DOMAIN.md's rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenarioFile } from '../src/scenario/load.ts';
import { compareDoctrines, compareTimelines } from '../src/simulate/compare.ts';
import type { MonthState, Timeline } from '../src/simulate/replay.ts';
import { DOCTRINES, type Doctrine } from '../src/domain/index.ts';

/** Timelines under every doctrine; historical as adopted-2019 unless given. */
function all(note: Timeline, adopted: Timeline, historical?: Timeline): Record<Doctrine, Timeline> {
  return {
    'note-2017': note,
    'adopted-2019': adopted,
    historical: historical ?? { ...adopted, doctrine: 'historical' },
  };
}
import { ROOT } from './support/cli.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/compare.test.ts');

type Lead = 'DPPA' | 'DPO';
const month = (i: number): string =>
  `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const other = (d: Lead): Lead => (d === 'DPO' ? 'DPPA' : 'DPO');

/** A minimal timeline whose months have the given leads from 2000-01; handovers from lead changes. */
function timeline(doctrine: Doctrine, leads: readonly Lead[], failed = false): Timeline {
  const months: MonthState[] = leads.map((lead, i) => ({
    month: month(i),
    phase: 'nonMission',
    stage: null,
    presences: [],
    lead,
    informed: other(lead),
    team: 'africa/testland',
  }));
  const handovers = leads
    .slice(1)
    .flatMap((lead, i) =>
      lead === leads[i] ? [] : [{ at: month(i + 1), from: leads[i]!, to: lead }],
    );
  return {
    country: 'Testland',
    region: 'africa',
    doctrine,
    team: { id: 'africa/testland', region: 'africa', asg: 'ASG for Africa' },
    window: { start: month(0), end: month(leads.length - 1) },
    months,
    periods: [],
    handovers,
    discontinuities: [],
    invariants: [
      { id: 'single-lead', holds: true },
      failed
        ? {
            id: 'lead-by-doctrine',
            holds: false,
            step: { index: 0, month: month(0), event: null, message: 'x' },
          }
        : { id: 'lead-by-doctrine', holds: true },
    ],
    refused: [],
    steps: 0,
    caveats: [],
    plans: [],
    taskHandovers: [],
    orphanedTasks: [],
  };
}

const lead = fc.constantFrom<Lead>('DPPA', 'DPO');

describe('compareTimelines', () => {
  it('ranges: maximal runs of differing months, one per change of the pair of leads', () => {
    const c = compareTimelines(
      all(
        timeline('note-2017', ['DPO', 'DPO', 'DPO', 'DPPA', 'DPO', 'DPPA']),
        timeline('adopted-2019', ['DPO', 'DPPA', 'DPPA', 'DPPA', 'DPPA', 'DPO']),
      ),
    );
    expect(c.leadDiffers).toEqual([
      {
        from: '2000-02',
        to: '2000-03',
        months: 2,
        lead: { 'note-2017': 'DPO', 'adopted-2019': 'DPPA', historical: 'DPPA' },
      },
      {
        from: '2000-05',
        to: '2000-05',
        months: 1,
        lead: { 'note-2017': 'DPO', 'adopted-2019': 'DPPA', historical: 'DPPA' },
      },
      {
        from: '2000-06',
        to: '2000-06',
        months: 1,
        lead: { 'note-2017': 'DPPA', 'adopted-2019': 'DPO', historical: 'DPO' },
      },
    ]);
    expect(c.monthsDiffering).toBe(4);
    expect(c.months).toBe(6);
  });

  it('invariant tallies name the failures', () => {
    const c = compareTimelines(
      all(timeline('note-2017', ['DPO'], true), timeline('adopted-2019', ['DPO'])),
    );
    expect(c.invariants['note-2017']).toEqual({ held: 1, total: 2, failed: ['lead-by-doctrine'] });
    expect(c.invariants['adopted-2019']).toEqual({ held: 2, total: 2, failed: [] });
  });

  it('properties: ranges cover exactly the months where the lines differ; onlyIn is what no other doctrine has', () => {
    const triples = fc
      .integer({ min: 1, max: 60 })
      .chain((n) =>
        fc.tuple(...DOCTRINES.map(() => fc.array(lead, { minLength: n, maxLength: n }))),
      );
    fc.assert(
      fc.property(triples, (leads) => {
        const byDoctrine = Object.fromEntries(
          DOCTRINES.map((d, i) => [d, timeline(d, leads[i] as Lead[])]),
        ) as Record<Doctrine, Timeline>;
        const note = byDoctrine['note-2017'];
        const c = compareTimelines(byDoctrine);
        const differing = note.months
          .map((m, i) => (new Set(leads.map((l) => l[i])).size > 1 ? m.month : null))
          .filter((m) => m !== null);
        const covered = c.leadDiffers.flatMap((d) => {
          const start = note.months.findIndex((m) => m.month === d.from);
          expect(d.months).toBe(note.months.findIndex((m) => m.month === d.to) - start + 1);
          return note.months.slice(start, start + d.months).map((m) => m.month);
        });
        expect(covered).toEqual(differing);
        expect(c.monthsDiffering).toBe(differing.length);
        // maximal: two adjacent ranges either leave a gap or change the leads
        c.leadDiffers.slice(1).forEach((d, i) => {
          const prev = c.leadDiffers[i]!;
          const adjacent =
            note.months.findIndex((m) => m.month === d.from) ===
            note.months.findIndex((m) => m.month === prev.to) + 1;
          if (adjacent) expect(d.lead).not.toEqual(prev.lead);
        });
        const key = (h: { at: string; from: string; to: string }) => `${h.at}:${h.from}:${h.to}`;
        for (const d of DOCTRINES) {
          const others = new Set(
            DOCTRINES.filter((o) => o !== d).flatMap((o) => byDoctrine[o].handovers.map(key)),
          );
          expect(c.onlyIn[d].map(key)).toEqual(
            byDoctrine[d].handovers.map(key).filter((k) => !others.has(k)),
          );
        }
      }),
      { seed },
    );
  });
});

describe('compareDoctrines on the bundled scenarios', () => {
  const dir = join(ROOT, 'scenarios');

  it('Sierra Leone: UNIOSIL and UNIPSIL (2006-01 to 2014-03) are DPO under the note, DPPA as adopted; as it happened DPKO directed UNIOSIL and DPA UNIPSIL', () => {
    const c = compareDoctrines(loadScenarioFile(join(dir, 'sierra-leone.yaml')));
    expect(c.leadDiffers).toEqual([
      {
        from: '2006-01',
        to: '2008-09',
        months: 33,
        lead: { 'note-2017': 'DPO', 'adopted-2019': 'DPPA', historical: 'DPKO' },
      },
      {
        from: '2008-10',
        to: '2014-03',
        months: 66,
        lead: { 'note-2017': 'DPO', 'adopted-2019': 'DPPA', historical: 'DPA' },
      },
    ]);
    expect(c.onlyIn).toEqual({
      'note-2017': [{ at: '2014-04', from: 'DPO', to: 'DPPA' }],
      'adopted-2019': [{ at: '2006-01', from: 'DPO', to: 'DPPA' }],
      historical: [{ at: '2008-10', from: 'DPKO', to: 'DPA' }],
    });
  });

  it('every scenario: the lines differ exactly where the three rules disagree', () => {
    const idx = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
      const file = join(dir, name);
      const raw = parse(readFileSync(file, 'utf8')) as {
        presences: { kind: string; from: string; to?: string; backstop?: string }[];
      };
      const c = compareDoctrines(loadScenarioFile(file));
      let expected = 0;
      for (let i = idx(c.window.start); i <= idx(c.window.end); i++) {
        const m = `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
        const active = raw.presences.filter(
          (p) => p.from <= m && (p.to === undefined || m <= p.to),
        );
        const pko = active.some((p) => p.kind === 'pko');
        const note = pko || active.some((p) => p.kind === 'spm-field');
        const history =
          m < '2019-01'
            ? active.some((p) => (p.backstop ?? (p.kind === 'pko' ? 'DPKO' : 'DPA')) === 'DPKO')
            : pko;
        if (new Set([note, pko, history]).size > 1) expected++;
      }
      expect(c.monthsDiffering, name).toBe(expected);
    }
  });
});

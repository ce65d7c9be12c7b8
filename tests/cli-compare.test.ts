/** `pillar compare`, in-process. */
import { describe, expect, it } from 'vitest';
import { hasStackTrace, runInProcess } from './support/cli.ts';
import { INVARIANT_IDS } from '../src/invariants/index.ts';

/** Every invariant of the catalogue. */
const N = INVARIANT_IDS.length;

interface ComparisonJson {
  country: string;
  months: number;
  monthsDiffering: number;
  leadDiffers: { from: string; to: string; months: number; lead: Record<string, string> }[];
  handovers: Record<string, { at: string; from: string; to: string }[]>;
  onlyIn: Record<string, { at: string; from: string; to: string }[]>;
  discontinuities: Record<string, { at: string; from: string; to: string }[]>;
  invariants: Record<string, { held: number; total: number; failed: string[] }>;
}

describe('pillar compare', () => {
  it('json: Sierra Leone side by side', async () => {
    const r = await runInProcess(['compare', 'sierra-leone', '--format', 'json']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout) as ComparisonJson;
    expect(c.country).toBe('Sierra Leone');
    expect(c.months).toBe(341); // 1998-07..2026-11
    expect(c.monthsDiffering).toBe(99);
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
    expect(c.onlyIn['note-2017']).toEqual([{ at: '2014-04', from: 'DPO', to: 'DPPA' }]);
    // UNIOSIL was directed by DPKO (data/transitions.json), so history changed line only when
    // UNIPSIL (DPA) took over in 2008-10: adopted-2019's 2006-01 is its own.
    expect(c.onlyIn['adopted-2019']).toEqual([{ at: '2006-01', from: 'DPO', to: 'DPPA' }]);
    expect(c.handovers.historical).toEqual([{ at: '2008-10', from: 'DPKO', to: 'DPA' }]);
    expect(c.discontinuities.historical).toEqual([
      { at: '2008-10', from: 'dpko/africa/sierra-leone', to: 'dpa/africa/sierra-leone' },
    ]);
    expect(c.discontinuities['note-2017']).toEqual([]);
    expect(c.invariants['note-2017']).toEqual({ held: N, total: N, failed: [] });
    expect(c.invariants.historical).toEqual({ held: N, total: N, failed: [] });
  });

  it('table: the range, the count and the handovers only one doctrine has', async () => {
    const r = await runInProcess(['compare', 'sierra-leone']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("the lead's line differs in 99 of 341 months");
    expect(r.stdout).toMatch(/^\s+2006-01\s+2008-09\s+33\s+DPO\s+DPPA\s+DPKO$/m);
    expect(r.stdout).toMatch(/^\s+2008-10\s+2014-03\s+66\s+DPO\s+DPPA\s+DPA$/m);
    expect(r.stdout).toMatch(
      /^note-2017\s+2014-04 DPO\u2192DPPA\s+2014-04 DPO\u2192DPPA\s+0\s+13\/13 \u2713$/m,
    );
    expect(r.stdout).toMatch(
      /^adopted-2019\s+2006-01 DPO\u2192DPPA\s+2006-01 DPO\u2192DPPA\s+0\s+13\/13 \u2713$/m,
    );
    expect(r.stdout).toMatch(
      /^historical\s+2008-10 DPKO\u2192DPA\s+2008-10 DPKO\u2192DPA\s+1\s+13\/13 \u2713$/m,
    );
  });

  it('a scenario without field SPMs: the lead on the same line in every month', async () => {
    // Georgia: one pko (UNOMIG) only, so every doctrine agrees on the line
    const r = await runInProcess(['compare', 'georgia']);
    expect(r.stdout).toContain('the lead is on the same line under every doctrine in every month');
    const j = JSON.parse(
      (await runInProcess(['compare', 'georgia', '--format', 'json'])).stdout,
    ) as ComparisonJson;
    expect(j.leadDiffers).toEqual([]);
    expect(j.onlyIn).toEqual({ 'note-2017': [], 'adopted-2019': [], historical: [] });
  });

  it('several scenarios or --all: a JSON array', async () => {
    const two = JSON.parse(
      (await runInProcess(['compare', 'sierra-leone', 'georgia', '--format', 'json'])).stdout,
    ) as ComparisonJson[];
    expect(two.map((c) => c.country)).toEqual(['Sierra Leone', 'Georgia']);
    const all = JSON.parse(
      (await runInProcess(['compare', '--all', '--format', 'json'])).stdout,
    ) as ComparisonJson[];
    expect(all).toHaveLength(24);
  });

  it.each([
    [['compare', 'atlantis'], /^atlantis: no bundled scenario/],
    [['compare', 'sierra-leone', '--format', 'csv'], /argument 'csv' is invalid/],
    [['compare'], /name at least one scenario/],
  ])('%j: exit 2 without a stack trace', async (args, message) => {
    const r = await runInProcess(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

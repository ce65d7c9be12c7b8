/**
 * Monte Carlo with mandated tasks (issue 12): the model's new fields, the continuity of every
 * task of every ended mission (property, seed printed), and the summary's task figures recounted
 * from the trajectories.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { TASKS, fromMonthIndex, toMonthIndex } from '../src/domain/index.ts';
import {
  DEFAULT_MODEL_PATH,
  ModelError,
  loadModel,
  parseModel,
} from '../src/simulate/montecarlo/model-file.ts';
import type { Model } from '../src/simulate/montecarlo/model.ts';
import { runSimulation } from '../src/simulate/montecarlo/run.ts';
import {
  SummaryBuilder,
  formatMonteCarloSummary,
  type MonteCarloSummary,
  getMissionCliffs,
} from '../src/simulate/montecarlo/summary.ts';
import {
  simulateCountry,
  simulateCountryDetailed,
  taskRecordSchema,
  type CountryRecord,
  type SimulationParams,
} from '../src/simulate/montecarlo/trajectory.ts';
import { hasStackTrace, runInProcess } from './support/cli.ts';
import { getSeed } from './support/fc-seed.ts';

const defaultText = readFileSync(DEFAULT_MODEL_PATH, 'utf8');
const model = loadModel();
/** The default model as it was before issue 12: no tasks, no budgets. */
const bareModel: Model = { ...model };
delete bareModel.tasks;
delete bareModel.budgets;

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-mc-tasks-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const params = (seed: number, countries: number, m: Model = model): SimulationParams => ({
  countries,
  years: 30,
  seed,
  doctrine: 'adopted-2019',
  model: m,
});

function refusal(text: string): ModelError {
  try {
    parseModel(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return error as ModelError;
  }
  throw new Error('the model was accepted');
}

function edited(from: string, to: string): string {
  expect(defaultText, `${from} in the default model`).toContain(from);
  return defaultText.replace(from, to);
}

function positionOf(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  expect(offset).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before.at(-1) ?? '').length + 1}`;
}

/** The default model's text without its `tasks` and `budgets` sections (a pre-issue-12 file). */
function withoutTaskSections(text: string): string {
  const start = text.indexOf('\n# Mandated tasks (issue 12)');
  expect(start).toBeGreaterThan(0);
  return `${text.slice(0, start)}\n`;
}

describe('model files: tasks and budgets', () => {
  it('loads the default model with a task distribution per mission kind, receivers and budgets', () => {
    expect(model.tasks?.perKind.pko?.['protection-of-civilians']).toBe(0.8);
    expect(model.tasks?.orphanedAtForcedExit).toBe(0.5);
    expect(model.tasks?.receivers['country-team']).toBe(5);
    expect(model.budgets?.pko).toEqual({ min: 50, max: 1200 });
  });

  it('still loads a model file without the new fields; its records and summary carry no tasks', () => {
    const old = parseModel(withoutTaskSections(defaultText), 'old.yaml');
    expect(old.tasks).toBeUndefined();
    expect(old.budgets).toBeUndefined();
    expect(old).toEqual(bareModel);
    const record = simulateCountry(params(1, 5, old), 0);
    expect('tasks' in record).toBe(false);
    const builder = new SummaryBuilder(params(1, 1, old));
    builder.add(record);
    const summary = builder.finish();
    expect('tasks' in summary).toBe(false);
    expect(formatMonteCarloSummary(summary)).not.toContain('Funding cliff');
  });

  it('refuses bad values of the new fields, naming the field, line and column', () => {
    const cases: [string, string, string, string][] = [
      [
        'protection-of-civilians: 0.8',
        'protection-of-civilians: 1.8',
        '1.8',
        'tasks.perKind.pko.protection-of-civilians: expected a probability from 0 to 1, got 1.8',
      ],
      [
        'orphanedAtForcedExit: 0.5',
        'orphanedAtForcedExit: half',
        'half',
        'tasks.orphanedAtForcedExit: expected a probability from 0 to 1, got "half"',
      ],
      [
        'pko: { min: 50, max: 1200 }',
        'pko: { min: 50, max: 100001 }',
        '100001',
        'budgets.pko.max: expected an amount in USD millions per year from 0 to 100000, got 100001',
      ],
      [
        'spm-envoy: { min: 1, max: 10 }',
        'spm-envoy: { min: 10, max: 1 }',
        'max: 1 }',
        'budgets.spm-envoy.max: min must not exceed max',
      ],
    ];
    for (const [from, to, needle, message] of cases) {
      const text = edited(from, to);
      const at = positionOf(text, needle);
      const shift = needle === 'max: 1 }' ? 'max: '.length : 0;
      const [line, column] = at.split(':').map(Number);
      expect(refusal(text).message).toBe(`bad.yaml:${line}:${(column ?? 0) + shift}: ${message}`);
    }
  });

  it('refuses an unknown task, an unknown mission kind and receivers all weighted zero', () => {
    const task = edited(
      '    spm-envoy:\n      political-process: 0.8',
      '    spm-envoy:\n      political-proces: 0.8',
    );
    expect(refusal(task).message).toContain(
      `bad.yaml:${positionOf(task, 'political-proces:')}: tasks.perKind.spm-envoy.political-proces: unknown field "political-proces" (did you mean "political-process"?)`,
    );
    const kind = edited(
      '  spm-field: { min: 10, max: 120 }',
      '  spm-regional-office: { min: 10, max: 120 }',
    );
    expect(refusal(kind).message).toMatch(
      /budgets\.spm-regional-office: unknown field "spm-regional-office"/,
    );
    const receivers = edited(
      '    country-team: 5\n    government: 4\n    regional-organization: 1\n    completed: 2',
      '    country-team: 0\n    government: 0',
    );
    expect(refusal(receivers).message).toMatch(
      /^bad\.yaml:\d+:\d+: tasks\.receivers: at least one weight must be above zero$/,
    );
    const receiver = edited('    completed: 2', '    successor: 2');
    expect(refusal(receiver).message).toMatch(/tasks\.receivers\.successor: unknown field/);
  });

  it('pillar simulate --model exits 2 naming the bad task field, and writes nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    const text = edited('orphanedAtForcedExit: 0.5', 'orphanedAtForcedExit: 2');
    writeFileSync(file, text);
    const result = await runInProcess([
      'simulate',
      '--countries',
      '5',
      '--model',
      file,
      '--out',
      join(dir, 'out'),
    ]);
    expect(result.code).toBe(2);
    const [line, column] = positionOf(text, 'orphanedAtForcedExit: 2').split(':').map(Number);
    const at = `${line}:${(column ?? 0) + 'orphanedAtForcedExit: '.length}`;
    expect(result.stderr).toContain(
      `bad.yaml:${at}: tasks.orphanedAtForcedExit: expected a probability from 0 to 1, got 2`,
    );
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });
});

describe('trajectories with tasks', () => {
  it('leave every phase trajectory as it was without tasks (tasks use their own stream)', () => {
    for (let i = 0; i < 40; i++) {
      const { tasks, ...withTasks } = simulateCountry(params(9, 40), i);
      expect(tasks).toBeDefined();
      const without = simulateCountry(params(9, 40, bareModel), i);
      expect({ ...withTasks, steps: 0 }).toEqual({ ...without, steps: 0 });
    }
  });

  it('property: every task of every ended mission ends with exactly one receiver or orphaned, never both, never neither', () => {
    const seed = getSeed('tests/montecarlo-tasks.test.ts');
    const probability = fc.double({ min: 0, max: 1, noNaN: true });
    const arbitrary = fc.record({
      runSeed: fc.nat(),
      index: fc.nat({ max: 10_000 }),
      pkoTasks: fc.dictionary(fc.constantFrom(...TASKS), probability),
      spmTasks: fc.dictionary(fc.constantFrom(...TASKS), probability),
      orphaned: probability,
      forced: fc.double({ min: 0, max: 0.05, noNaN: true }),
      relapse: fc.double({ min: 0, max: 0.1, noNaN: true }),
      receivers: fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5), fc.integer({ min: 1, max: 5 })),
    });
    let ended = 0;
    fc.assert(
      fc.property(arbitrary, (a) => {
        const [countryTeam, government, regional, completed] = a.receivers;
        const m: Model = {
          ...model,
          initial: { nonMission: 1, specialPoliticalMission: 1, peacekeeping: 2 },
          pko: { ...model.pko, forcedExitPerMonth: a.forced, finalMandatePerReview: 0.3 },
          spm: { ...model.spm, forcedExitPerMonth: a.forced, finalMandatePerReview: 0.3 },
          transition: { ...model.transition, relapsePerMonth: a.relapse },
          tasks: {
            perKind: { pko: a.pkoTasks, 'spm-field': a.spmTasks, 'spm-envoy': a.spmTasks },
            receivers: {
              'country-team': countryTeam,
              government,
              'regional-organization': regional,
              completed,
            },
            orphanedAtForcedExit: a.orphaned,
          },
        };
        const p = params(a.runSeed, a.index + 1, m);
        const { record, final } = simulateCountryDetailed(p, a.index);
        const context = final.context;
        expect(record.refused).toEqual([]);
        expect(record.violations).toEqual([]);
        const missions = record.tasks?.missions ?? [];
        for (const mission of missions) {
          const handed = context.taskHandovers.filter((h) => h.presence === mission.name);
          const orphaned = context.orphanedTasks.filter((o) => o.presence === mission.name);
          if (mission.to === null) {
            // Still present at the window's end: nothing of it was orphaned.
            expect(orphaned).toEqual([]);
            continue;
          }
          ended++;
          for (const task of mission.tasks) {
            const ends =
              handed.filter((h) => h.task === task).length +
              orphaned.filter((o) => o.task === task).length;
            expect(ends, `${mission.name} ${task} (seed ${seed})`).toBe(1);
          }
          // Nothing ends that the mission did not hold.
          for (const h of handed) expect(mission.tasks).toContain(h.task);
          for (const o of orphaned) {
            expect(mission.tasks).toContain(o.task);
            expect(o.cause).not.toBe('relapse');
          }
        }
        // Planned exits orphan nothing; each exit's counts are the machine's.
        const exits = record.tasks?.exits ?? [];
        for (const exit of exits) {
          expect(exit.handedOver + exit.orphaned).toBe(exit.tasks);
          if (exit.cause === 'planned') {
            expect(exit.orphaned).toBe(0);
            expect(exit.wpsPlans).toBe(exit.tasked);
          }
        }
        expect(exits.reduce((s, e) => s + e.orphaned, 0)).toBe(context.orphanedTasks.length);
        expect(exits.reduce((s, e) => s + e.handedOver, 0)).toBe(context.taskHandovers.length);
        expect(record.tasks?.plans).toBe(context.plans.length);
        expect(taskRecordSchema.safeParse(record.tasks).success).toBe(true);
      }),
      { seed, numRuns: 120 },
    );
    expect(ended).toBeGreaterThan(0);
  });
});

/** The summary's task figures, recounted from the records in a different way than summary.ts. */
function recount(records: CountryRecord[], summary: MonteCarloSummary) {
  const exits = records.flatMap((r) => r.tasks?.exits ?? []);
  const planned = exits.filter((e) => e.cause === 'planned');
  const forced = exits.filter((e) => e.cause !== 'planned');
  const sum = (
    list: typeof exits,
    key: 'tasks' | 'handedOver' | 'orphaned' | 'tasked' | 'wpsPlans',
  ) => list.reduce((s, e) => s + e[key], 0);
  const orphans = forced.map((e) => e.orphaned).sort((a, b) => a - b);
  const rank = (sorted: number[], p: number) =>
    sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1];
  // Funding cliffs month by month, as replay does it: budgets in force at each month's end.
  const start = toMonthIndex(summary.window.start);
  const months = summary.years * 12;
  const falls: number[] = [];
  const shares: number[] = [];
  for (const r of records) {
    const missions = (r.tasks?.missions ?? []).filter((m) => m.budget !== undefined);
    const present = (m: (typeof missions)[number], t: number) => {
      const month = fromMonthIndex(start + t);
      return m.from <= month && (m.to === null || month <= m.to);
    };
    const assessed: number[] = [];
    for (let t = 0; t < months; t++) {
      const total = missions.filter((m) => present(m, t)).reduce((s, m) => s + (m.budget ?? 0), 0);
      assessed.push(Math.round(total * 10) / 10);
    }
    for (let t = 0; t + 1 < months; t++) {
      // One cliff per month in which any budgeted mission ended.
      if (missions.some((m) => present(m, t) && !present(m, t + 1))) {
        const before = assessed[t] ?? 0;
        const fall = Math.round((before - (assessed[Math.min(t + 12, months - 1)] ?? 0)) * 10) / 10;
        falls.push(fall);
        shares.push(before > 0 ? Math.round((fall / before) * 1000) / 1000 : 0);
      }
    }
  }
  falls.sort((a, b) => a - b);
  shares.sort((a, b) => a - b);
  return {
    plans: {
      adopted: records.reduce((s, r) => s + (r.tasks?.plans ?? 0), 0),
      withWps: records.reduce((s, r) => s + (r.tasks?.wpsPlans ?? 0), 0),
    },
    planned: {
      count: planned.length,
      taskedMissions: sum(planned, 'tasked'),
      withWpsPlan: sum(planned, 'wpsPlans'),
      orphaned: sum(planned, 'orphaned'),
    },
    forced: {
      count: forced.length,
      tasks: sum(forced, 'tasks'),
      orphaned: sum(forced, 'orphaned'),
      p50: rank(orphans, 0.5),
      p90: rank(orphans, 0.9),
      mean: Math.round((sum(forced, 'orphaned') / forced.length) * 1000) / 1000,
    },
    cliff: {
      count: falls.length,
      fall: [falls[0], rank(falls, 0.1), rank(falls, 0.5), rank(falls, 0.9), falls.at(-1)],
      share: [shares[0], rank(shares, 0.1), rank(shares, 0.5), rank(shares, 0.9), shares.at(-1)],
    },
  };
}

describe('summary: task figures on a fixed seed', () => {
  it('match a recount from the trajectories (countries.jsonl), with 100% WPS plans in planned exits', async () => {
    const out = tempDir();
    const result = await runSimulation({ params: params(2026, 400), out, workers: 1 });
    const summary = JSON.parse(
      readFileSync(join(out, 'summary.json'), 'utf8'),
    ) as MonteCarloSummary;
    expect(summary).toEqual(result.summary);
    const records = readFileSync(join(out, 'countries.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CountryRecord);
    const t = summary.tasks;
    if (t === undefined) throw new Error('no tasks in the summary');
    const r = recount(records, summary);
    expect(summary.refusedEvents.count).toBe(0);
    expect(summary.invariantViolations.count).toBe(0);
    expect(t.plans).toEqual({ ...r.plans, wpsShare: 1 });
    expect(t.plannedExits).toMatchObject({ ...r.planned, wpsShare: 1 });
    expect(r.planned.taskedMissions).toBeGreaterThan(50);
    expect(t.forcedExits).toMatchObject({
      count: r.forced.count,
      tasks: r.forced.tasks,
      orphaned: r.forced.orphaned,
      orphanedPerExit: {
        count: r.forced.count,
        mean: r.forced.mean,
        p50: r.forced.p50,
        p90: r.forced.p90,
      },
    });
    expect(r.forced.count).toBeGreaterThan(10);
    expect(r.forced.orphaned).toBeGreaterThan(0);
    const exitsByOrphans = Object.entries(t.forcedExits.distribution).reduce(
      (s, [, n]) => s + n,
      0,
    );
    expect(exitsByOrphans).toBe(r.forced.count);
    const c = t.fundingCliff;
    expect(c.count).toBe(r.cliff.count);
    expect(r.cliff.count).toBeGreaterThan(50);
    expect([c.fall.min, c.fall.p10, c.fall.p50, c.fall.p90, c.fall.max]).toEqual(r.cliff.fall);
    expect([c.share.min, c.share.p10, c.share.p50, c.share.p90, c.share.max]).toEqual(
      r.cliff.share,
    );
    const table = formatMonteCarloSummary(summary);
    expect(table).toContain(
      `Planned exits: ${t.plannedExits.count}; missions holding tasks ${r.planned.taskedMissions}, with a WPS plan ${r.planned.withWpsPlan} (100%)`,
    );
    expect(table).toContain(`Orphaned tasks per forced exit: mean ${r.forced.mean}, `);
    expect(table).toMatch(/Funding cliff \(\d+ months in which budgeted missions ended/);
  });

  it('measures the WPS share from the records: a tasked mission withdrawn without a WPS plan lowers it', () => {
    const p = params(1, 1);
    const builder = new SummaryBuilder(p);
    const record = simulateCountry(p, 0);
    builder.add({
      ...record,
      tasks: {
        missions: [],
        exits: [
          {
            at: '2030-01',
            cause: 'planned',
            tasks: 4,
            handedOver: 4,
            orphaned: 0,
            tasked: 2,
            wpsPlans: 1,
          },
          {
            at: '2031-01',
            cause: 'collapse',
            tasks: 3,
            handedOver: 1,
            orphaned: 2,
            tasked: 1,
            wpsPlans: 0,
          },
        ],
        plans: 2,
        wpsPlans: 1,
      },
    });
    const t = builder.finish().tasks;
    expect(t?.plannedExits.wpsShare).toBe(0.5);
    expect(t?.plans.wpsShare).toBe(0.5);
    expect(t?.forcedExits.orphanedPerExit).toMatchObject({ count: 1, mean: 2 });
    expect(t?.forcedExits.orphanedShare).toBe(0.6667);
    expect(t?.fundingCliff.count).toBe(0);
  });
});

describe('determinism with tasks', () => {
  it('gives the same files with 1 and 2 workers', async () => {
    const [one, two] = [tempDir(), tempDir()];
    await runSimulation({ params: params(5, 80), out: one, workers: 1 });
    await runSimulation({ params: params(5, 80), out: two, workers: 2 });
    for (const f of ['countries.jsonl', 'summary.json']) {
      const a = readFileSync(join(one, f), 'utf8');
      expect(readFileSync(join(two, f), 'utf8')).toBe(a);
      expect(a).toContain('"tasks"');
    }
  });
});

describe('funding cliffs in the summary', () => {
  it("counts missions ending in the same month as one cliff, the country's fall", () => {
    const mission = (name: string, to: string | null, budget: number) => ({
      name,
      kind: 'pko' as const,
      from: '2000-01',
      to,
      tasks: [],
      budget,
    });
    // A forced exit withdraws the PKO and the SPM together: one cliff of 530, not two.
    const together = getMissionCliffs(
      [mission('P', '2005-06', 500), mission('S', '2005-06', 30), mission('R', null, 10)],
      toMonthIndex('2010-01'),
    );
    expect(together).toEqual([{ fall: 530, share: 0.981 }]);
    // Ending a month apart: two cliffs, each the fall over its own 12 months.
    const apart = getMissionCliffs(
      [mission('P', '2005-06', 500), mission('S', '2005-07', 30), mission('R', null, 10)],
      toMonthIndex('2010-01'),
    );
    expect(apart).toEqual([
      { fall: 530, share: 0.981 },
      { fall: 30, share: 0.75 },
    ]);
  });
});

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../src/simulate/montecarlo/summary.ts';
import { hasStackTrace, runInProcess, runSubprocess } from './support/cli.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-mc-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('pillar simulate: exit codes', () => {
  it('exits 0 after a run without violations, with the summary on stdout', async () => {
    const result = await runInProcess(['simulate', '--countries', '3', '--years', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Monte Carlo: 3 countries x 1 year \(2027-01\.\.2027-12\)/);
    expect(result.stdout).toContain('Invariant violations: 0');
    expect(result.stderr).toMatch(/^simulated 3 countries \(36 country-months\) in /);
  });

  it.each([
    [['--format', 'x'], /argument 'x' is invalid\. Allowed choices are table, json\./],
    [['--doctrine', 'note-2018'], /Allowed choices are note-2017, adopted-2019, historical\./],
    [
      ['--countries', '0'],
      /'--countries <n>' argument '0' is invalid\. Expected an integer from 1/,
    ],
    [['--years', 'ten'], /'--years <n>' argument 'ten' is invalid/],
    [['--resume'], /^--resume needs --out DIR/],
  ])('exits 2 for simulate %j', async (args, message) => {
    const result = await runInProcess(['simulate', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it('exits 2 when --resume is given parameters that differ from the run, and leaves it alone', async () => {
    const out = join(tempDir(), 'run');
    expect(
      (await runInProcess(['simulate', '--countries', '4', '--years', '1', '--out', out])).code,
    ).toBe(0);
    const before = readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'));
    const result = await runInProcess(['simulate', '--resume', '--out', out, '--countries', '5']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`--resume: --countries 5 differs from 4 in ${out}/run.json\n`);
    expect(readdirSync(out).map((f) => readFileSync(join(out, f), 'utf8'))).toEqual(before);
    const doctrine = await runInProcess([
      'simulate',
      '--resume',
      '--out',
      out,
      '--doctrine',
      'adopted-2019',
    ]);
    expect(doctrine.code).toBe(2);
    expect(doctrine.stderr).toContain('--doctrine adopted-2019 differs from note-2017');
  });

  it('labels spells as complete ones, in the table and in summary.json', async () => {
    const out = join(tempDir(), 'run');
    const result = await runInProcess([
      'simulate',
      '--countries',
      '40',
      '--years',
      '10',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^phase +share +per country mean .* complete spells +spell mean/m,
    );
    expect(result.stdout).toContain(
      'complete spells: spells that began and ended inside the window',
    );
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(Object.keys(summary.phases.nonMission)).toEqual([
      'months',
      'share',
      'perCountry',
      'completeSpells',
    ]);
  });

  it('shows examples and exit codes in --help', async () => {
    const result = await runInProcess(['simulate', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\nExamples:\n {2}\$ pillar simulate --countries /);
    expect(result.stdout).toContain('Exit codes: 0 done, 1 an invariant failed');
    expect(result.stdout).toContain('2 bad input or usage');
    expect(result.stdout).toMatch(
      /--format <format> +the summary on stdout \(choices: "table", "json"/,
    );
  });
});

describe('pillar simulate as a real process', () => {
  it('exits 2 for an invalid model file and 0 for a good run', () => {
    const dir = tempDir();
    const file = join(dir, 'model.yaml');
    writeFileSync(file, 'name: broken\n');
    const bad = runSubprocess(['simulate', '--model', file, '--out', join(dir, 'out')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}:1:1: start: missing required field`);
    expect(hasStackTrace(bad.stderr)).toBe(false);
    expect(readdirSync(dir)).toEqual(['model.yaml']);
    const good = runSubprocess([
      'simulate',
      '--countries',
      '2',
      '--years',
      '1',
      '--format',
      'json',
    ]);
    expect(good.code).toBe(0);
    expect((JSON.parse(good.stdout) as Summary).countries).toBe(2);
  });
});

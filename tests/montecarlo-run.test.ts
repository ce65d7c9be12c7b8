import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/simulate/montecarlo/model-file.ts';
import { runSimulation } from '../src/simulate/montecarlo/run.ts';
import { simulateCountry, type SimulationParams } from '../src/simulate/montecarlo/trajectory.ts';

const model = loadModel();
const params = (seed: number, countries = 150, m = model): SimulationParams => ({
  countries,
  years: 30,
  seed,
  doctrine: 'adopted-2019',
  model: m,
});

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-mc-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const FILES = ['run.json', 'countries.jsonl', 'summary.json'];
function read(dir: string): string[] {
  return FILES.map((f) => readFileSync(join(dir, f), 'utf8'));
}

describe('Monte Carlo run: determinism', () => {
  it('gives byte-identical files for the same seed, and different ones for another seed', async () => {
    const [a, b, c] = [tempDir(), tempDir(), tempDir()];
    await runSimulation({ params: params(7), out: a, workers: 1 });
    await runSimulation({ params: params(7), out: b, workers: 1 });
    await runSimulation({ params: params(8), out: c, workers: 1 });
    expect(read(b)).toEqual(read(a));
    const [, countriesA] = read(a);
    const [, countriesC] = read(c);
    expect(countriesC).not.toEqual(countriesA);
    expect(countriesA?.split('\n').filter(Boolean)).toHaveLength(150);
  });

  it('gives a country the same trajectory whatever is simulated before it', () => {
    const p = params(11, 50);
    const late = simulateCountry(p, 42);
    for (let i = 0; i < 42; i++) simulateCountry(p, i);
    expect(simulateCountry(p, 42)).toEqual(late);
  });

  it('does not depend on the number of workers (1 in process vs 2 worker threads)', async () => {
    const [one, two] = [tempDir(), tempDir()];
    const first = await runSimulation({ params: params(5, 120), out: one, workers: 1 });
    const second = await runSimulation({ params: params(5, 120), out: two, workers: 2 });
    expect(first.workers).toBe(1);
    expect(second.workers).toBe(2);
    expect(read(two)).toEqual(read(one));
  });
});

describe('Monte Carlo run: resume', () => {
  it('completes an interrupted run to the same bytes as an uninterrupted one', async () => {
    const [whole, cut] = [tempDir(), tempDir()];
    await runSimulation({ params: params(3), out: whole, workers: 1 });
    const partial = await runSimulation({
      params: params(3),
      out: cut,
      workers: 1,
      limit: 60,
    });
    expect(partial.summary).toBeUndefined();
    expect(
      readFileSync(join(cut, 'countries.jsonl'), 'utf8').split('\n').filter(Boolean),
    ).toHaveLength(60);
    const resumed = await runSimulation({
      params: params(3),
      out: cut,
      workers: 1,
      resume: true,
    });
    expect(resumed.resumed).toBe(60);
    expect(resumed.simulated).toBe(90);
    expect(read(cut)).toEqual(read(whole));
  });

  it('drops a partial last line left by a crash and simulates from there', async () => {
    const [whole, cut] = [tempDir(), tempDir()];
    await runSimulation({ params: params(4), out: whole, workers: 1 });
    await runSimulation({ params: params(4), out: cut, workers: 1, limit: 40 });
    const path = join(cut, 'countries.jsonl');
    const lines = readFileSync(path, 'utf8');
    const next = readFileSync(join(whole, 'countries.jsonl'), 'utf8').split('\n')[40] ?? '';
    writeFileSync(path, lines + next.slice(0, 25));
    const resumed = await runSimulation({
      params: params(4),
      out: cut,
      workers: 1,
      resume: true,
    });
    expect(resumed.resumed).toBe(40);
    expect(read(cut)).toEqual(read(whole));
  });
});

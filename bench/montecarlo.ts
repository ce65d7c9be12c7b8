/**
 * Bench rows of Monte Carlo throughput (`npm run bench` imports `benchMonteCarlo`): the compiled
 * step at 1x, 10x and 100x countries in process, the XState actor at 1x and 10x on the same
 * trajectories, and 1 against 2 worker threads at the largest size; each run in a process of its
 * own for its peak memory (maxRSS), with the bench's own loader options (under `npm run bench`
 * the built package, whose workers start from dist/).
 * Sizes: BENCH_MC_BASE countries for 1x (default 200), 30 years each.
 */
import { fileURLToPath } from 'node:url';
import { runChild } from './loader.ts';

export interface MonteCarloBenchRow {
  engine: string;
  countries: number;
  workers: number;
  countryMonths: number;
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
}

const script = fileURLToPath(new URL('./montecarlo-one.ts', import.meta.url));

function runOne(engine: string, countries: number, workers: number): MonteCarloBenchRow {
  return runChild<MonteCarloBenchRow>(script, [engine, String(countries), String(workers)]);
}

export function benchMonteCarlo(): MonteCarloBenchRow[] {
  const base = Number(process.env.BENCH_MC_BASE ?? 200);
  const rows: MonteCarloBenchRow[] = [];
  for (const scale of [1, 10, 100]) rows.push(runOne('compiled', base * scale, 1));
  for (const scale of [1, 10]) rows.push(runOne('actor', base * scale, 1));
  rows.push(runOne('compiled', base * 100, 2));
  return rows;
}

export function formatMonteCarloBench(rows: readonly MonteCarloBenchRow[]): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const lines = [
    'Monte Carlo by size (own process each; country-months/s on wall time; ns per country-month of CPU shows growth)',
    ...rows.map(
      (r) =>
        `  ${r.engine.padEnd(8)} ${fmt(r.countries).padStart(7)} countries  ${r.workers} worker(s)  ${fmt(r.wallMs).padStart(7)} ms wall  ${fmt((r.countryMonths / r.wallMs) * 1000).padStart(10)} country-months/s  ${((r.cpuMs * 1e6) / r.countryMonths).toFixed(0).padStart(6)} ns/country-month (cpu)  peak RSS ${fmt(r.maxRssMB)} MB`,
    ),
  ];
  const one = rows.find(
    (r) => r.engine === 'compiled' && r.workers === 1 && r.countries === rows.at(-1)?.countries,
  );
  const two = rows.at(-1);
  if (one && two && two.workers === 2) {
    lines.push(`  2 workers / 1: ${(one.wallMs / two.wallMs).toFixed(2)}x (target 1.7x)`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatMonteCarloBench(benchMonteCarlo()));
}

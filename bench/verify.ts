/**
 * Bench rows of `pillar verify` (`npm run bench` imports `benchVerify`): states per second at each
 * abstraction size, both doctrines on the default abstraction, the pillar machine by depth, and
 * each run's peak memory (maxRSS of a process of its own). Growth: CPU microseconds per state at
 * each size; a flat figure means the cost grows linearly with the states explored.
 * Sizes: BENCH_VERIFY_LARGE=0 skips the large abstraction; BENCH_VERIFY_XL=<max states> adds the
 * xl abstraction cut at that many states.
 */
import { fileURLToPath } from 'node:url';
import { runChild } from './loader.ts';

export interface VerifyBenchRow {
  machine: string;
  size: string;
  doctrine: string;
  states: number;
  edges: number;
  complete: boolean;
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
}

const script = fileURLToPath(new URL('./verify-one.ts', import.meta.url));

function runOne(args: string[]): VerifyBenchRow {
  return runChild<VerifyBenchRow>(script, args);
}

export function benchVerify(): VerifyBenchRow[] {
  const rows: VerifyBenchRow[] = [];
  for (const doctrine of ['note-2017', 'adopted-2019'])
    rows.push(runOne(['country', 'default', doctrine]));
  if (process.env.BENCH_VERIFY_LARGE !== '0') rows.push(runOne(['country', 'large', 'note-2017']));
  const xl = process.env.BENCH_VERIFY_XL;
  if (xl) rows.push(runOne(['country', 'xl', 'note-2017', xl]));
  for (const depth of ['2', '3', '4']) rows.push(runOne(['pillar', depth, 'note-2017']));
  return rows;
}

export function formatVerifyBench(rows: readonly VerifyBenchRow[]): string {
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const lines = [
    'pillar verify by size (own process each; states/s on wall and on CPU time; us/state shows growth)',
    ...rows.map(
      (r) =>
        `  ${r.machine} ${r.size.padEnd(7)} ${r.doctrine.padEnd(12)} ${fmt(r.states).padStart(9)} states ${r.complete ? 'complete  ' : 'cut       '} ${fmt(r.wallMs).padStart(7)} ms wall ${fmt((r.states / r.wallMs) * 1000).padStart(8)} states/s  ${fmt((r.states / r.cpuMs) * 1000).padStart(8)} states/cpu-s  ${((r.cpuMs * 1000) / r.states).toFixed(0).padStart(5)} us/state  peak RSS ${fmt(r.maxRssMB)} MB`,
    ),
  ];
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(formatVerifyBench(benchVerify()));
}

/**
 * CLI start-up, as ratios to bare `node -e 0` measured in the same run (issue 9): `pillar
 * --version` (target 1.5x), `pillar replay sierra-leone --format json` (3x) and `pillar replay
 * --all --format json` (4x), each the wall time of a fresh process running the built launcher
 * (bin/pillar.js -> dist/). The commands are measured in interleaved rounds, so a change in the
 * machine's load touches them all alike; the median of the rounds is reported. Builds dist/ first
 * when it is missing or older than the sources. Run alone with `npx tsx bench/startup.ts`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'pillar.js');
const BUILT_MAIN = join(ROOT, 'dist', 'src', 'cli', 'main.js');

export interface StartupRow {
  name: string;
  args: readonly string[];
  /** The most this command may take, as a multiple of bare node. */
  target: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  ratio: number;
}

export interface StartupResult {
  rounds: number;
  bareNodeMs: number;
  rows: StartupRow[];
}

const COMMANDS: readonly { name: string; args: readonly string[]; target: number }[] = [
  { name: 'pillar --version', args: ['--version'], target: 1.5 },
  {
    name: 'pillar replay sierra-leone --format json',
    args: ['replay', 'sierra-leone', '--format', 'json'],
    target: 3,
  },
  {
    name: 'pillar replay --all --format json',
    args: ['replay', '--all', '--format', 'json'],
    target: 4,
  },
];

function newestSource(folder: string): number {
  return Math.max(
    ...readdirSync(folder, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => statSync(join(folder, file)).mtimeMs),
  );
}

/** Builds dist/ when it is missing or older than src/ and machines/. */
function ensureBuilt(): void {
  const built = statSync(BUILT_MAIN, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'machines')));
  if (built >= sources) return;
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

function wall(args: readonly string[]): number {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = performance.now() - t0;
  if (child.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(child.status)}`);
  return ms;
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Measures bare node and the three commands in `rounds` interleaved rounds after a warm-up. */
export function measureStartup(rounds = 9): StartupResult {
  ensureBuilt();
  const runs: readonly (readonly string[])[] = [
    ['-e', '0'],
    ...COMMANDS.map(({ args }) => [BIN, ...args]),
  ];
  for (const args of runs) wall(args);
  const times = runs.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    runs.forEach((args, i) => times[i]?.push(wall(args)));
  }
  const bareNodeMs = median(times[0] ?? []);
  const rows = COMMANDS.map((command, i): StartupRow => {
    const own = times[i + 1] ?? [];
    const medianMs = median(own);
    return {
      ...command,
      medianMs,
      minMs: Math.min(...own),
      maxMs: Math.max(...own),
      ratio: medianMs / bareNodeMs,
    };
  });
  return { rounds, bareNodeMs, rows };
}

/** The result as lines of text. */
export function formatStartup(result: StartupResult): string[] {
  const lines = [
    `CLI start-up (built, median of ${result.rounds} interleaved rounds): bare node -e 0 ${result.bareNodeMs.toFixed(0)} ms`,
  ];
  for (const row of result.rows) {
    const verdict = row.ratio <= row.target ? 'met' : 'MISSED';
    lines.push(
      `  ${row.name.padEnd(42)} ${row.medianMs.toFixed(0).padStart(6)} ms  (${row.minMs.toFixed(0)}-${row.maxMs.toFixed(0)})  ${row.ratio.toFixed(2)}x bare node (target <= ${row.target}x) ${verdict}`,
    );
  }
  return lines;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const line of formatStartup(measureStartup(Number(process.env.BENCH_ROUNDS ?? 9)))) {
    console.log(line);
  }
}

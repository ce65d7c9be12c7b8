/**
 * A whole Monte Carlo run: countries simulated in process or on worker threads, records
 * written to countries.jsonl in index order as soon as they and all before them are done, the
 * summary aggregated in the same order, so the files are the same for any number of workers.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ensureOutputDir, writeOutput } from '../../io/write.ts';
import {
  COUNTRIES_FILE,
  RUN_FILE,
  SUMMARY_FILE,
  readCompletedCountries,
  runKey,
  toCountryLine,
  toRunFile,
} from './resume.ts';
import { SummaryBuilder, type MonteCarloSummary } from './summary.ts';
import { simulateCountry, type CountryRecord, type SimulationParams } from './trajectory.ts';
import type { ChunkRequest } from './worker.ts';

/** Below this many countries to simulate, the default is one in-process run. */
export const IN_PROCESS_BELOW = 2000;

export interface MonteCarloOptions {
  params: SimulationParams;
  /** Directory for run.json, countries.jsonl and summary.json; none: nothing is written. */
  out?: string;
  /**
   * Simulation threads: 1 runs in process; n > 1 runs on the main thread and n - 1 worker threads.
   * Undefined: one in-process run for small runs, else one per core.
   */
  workers?: number;
  /** Continue the run in `out`: keep its complete lines, simulate only the missing countries. */
  resume?: boolean;
  /** Stop once this many countries are done (what an interruption leaves behind; for tests). */
  limit?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface MonteCarloResult {
  /** Undefined when the run stopped at `limit` before the last country. */
  summary?: MonteCarloSummary;
  /** Countries found complete in `out` when resuming. */
  resumed: number;
  simulated: number;
  workers: number;
  elapsedMs: number;
}

/** Where finished records go: in index order, to the file and the summary. */
class OrderedSink {
  private readonly pending = new Map<number, CountryRecord[]>();
  private next: number;
  private readonly fd: number | undefined;
  private readonly key: string;
  constructor(
    private readonly builder: SummaryBuilder,
    start: number,
    path: string | undefined,
    params: SimulationParams,
  ) {
    this.next = start;
    this.key = runKey(params);
    this.fd = path === undefined ? undefined : openSync(path, 'a');
  }
  get done(): number {
    return this.next;
  }
  put(start: number, records: CountryRecord[]): void {
    this.pending.set(start, records);
    for (let ready = this.pending.get(this.next); ready; ready = this.pending.get(this.next)) {
      this.pending.delete(this.next);
      let text = '';
      for (const record of ready) {
        this.builder.add(record);
        if (this.fd !== undefined) text += toCountryLine(this.key, record);
      }
      if (this.fd !== undefined) writeSync(this.fd, text);
      this.next += ready.length;
    }
  }
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }
}

/** The worker count a run uses. */
export function resolveWorkers(requested: number | undefined, remaining: number): number {
  if (remaining <= 0) return 1;
  if (requested === undefined)
    return remaining < IN_PROCESS_BELOW ? 1 : Math.max(1, availableParallelism());
  // Never more threads than cores: 256 workers take the machine down (the CLI refuses them).
  return Math.max(1, Math.min(requested, remaining, availableParallelism()));
}

/** tsx's ESM API (its `tsImport` loads TypeScript with a loader scoped to one import). */
function tsxApiUrl(): string {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
    exports: Record<string, { import?: { default?: string } } | string>;
  };
  const entry = pkg.exports['./esm/api'];
  const file =
    typeof entry === 'string' ? entry : (entry?.import?.default ?? './dist/esm/api/index.mjs');
  return pathToFileURL(join(dirname(manifest), file)).href;
}

/**
 * Starts the worker on a thread. Built (dist/), it is plain JavaScript: worker.js starts directly.
 * From the TypeScript sources, Node 20 applies no module hooks in worker threads (an
 * `--import tsx` in execArgv is ignored there), so the thread boots from a line of JavaScript
 * that loads worker.ts through tsx's `tsImport`.
 */
function startWorker(params: SimulationParams): Worker {
  if (import.meta.url.endsWith('.js')) {
    return new Worker(new URL('./worker.js', import.meta.url), { workerData: params });
  }
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApiUrl())}).then((m) => m.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
  return new Worker(boot, { eval: true, workerData: params });
}

function runInProcess(
  params: SimulationParams,
  from: number,
  to: number,
  sink: OrderedSink,
  progress: () => void,
): void {
  const step = 100;
  for (let start = from; start < to; start += step) {
    const end = Math.min(to, start + step);
    const records: CountryRecord[] = [];
    for (let i = start; i < end; i++) records.push(simulateCountry(params, i));
    sink.put(start, records);
    progress();
  }
}

/**
 * `count` simulation threads: the main thread and `count - 1` worker threads, all taking chunks
 * of countries from one queue. The main thread is otherwise idle while workers run, and it starts
 * at once while the threads boot (from the TypeScript sources, a thread loads them for over a
 * second). Each worker thread keeps two chunks in hand, so it never waits for the main thread
 * to take a result before it has its next chunk; the main thread yields between its own chunks
 * to take results and hand out work.
 */
function runOnWorkers(
  params: SimulationParams,
  from: number,
  to: number,
  count: number,
  sink: OrderedSink,
  progress: () => void,
): Promise<void> {
  const size = Math.max(10, Math.min(200, Math.ceil((to - from) / (count * 16))));
  const chunks: ChunkRequest[] = [];
  for (let start = from; start < to; start += size)
    chunks.push({ start, end: Math.min(to, start + size) });
  let nextChunk = 0;
  let finished = 0;
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let over = false;
    const stopAll = () => {
      over = true;
      for (const w of workers) void w.terminate();
    };
    const fail = (error: unknown) => {
      if (over) return;
      stopAll();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const finish = (start: number, records: CountryRecord[]) => {
      sink.put(start, records);
      progress();
      finished++;
      if (finished === chunks.length) {
        stopAll();
        resolve();
      }
    };
    const feed = (worker: Worker) => {
      const chunk = chunks[nextChunk++];
      if (chunk) worker.postMessage(chunk);
    };
    for (let k = 0; k < count - 1; k++) {
      const worker = startWorker(params);
      workers.push(worker);
      worker.on('message', (message: { start: number; records: CountryRecord[] }) => {
        if (over) return;
        feed(worker);
        try {
          finish(message.start, message.records);
        } catch (error) {
          fail(error);
        }
      });
      worker.on('error', fail);
      feed(worker);
      feed(worker);
    }
    const mainTurn = () => {
      if (over) return;
      const chunk = chunks[nextChunk++];
      if (!chunk) return;
      try {
        const records: CountryRecord[] = [];
        for (let i = chunk.start; i < chunk.end; i++) records.push(simulateCountry(params, i));
        finish(chunk.start, records);
      } catch (error) {
        fail(error);
        return;
      }
      setImmediate(mainTurn);
    };
    setImmediate(mainTurn);
  });
}

/** Runs (or resumes) a simulation; see MonteCarloOptions. */
export async function runSimulation(options: MonteCarloOptions): Promise<MonteCarloResult> {
  const began = performance.now();
  const { params, out } = options;
  const builder = new SummaryBuilder(params);
  let resumed = 0;
  if (out !== undefined) {
    ensureOutputDir(out);
    if (options.resume) {
      for (const record of readCompletedCountries(out, params)) builder.add(record);
      resumed = builder.count;
    } else {
      writeOutput(join(out, RUN_FILE), toRunFile(params));
      writeOutput(join(out, COUNTRIES_FILE), '');
    }
    rmSync(join(out, SUMMARY_FILE), { force: true });
  }
  const target = Math.min(params.countries, options.limit ?? params.countries);
  const sink = new OrderedSink(
    builder,
    resumed,
    out === undefined ? undefined : join(out, COUNTRIES_FILE),
    params,
  );
  const workers = resolveWorkers(options.workers, target - resumed);
  const progress = () => options.onProgress?.(sink.done, params.countries);
  try {
    if (target > resumed) {
      if (workers <= 1) runInProcess(params, resumed, target, sink, progress);
      else await runOnWorkers(params, resumed, target, workers, sink, progress);
    }
  } finally {
    sink.close();
  }
  let summary: MonteCarloSummary | undefined;
  if (sink.done === params.countries) {
    summary = builder.finish();
    if (out !== undefined)
      writeOutput(join(out, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`);
  }
  return {
    ...(summary ? { summary } : {}),
    resumed,
    simulated: sink.done - resumed,
    workers,
    elapsedMs: performance.now() - began,
  };
}

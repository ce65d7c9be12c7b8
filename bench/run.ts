/**
 * `npm run bench`: replay cost of the country machine against a bare XState actor and a
 * hand-written reducer, full replay with invariant checks, and verify throughput, all in one
 * run. Each measure: one warm-up, then several repetitions; the median is reported. Prints a
 * table and writes bench/results.json. Timings live here, never in tests.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createActor, type AnyStateMachine } from 'xstate';
import { countryMachine } from '../machines/country.ts';
import type { CountryEvent, CountryInput } from '../machines/country-types.ts';
import { DOCTRINES } from '../src/domain/index.ts';
import { listBundledScenarios } from '../src/scenario/catalog.ts';
import { planScenario } from '../src/scenario/events.ts';
import type { Scenario } from '../src/scenario/types.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import { sendEvent } from '../src/country/index.ts';
import { verifyCountryMachine } from '../src/verify/index.ts';
import { loadModel, runSimulation } from '../src/simulate/montecarlo/index.ts';
import { eventCommands } from '../tests/model-based/arbitraries.ts';
import { createModel, stepModel } from '../tests/model-based/model.ts';
import type { EventCommand } from '../tests/model-based/event-command.ts';
import { bareMachine } from './bare.ts';
import { formatStartup, measureStartup, median } from './startup.ts';
import { benchMonteCarlo, formatMonteCarloBench } from './montecarlo.ts';
import { benchVerify, formatVerifyBench } from './verify.ts';
import { describeMeasuredCode } from './loader.ts';
import { initReducer, reduce } from './reducer.ts';
import { benchOverlap, getKernelTasks, printKernelRatios } from './kernel.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const REPS = Number(process.env.BENCH_REPS ?? 7);
/** Passes over all scenarios per repetition, so one repetition lasts long enough to time. */
const PASSES = Number(process.env.BENCH_PASSES ?? 20);

interface Measure {
  name: string;
  unit: string;
  /** Work items (events or states) per repetition. */
  items: number;
  medianMs: number;
  /**
   * Median CPU time of the process per repetition (in-process rows): what the ratios use, since
   * the cores are shared and wall time swings with what else runs.
   */
  cpuMs?: number;
  perSecond: number;
  /** Spread of the repetitions, min and max ms. */
  minMs: number;
  maxMs: number;
  /** Heap and RSS growth over one run, where measured in this process (else undefined). */
  heapDeltaMB?: number;
  rssDeltaMB?: number;
  /** Peak RSS of the process of its own the row was measured in, where it had one. */
  peakRssMB?: number;
}

interface Task {
  name: string;
  unit: string;
  items: number;
  fn: () => void;
}

/**
 * Warms every task up once, then runs `reps` rounds in which each task runs once in turn (so a
 * change of machine load hits all of them alike). Before each timed run: a full collection, then
 * one untimed run of the same task, so that the timed run starts from the task's own steady state.
 * Timed straight after a forced `gc()`, every row, the bare actor's included, took 1.2-1.8x the
 * wall time and 1.6-2.4x the CPU time per event (collection work that the task then pays for,
 * much of it on V8's helper threads; likely the young generation growing back); timed with no
 * collection at all, a row paid for the garbage the row before it left (the first row of a
 * round up to 1.5x).
 * Memory is measured in a round of its own afterwards: the growth over one run of each task
 * from a collected heap.
 */
function measureAll(tasks: readonly Task[], reps = REPS): Measure[] {
  for (const task of tasks) task.fn();
  const times = tasks.map((): number[] => []);
  const cpuTimes = tasks.map((): number[] => []);
  for (let i = 0; i < reps; i++) {
    tasks.forEach((task, t) => {
      gc();
      task.fn();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      task.fn();
      (times[t] as number[]).push(performance.now() - t0);
      const cpu = process.cpuUsage(cpu0);
      (cpuTimes[t] as number[]).push((cpu.user + cpu.system) / 1000);
    });
  }
  const heap = tasks.map(() => 0);
  const rss = tasks.map(() => 0);
  tasks.forEach((task, t) => {
    gc();
    const before = process.memoryUsage();
    task.fn();
    const after = process.memoryUsage();
    heap[t] = after.heapUsed - before.heapUsed;
    rss[t] = after.rss - before.rss;
  });
  return tasks.map((task, t) => {
    const own = times[t] as number[];
    const medianMs = median(own);
    return {
      name: task.name,
      unit: task.unit,
      items: task.items,
      medianMs,
      cpuMs: median(cpuTimes[t] as number[]),
      perSecond: (task.items / medianMs) * 1000,
      minMs: Math.min(...own),
      maxMs: Math.max(...own),
      heapDeltaMB: (heap[t] as number) / 2 ** 20,
      rssDeltaMB: (rss[t] as number) / 2 ** 20,
    };
  });
}

interface Run {
  input: CountryInput;
  events: CountryEvent[];
}

const scenarios: Scenario[] = listBundledScenarios().map((s) => s.scenario);
const runs: Run[] = scenarios.map((scenario) => {
  const plan = planScenario(scenario);
  return { input: plan.input, events: plan.months.flatMap((m) => m.events) };
});
const eventsPerPass = runs.reduce((n, r) => n + r.events.length, 0);
const totalEvents = eventsPerPass * PASSES;

function passes(fn: () => void): () => void {
  return () => {
    for (let i = 0; i < PASSES; i++) fn();
  };
}

function sendAll(machine: AnyStateMachine, withInput: boolean): void {
  for (const run of runs) {
    const actor = withInput ? createActor(machine, { input: run.input }) : createActor(machine);
    actor.start();
    for (const event of run.events) actor.send(event);
    actor.stop();
  }
}

const results: Measure[] = measureAll([
  {
    name: 'replay: country machine actor',
    unit: 'events',
    items: totalEvents,
    fn: passes(() => sendAll(countryMachine, true)),
  },
  {
    name: 'replay: sendEvent on the country actor',
    unit: 'events',
    items: totalEvents,
    fn: passes(() => {
      for (const run of runs) {
        const actor = createActor(countryMachine, { input: run.input }).start();
        for (const event of run.events) sendEvent(actor, event);
        actor.stop();
      }
    }),
  },
  {
    name: 'baseline: bare XState actor',
    unit: 'events',
    items: totalEvents,
    fn: passes(() => sendAll(bareMachine, false)),
  },
  {
    name: 'baseline: hand-written reducer',
    unit: 'events',
    items: totalEvents,
    fn: passes(() => {
      for (const run of runs) {
        let state = initReducer(run.input);
        for (const event of run.events) state = reduce(state, event);
      }
    }),
  },
  ...getKernelTasks(runs, PASSES),
  {
    name: 'replayScenario (timeline + invariants)',
    unit: 'events',
    items: totalEvents,
    fn: passes(() => {
      for (const scenario of scenarios) replayScenario(scenario);
    }),
  },
]);
const verifyTasks: Task[] = DOCTRINES.map((doctrine) => ({
  name: `verify ${doctrine}`,
  unit: 'states',
  items: verifyCountryMachine({ doctrine }).states,
  fn: () => verifyCountryMachine({ doctrine }),
}));
results.push(...measureAll(verifyTasks, 3));
// Overlapping presences: each size and kind in a process of its own (peak RSS as its memory).
for (const row of benchOverlap([100, 1000, 10000])) {
  results.push({
    name: row.name,
    unit: row.unit,
    items: row.items,
    medianMs: row.wallMs,
    cpuMs: row.cpuMs,
    perSecond: (row.items / row.wallMs) * 1000,
    minMs: row.wallMs,
    maxMs: row.wallMs,
    peakRssMB: row.maxRssMB,
  });
}

// Model-based test: fast-check runs per second, against the same command sequences run on the
// model alone (generation and shrinking infrastructure included in both).
const FC_RUNS = 200;
const commands = fc.commands(eventCommands, { maxCommands: 80, size: 'max' });
const fcTasks: Task[] = [
  {
    name: 'fast-check model-based test',
    unit: 'runs',
    items: FC_RUNS,
    fn: () =>
      fc.assert(
        fc.property(commands, (cmds) => {
          const actor = createActor(countryMachine, {
            input: { country: 'Testland', region: 'africa' },
          }).start();
          fc.modelRun(() => ({ model: createModel('note-2017'), real: { actor, index: 0 } }), cmds);
          actor.stop();
        }),
        { numRuns: FC_RUNS, seed: 42 },
      ),
  },
  {
    name: 'baseline: same commands, model only',
    unit: 'runs',
    items: FC_RUNS,
    fn: () =>
      fc.assert(
        fc.property(commands, (cmds) => {
          const model = createModel('note-2017');
          for (const wrapped of cmds) {
            const c = ((wrapped as { cmd?: unknown }).cmd ?? wrapped) as EventCommand;
            stepModel(model, c.event);
          }
        }),
        { numRuns: FC_RUNS, seed: 42 },
      ),
  },
];
results.push(...measureAll(fcTasks, 3));

// Monte Carlo: country-months per second in process (1 worker) and on 2 worker threads. The run
// is large enough that starting the threads (each loads the package: dist/ under `npm run bench`,
// the sources otherwise) does not dominate.
const MC = { countries: Number(process.env.BENCH_MC_COUNTRIES ?? 16000), years: 30, seed: 1 };
const model = loadModel();
const countryMonths = MC.countries * MC.years * 12;
/** CPU time of the last run on each worker count, all threads of the process. */
const monteCarloCpuMs: Record<number, number> = {};
const loadBefore = loadavg()[0] ?? 0;
for (const workers of [1, 2]) {
  const times: number[] = [];
  let rssPeak = 0;
  for (let i = 0; i < 2; i++) {
    gc();
    const rssBefore = process.memoryUsage().rss;
    const cpuBefore = process.cpuUsage();
    const result = await runSimulation({
      params: { ...MC, doctrine: 'note-2017', model },
      workers,
    });
    times.push(result.elapsedMs);
    const cpu = process.cpuUsage(cpuBefore);
    monteCarloCpuMs[workers] = (cpu.user + cpu.system) / 1000;
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss - rssBefore);
  }
  const medianMs = median(times);
  results.push({
    name:
      workers === 1
        ? 'Monte Carlo, 1 worker (in process)'
        : `Monte Carlo, ${workers} worker threads`,
    unit: 'country-months',
    items: countryMonths,
    medianMs,
    perSecond: (countryMonths / medianMs) * 1000,
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    rssDeltaMB: rssPeak / 2 ** 20,
  });
}

// The CLI end to end: `pillar replay --all --format json`, wall time of a fresh process, against
// the same process printing its version (start-up alone): rows of the start-up measure
// (bench/startup.ts, interleaved rounds with bare node), not a second timing of the same commands.
const startup = measureStartup();
for (const [name, command] of [
  ['pillar replay --all --format json (wall)', 'pillar replay --all --format json'],
  ['baseline: pillar --version (wall)', 'pillar --version'],
] as const) {
  const row = startup.rows.find((r) => r.name === command);
  if (row === undefined) throw new Error(`bench/startup.ts measured no ${command}`);
  results.push({
    name,
    unit: 'runs',
    items: 1,
    medianMs: row.medianMs,
    perSecond: 1000 / row.medianMs,
    minMs: row.minMs,
    maxMs: row.maxMs,
  });
}

const byName = (prefix: string): Measure =>
  results.find((r) => r.name.startsWith(prefix)) as Measure;
/** What ratios of in-process rows compare: CPU time where measured, else wall time. */
const cost = (r: Measure): number => r.cpuMs ?? r.medianMs;
const replay = byName('replay: country');
const bare = byName('baseline: bare');
const reducer = byName('baseline: hand-written');
const ratios = {
  replayOverBare: cost(replay) / cost(bare),
  replayOverReducer: cost(replay) / cost(reducer),
  fullReplayOverBare: cost(byName('replayScenario')) / cost(bare),
  target: 1.5,
  modelBasedOverModelOnly:
    cost(byName('fast-check model')) / cost(byName('baseline: same commands')),
  monteCarloTwoWorkersSpeedup:
    byName('Monte Carlo, 1 worker').medianMs / byName('Monte Carlo, 2 worker').medianMs,
  replayAllWallMs: byName('pillar replay --all').medianMs,
  replayAllWallTargetMs: 1500,
  replayAllOverStartup:
    byName('pillar replay --all').medianMs / byName('baseline: pillar --version').medianMs,
};

const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const rows = results.map((r) => [
  r.name,
  `${fmt(r.items)} ${r.unit}`,
  `${fmt(r.medianMs, 1)} ms`,
  r.cpuMs === undefined ? '' : `${fmt(r.cpuMs, 1)} ms`,
  `${fmt(r.perSecond)} ${r.unit}/s`,
  `${fmt(r.minMs, 1)}-${fmt(r.maxMs, 1)}`,
  r.heapDeltaMB === undefined ? '-' : `${fmt(r.heapDeltaMB, 1)} MB`,
  r.rssDeltaMB === undefined ? '-' : `${fmt(r.rssDeltaMB, 1)} MB`,
]);
const header = ['measure', 'work', 'median', 'cpu', 'throughput', 'range ms', 'heap +', 'rss +'];
const widths = header.map((h, i) =>
  Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
);
const line = (cells: string[]): string =>
  cells
    .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
    .join('  ');
console.log(
  `machine: ${availableParallelism()} cores, load average ${loadavg()
    .map((l) => fmt(l, 1))
    .join(' ')} at the end (other processes share the cores)`,
);
console.log(`code measured: ${describeMeasuredCode()}`);
console.log(
  `pillar bench: ${runs.length} scenarios, ${eventsPerPass} events per pass, ${PASSES} passes per run, median of ${REPS} runs (verify: 3) after a warm-up; the ratios of in-process rows compare CPU time (cpu), the throughput column is on wall time`,
);
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log('');
console.log(
  `replay / bare actor:   ${fmt(ratios.replayOverBare, 2)}x per event (target <= ${ratios.target}x) ${ratios.replayOverBare <= ratios.target ? 'met' : 'MISSED'}`,
);
console.log(`replay / reducer:      ${fmt(ratios.replayOverReducer, 2)}x per event`);
console.log(
  `full replay / bare:    ${fmt(ratios.fullReplayOverBare, 2)}x per event (timeline, refusal reasons, invariants)`,
);
console.log(`model-based / model:   ${fmt(ratios.modelBasedOverModelOnly, 2)}x per fast-check run`);
console.log(
  `Monte Carlo 2 workers: ${fmt(ratios.monteCarloTwoWorkersSpeedup, 2)}x the speed of 1 worker (CPU, all threads: ${fmt(monteCarloCpuMs[1] ?? 0)} ms on 1, ${fmt(monteCarloCpuMs[2] ?? 0)} ms on 2; machine load average ${fmt(loadBefore, 1)} before, ${fmt(loadavg()[0] ?? 0, 1)} after, on ${availableParallelism()} cores)`,
);
console.log(
  `sendEvent / actor:     ${fmt(cost(byName('replay: sendEvent')) / cost(replay), 2)}x the time per event of the same actor's own send (what the library's read-once and error guard add)`,
);
console.log(
  `replay --all wall:     ${fmt(ratios.replayAllWallMs)} ms (target < ${ratios.replayAllWallTargetMs} ms) ${ratios.replayAllWallMs < ratios.replayAllWallTargetMs ? 'met' : 'MISSED'}; ${fmt(ratios.replayAllOverStartup, 2)}x the CLI's start-up alone`,
);

for (const text of formatStartup(startup)) console.log(text);
printKernelRatios(results, fmt);

writeFileSync(
  new URL('./results.json', import.meta.url),
  `${JSON.stringify({ node: process.version, code: process.env.PILLAR_BENCH_CODE ?? 'sources', reps: REPS, passes: PASSES, scenarios: runs.length, eventsPerPass, results, ratios, startup }, null, 2)}\n`,
);
console.log('written: bench/results.json');

// verify by abstraction size and Monte Carlo by country count, each run in its own process.
const verifyRows = benchVerify();
console.log(formatVerifyBench(verifyRows));
const monteCarloRows = benchMonteCarlo();
console.log(formatMonteCarloBench(monteCarloRows));
writeFileSync(
  new URL('./results-scaling.json', import.meta.url),
  `${JSON.stringify({ verify: verifyRows, monteCarlo: monteCarloRows }, null, 2)}\n`,
);

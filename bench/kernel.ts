/**
 * Bench rows of the step kernel (`npm run bench` runs them beside the bare XState actor and the
 * hand-written reducer, on the same events): the compiled form alone, the kernel's stepper on
 * both engines (refusal reasons and every invariant checked), and replay cost as overlapping
 * presences grow (100, 1,000, 10,000), to show how it scales.
 */
import { fileURLToPath } from 'node:url';
import type { CountryEvent, CountryInput } from '../machines/country-types.ts';
import { addMonths, toMonthIndex } from '../src/domain/index.ts';
import { compileCountryMachine, createCountryStepper } from '../src/kernel/index.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import { planScenario } from '../src/scenario/events.ts';
import type { Scenario } from '../src/scenario/types.ts';
import { runChild } from './loader.ts';

export interface KernelRun {
  input: CountryInput;
  events: CountryEvent[];
}

export interface KernelTask {
  name: string;
  unit: string;
  items: number;
  fn: () => void;
}

/** Steps every run's events through the compiled form (no checks): the engine alone. */
export function runCompiled(runs: readonly KernelRun[]): void {
  const compiled = compileCountryMachine();
  for (const run of runs) {
    let state = compiled.initial(run.input);
    for (const event of run.events) state = compiled.step(state, event);
  }
}

/** Steps every run's events through the kernel's stepper (refusal reasons, every invariant). */
export function runStepper(
  runs: readonly KernelRun[],
  engine: 'actor' | 'compiled',
  trimLogs = false,
): void {
  for (const run of runs) {
    const stepper = createCountryStepper(run.input, { engine, trimLogs });
    for (const event of run.events) stepper.step(event);
    stepper.stop();
  }
}

/** The rows compared with the bare actor and the reducer, `passes` times over `runs`. */
export function getKernelTasks(runs: readonly KernelRun[], passes: number): KernelTask[] {
  const events = runs.reduce((n, r) => n + r.events.length, 0) * passes;
  const repeat = (fn: () => void) => () => {
    for (let i = 0; i < passes; i++) fn();
  };
  return [
    {
      name: 'kernel: compiled step',
      unit: 'events',
      items: events,
      fn: repeat(() => runCompiled(runs)),
    },
    {
      name: 'kernel: stepper, compiled engine + invariants',
      unit: 'events',
      items: events,
      fn: repeat(() => runStepper(runs, 'compiled')),
    },
    {
      name: 'kernel: stepper, actor engine + invariants',
      unit: 'events',
      items: events,
      fn: repeat(() => runStepper(runs, 'actor')),
    },
  ];
}

/**
 * A scenario with `count` presences that all overlap: regional offices opening one a month and
 * closing in the same order after all of them have opened (every open adds one, every close
 * removes one: the state holds up to `count` presences at once).
 */
export function overlappingScenario(count: number): Scenario {
  const start = '2000-01';
  return {
    country: `Overlap ${count}`,
    region: 'africa',
    start,
    end: addMonths(start, 2 * count + 1),
    presences: Array.from({ length: count }, (_, i) => ({
      name: `Office ${i + 1}`,
      kind: 'spm-regional-office' as const,
      from: addMonths(start, i),
      to: addMonths(start, count + i),
    })),
  };
}

/**
 * `count` field missions deployed one a month, then one forced exit of them all and a withdrawal
 * each: the transition holds up to `count` outgoing presences at once.
 */
export function leavingAtOnce(count: number): { input: CountryInput; events: CountryEvent[] } {
  const start = '2000-01';
  const events: CountryEvent[] = [];
  for (let i = 0; i < count; i++) {
    const month = addMonths(start, i);
    events.push({ type: 'DEPLOY', month, presence: { name: `M${i + 1}`, kind: 'spm-field' } });
  }
  const exit = addMonths(start, count);
  events.push({ type: 'FORCED_EXIT', month: exit, cause: 'host-consent-withdrawn' });
  const out = addMonths(exit, 1);
  for (let i = 0; i < count; i++)
    events.push({ type: 'WITHDRAW', month: out, presence: `M${i + 1}` });
  return { input: { country: `Leaving ${count}`, region: 'africa', month: start }, events };
}

/** Months the scenario's presences are present, summed: the names its periods list, in all. */
export function presenceMonths(scenario: Scenario): number {
  let total = 0;
  for (const p of scenario.presences) {
    const to = p.to ?? scenario.end ?? p.from;
    total += toMonthIndex(to) - toMonthIndex(p.from) + 1;
  }
  return total;
}

/**
 * Three rows per size. Replay's steps alone (compiled, logs trimmed, every invariant): the
 * presences are a persistent list, so each step and its checks cost O(log n) in the presences
 * active, and the cost per presence should grow no faster than log n as more overlap. The
 * whole `replayScenario`: its timeline lists every active presence in every month (n overlapping
 * presences make about n^2 presence-months of output), so its cost is read per presence-month.
 */
export function getOverlapTasks(sizes: readonly number[]): KernelTask[] {
  return sizes.flatMap((count) => {
    const scenario = overlappingScenario(count);
    const plan = planScenario(scenario);
    const events = plan.months.flatMap((m) => m.events);
    const size = count.toLocaleString('en-US');
    return [
      {
        name: `replay steps + invariants, ${size} overlapping presences`,
        unit: 'presences',
        items: count,
        fn: () => runStepper([{ input: plan.input, events }], 'compiled', true),
      },
      {
        name: `replay steps + invariants, ${size} overlapping missions leaving at once`,
        unit: 'presences',
        items: count,
        fn: () => runStepper([leavingAtOnce(count)], 'compiled', true),
      },
      {
        name: `replayScenario, ${size} overlapping presences`,
        unit: 'presence-months',
        items: presenceMonths(scenario),
        fn: () => {
          replayScenario(scenario);
        },
      },
    ];
  });
}

/** One overlapping-presences row as measured in a process of its own (bench/overlap-one.ts). */
export interface OverlapRow {
  name: string;
  unit: string;
  items: number;
  wallMs: number;
  cpuMs: number;
  maxRssMB: number;
}

/** Both overlapping-presences rows at each size, each in a process of its own. */
export function benchOverlap(sizes: readonly number[]): OverlapRow[] {
  const script = fileURLToPath(new URL('./overlap-one.ts', import.meta.url));
  return sizes.flatMap((count) =>
    ['steps', 'exit', 'replay'].map((what) => {
      return runChild<OverlapRow>(script, [what, String(count)]);
    }),
  );
}

/** The kernel's targets, as ratios of rows measured in the same run. */
export function printKernelRatios(
  results: readonly {
    name: string;
    medianMs: number;
    cpuMs?: number;
    items: number;
    peakRssMB?: number;
  }[],
  fmt: (n: number, digits?: number) => string,
): void {
  // CPU time where measured (the cores are shared), else wall time.
  const row = (prefix: string) => {
    const r = results.find((x) => x.name.startsWith(prefix));
    return r && { ...r, medianMs: r.cpuMs ?? r.medianMs };
  };
  const bare = row('baseline: bare');
  const reducer = row('baseline: hand-written');
  const compiled = row('kernel: compiled step');
  const actor = row('replay: country machine actor');
  if (!bare || !reducer || !compiled || !actor) return;
  const speedup = bare.medianMs / compiled.medianMs;
  const overReducer = compiled.medianMs / reducer.medianMs;
  const actorOverBare = actor.medianMs / bare.medianMs;
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    `compiled / bare actor: ${fmt(speedup, 2)}x the events/s (target >= 10x) ${verdict(speedup >= 10)}`,
  );
  console.log(
    `compiled / reducer:    ${fmt(overReducer, 2)}x the time per event (target <= 2x) ${verdict(overReducer <= 2)}`,
  );
  console.log(
    `actor / bare actor:    ${fmt(actorOverBare, 2)}x the time per event (target <= 1.5x) ${verdict(actorOverBare <= 1.5)}`,
  );
  const overlap = results.filter((r) => r.name.includes('overlapping'));
  for (const r of overlap) {
    const ms = r.cpuMs ?? r.medianMs;
    const per = r.name.startsWith('replayScenario')
      ? `${fmt((ms * 1e6) / r.items, 0)} ns (cpu) per presence-month of output`
      : `${fmt((ms * 1000) / r.items, 1)} us (cpu) per presence`;
    const peak = r.peakRssMB === undefined ? '' : `, peak RSS ${fmt(r.peakRssMB, 0)} MB`;
    console.log(`${r.name}: ${per}${peak}`);
  }
}

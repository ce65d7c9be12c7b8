/**
 * Bench rows of the step kernel (`npm run bench` runs them beside the bare XState actor and the
 * hand-written reducer, on the same events): the compiled form alone, the kernel's stepper on
 * both engines (refusal reasons and every invariant checked), and replay cost as overlapping
 * presences grow (100, 1,000, 10,000), to show how it scales.
 */
import type { CountryEvent, CountryInput } from '../machines/country-types.ts';
import { addMonths } from '../src/domain/index.ts';
import { compileCountryMachine, createCountryStepper } from '../src/kernel/index.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import type { Scenario } from '../src/scenario/types.ts';

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
export function runStepper(runs: readonly KernelRun[], engine: 'actor' | 'compiled'): void {
  for (const run of runs) {
    const stepper = createCountryStepper(run.input, { engine });
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
  } as Scenario;
}

/** One replay row per size: cost per presence should stay flat if replay is linear. */
export function getOverlapTasks(sizes: readonly number[]): KernelTask[] {
  return sizes.map((count) => {
    const scenario = overlappingScenario(count);
    return {
      name: `replayScenario, ${count.toLocaleString('en-US')} overlapping presences`,
      unit: 'presences',
      items: count,
      fn: () => {
        replayScenario(scenario);
      },
    };
  });
}

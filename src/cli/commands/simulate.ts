/**
 * `pillar simulate`: Monte Carlo simulation of invented country trajectories through the real
 * country machine (src/simulate/montecarlo). Prints the summary; with --out, streams
 * countries.jsonl and writes run.json and summary.json; --resume continues an interrupted run.
 * Exit codes: 0 done; 1 an invariant was violated (after the summary); 2 bad input or usage (the
 * errors propagate to main.ts, which prints them).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_DOCTRINE, type Doctrine } from '../../domain/index.ts';
import { loadModel } from '../../simulate/montecarlo/model-file.ts';
import { COUNTRIES_FILE, RUN_FILE, readRunFile } from '../../simulate/montecarlo/resume.ts';
import { runSimulation } from '../../simulate/montecarlo/run.ts';
import { countOf, formatMonteCarloSummary } from '../../simulate/montecarlo/summary.ts';
import type { SimulationParams } from '../../simulate/montecarlo/trajectory.ts';
import { EXIT_INVARIANT, EXIT_OK, InputError, doctrineOption, statusLine } from '../shared.ts';

/** The formats of the summary on stdout. */
export const SIMULATE_FORMATS = ['table', 'json'] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

/** The options as commander hands them over (undefined: not given). */
export interface SimulateFlags {
  countries?: number;
  years?: number;
  seed?: number;
  model?: string;
  doctrine?: Doctrine;
  out?: string;
  workers?: number;
  resume?: boolean;
  force?: boolean;
  format?: SimulateFormat;
}

/**
 * Monte Carlo draws futures month by month from a model; `historical` is the arrangement of the
 * past (DPA and DPKO by backstop before 2019-01, the adopted rule since), so it is refused.
 */
function simulatedDoctrine(doctrine: Doctrine | undefined): Doctrine {
  if (doctrine === 'historical') {
    throw new InputError(
      '--doctrine historical: simulate draws synthetic futures, and historical is the arrangement of the past (DPA/DPKO before 2019-01, adopted-2019 since); use adopted-2019 for the arrangement in force, or note-2017',
    );
  }
  return doctrine ?? DEFAULT_DOCTRINE;
}

/** What a run uses for a flag left out (the doctrine's default is DEFAULT_DOCTRINE). */
export const SIMULATE_DEFAULTS = { countries: 1000, years: 30, seed: 1 } as const;

/** Most worker threads a run may start: one per core of this machine. */
export function maxWorkers(): number {
  return Math.max(1, availableParallelism());
}

/** The --workers parser: a whole number from 1 to the number of cores, named in the message. */
function workerCount(value: string): number {
  const limit = maxWorkers();
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1 || Number(value) > limit) {
    throw new InvalidArgumentError(
      `Expected a whole number from 1 to ${limit} (the number of cores on this machine).`,
    );
  }
  return Number(value);
}

/** A commander parser for an integer flag: a bad value is a usage error (exit code 2). */
function integer(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`Expected an integer from ${min} to ${max}.`);
    }
    return Number(value);
  };
}

/**
 * The run's parameters from the flags; with --resume, what the flags leave out comes from the
 * directory's run.json, and what they give must agree with it.
 * @throws InputError for --resume without --out, a bad run.json or flags that disagree with it;
 * ModelError for a bad model file.
 */
export function resolveSimulateParams(flags: SimulateFlags): SimulationParams {
  if (flags.resume) {
    if (flags.out === undefined)
      throw new InputError('--resume needs --out DIR (the run to continue)');
    const saved = readRunFile(flags.out);
    for (const key of ['countries', 'years', 'seed', 'doctrine'] as const) {
      const given = flags[key];
      if (given !== undefined && given !== saved[key]) {
        throw new InputError(
          `--resume: --${key} ${String(given)} differs from ${String(saved[key])} in ${flags.out}/run.json`,
        );
      }
    }
    if (flags.model !== undefined && !isDeepStrictEqual(loadModel(flags.model), saved.model)) {
      throw new InputError(
        `--resume: the model in ${flags.model} differs from the model in ${flags.out}/run.json`,
      );
    }
    return saved;
  }
  return {
    countries: flags.countries ?? SIMULATE_DEFAULTS.countries,
    years: flags.years ?? SIMULATE_DEFAULTS.years,
    seed: flags.seed ?? SIMULATE_DEFAULTS.seed,
    doctrine: simulatedDoctrine(flags.doctrine),
    model: loadModel(flags.model),
  };
}

/** On a terminal, a bar of the countries simulated (at most ten updates a second; kept at the end). */
function progressBar(): ((done: number, total: number) => void) | undefined {
  const line = statusLine(100);
  if (line === undefined) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    line.show(
      `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ${done}/${total} countries`,
      done === total,
    );
  };
}

/**
 * Runs `pillar simulate` with parsed flags: prints the summary and returns the exit code (0, or
 * 1 when an invariant was violated).
 * @throws InputError or ModelError for bad input (exit code 2).
 */
export async function simulateCommand(flags: SimulateFlags): Promise<number> {
  const format = flags.format ?? 'table';
  if (!SIMULATE_FORMATS.includes(format)) {
    throw new InputError(`--format must be table or json (got ${JSON.stringify(format)})`);
  }
  if (flags.resume && flags.force) throw new InputError('give --resume or --force, not both');
  if (!flags.resume && !flags.force && flags.out !== undefined) {
    const previous = [RUN_FILE, COUNTRIES_FILE].find((f) => existsSync(join(flags.out ?? '', f)));
    if (previous !== undefined) {
      throw new InputError(
        `${flags.out} already holds a run (${previous}): continue it with --resume, or start over with --force`,
      );
    }
  }
  const params = resolveSimulateParams(flags);
  const onProgress = progressBar();
  const result = await runSimulation({
    params,
    ...(flags.out === undefined ? {} : { out: flags.out }),
    ...(flags.workers === undefined ? {} : { workers: flags.workers }),
    ...(flags.resume ? { resume: true } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  const summary = result.summary;
  if (!summary) return EXIT_OK;
  const months = result.simulated * params.years * 12;
  const seconds = result.elapsedMs / 1000;
  const kept = result.resumed
    ? `; ${countOf(result.resumed, 'country', 'countries')} kept from the interrupted run`
    : '';
  process.stderr.write(
    `simulated ${countOf(result.simulated, 'country', 'countries')} (${countOf(months, 'country-month')}${kept}) in ${seconds.toFixed(2)} s: ${Math.round(months / Math.max(seconds, 1e-9))} country-months/s on ${countOf(result.workers, 'worker')}\n`,
  );
  process.stdout.write(
    format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : formatMonteCarloSummary(summary),
  );
  return summary.invariantViolations.count > 0 ? EXIT_INVARIANT : EXIT_OK;
}

/** Adds `pillar simulate` to the program. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .summary('Monte Carlo simulation of invented countries through the country machine')
    .description(
      'Monte Carlo simulation of invented country trajectories through the country machine, every continuity-of-care invariant checked on every step. Prints a summary (time in each phase, handovers, transitions, regional workload, violations); the model and its defaults are explained in docs/monte-carlo.md.',
    )
    .option(
      '--countries <n>',
      `countries to simulate (default ${SIMULATE_DEFAULTS.countries})`,
      integer(1, 10_000_000),
    )
    .option(
      '--years <n>',
      `years per country (default ${SIMULATE_DEFAULTS.years})`,
      integer(1, 200),
    )
    .option(
      '--seed <n>',
      `random seed (default ${SIMULATE_DEFAULTS.seed})`,
      integer(0, Number.MAX_SAFE_INTEGER),
    )
    .option('--model <file>', 'model parameters (YAML or JSON; default models/default.yaml)')
    .addOption(doctrineOption(`lead doctrine (default ${DEFAULT_DOCTRINE})`))
    .option('--out <dir>', 'write run.json, countries.jsonl and summary.json to DIR')
    .option(
      '--workers <k>',
      'worker threads, at most one per core (default: one per core; small runs in process)',
      workerCount,
    )
    .option('--resume', 'continue the interrupted run in --out DIR')
    .option('--force', 'start a new run in --out DIR even if it holds one (replacing it)')
    .addOption(
      new Option('--format <format>', 'the summary on stdout')
        .choices(SIMULATE_FORMATS)
        .default('table'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ pillar simulate --countries 500 --years 20 --seed 1
  $ pillar simulate --countries 20000 --seed 7 --doctrine adopted-2019 --out runs/a
  $ pillar simulate --out runs/a --resume
  $ pillar simulate --model my-model.yaml --format json

Exit codes: 0 done, 1 an invariant failed (the summary lists each violation), 2 bad input or usage.`,
    )
    .action(async (flags: SimulateFlags) => {
      const code = await simulateCommand(flags);
      // The summary is printed already: exit with the code and no further message.
      if (code !== EXIT_OK) throw new InputError('', code);
    });
}

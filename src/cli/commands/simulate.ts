/**
 * `pillar simulate`: Monte Carlo simulation of invented country trajectories through the real
 * country machine (src/simulate/montecarlo). Prints the summary; with --out, streams
 * countries.jsonl and writes run.json and summary.json; --resume continues an interrupted run.
 */
import type { Command } from 'commander';
import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_DOCTRINE, type Doctrine } from '../../domain/index.ts';
import { loadModel } from '../../simulate/montecarlo/model-file.ts';
import { readRunFile } from '../../simulate/montecarlo/resume.ts';
import { runSimulation } from '../../simulate/montecarlo/run.ts';
import { formatSummary } from '../../simulate/montecarlo/summary.ts';
import type { SimulationParams } from '../../simulate/montecarlo/trajectory.ts';
import { EXIT_INVARIANT, InputError, parseDoctrineOption } from '../shared.ts';

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
  format?: string;
}

export const SIMULATE_DEFAULTS = { countries: 1000, years: 30, seed: 1 } as const;

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
      throw new InputError(
        `--${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`,
      );
    }
    return Number(value);
  };
}

/**
 * The run's parameters from the flags; with --resume, what the flags leave out comes from the
 * directory's run.json, and what they give must agree with it.
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
    doctrine: flags.doctrine ?? DEFAULT_DOCTRINE,
    model: loadModel(flags.model),
  };
}

function progressBar(): ((done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor((done / total) * 100)}% ${done}/${total} countries`,
    );
    if (done === total) process.stderr.write('\n');
  };
}

/** Runs `pillar simulate` with parsed flags; returns the exit code. */
export async function simulateCommand(flags: SimulateFlags): Promise<number> {
  const format = flags.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new InputError(`--format must be table or json (got ${JSON.stringify(format)})`);
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
  if (!summary) return 0;
  const months = result.simulated * params.years * 12;
  const seconds = result.elapsedMs / 1000;
  process.stderr.write(
    `simulated ${result.simulated} countries (${months} country-months${result.resumed ? `; ${result.resumed} kept from the interrupted run` : ''}) in ${seconds.toFixed(2)} s: ${Math.round(months / Math.max(seconds, 1e-9))} country-months/s on ${result.workers} worker${result.workers === 1 ? '' : 's'}\n`,
  );
  process.stdout.write(
    format === 'json' ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary),
  );
  return summary.invariantViolations.count > 0 ? EXIT_INVARIANT : 0;
}

/** Adds `pillar simulate` to the program. */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'Monte Carlo simulation of invented country trajectories through the country machine',
    )
    .option(
      '--countries <n>',
      `countries to simulate (default ${SIMULATE_DEFAULTS.countries})`,
      integer('countries', 1, 10_000_000),
    )
    .option(
      '--years <n>',
      `years per country (default ${SIMULATE_DEFAULTS.years})`,
      integer('years', 1, 200),
    )
    .option(
      '--seed <n>',
      `random seed (default ${SIMULATE_DEFAULTS.seed})`,
      integer('seed', 0, Number.MAX_SAFE_INTEGER),
    )
    .option('--model <file>', 'model parameters (YAML or JSON; default models/default.yaml)')
    .option('--doctrine <doctrine>', 'note-2017 (default) or adopted-2019', parseDoctrineOption)
    .option('--out <dir>', 'write run.json, countries.jsonl and summary.json to DIR')
    .option(
      '--workers <k>',
      'worker threads (default: one per core; small runs in process)',
      integer('workers', 1, 256),
    )
    .option('--resume', 'continue the interrupted run in --out DIR')
    .option('--format <format>', 'table (default) or json')
    .action(async (flags: SimulateFlags) => {
      try {
        process.exitCode = await simulateCommand(flags);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        process.stderr.write(`pillar simulate: ${error.message}\n`);
        process.exitCode = error.exitCode;
      }
    });
}

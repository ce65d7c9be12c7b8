/**
 * `pillar replay <id-or-file>... | --all`: scenarios through the country machine, as a table,
 * JSON, CSV or Markdown, or as the two-doctrine summary `npm start` prints.
 */
import type { Command } from 'commander';
import { DOCTRINES, HISTORY_DOCTRINE, type Doctrine } from '../../domain/index.ts';
import {
  BundledScenarios,
  type PrebuiltReader,
  type BundledScenario,
} from '../../scenario/bundled.ts';
import {
  describeFailure,
  formatTimelines,
  TIMELINE_FORMATS,
  type TimelineFormat,
} from '../../simulate/format.ts';
import { replayScenario, type Timeline } from '../../simulate/replay.ts';
import { replayAllDoctrines } from '../../simulate/compare.ts';
import {
  formatReplaySummary,
  toReplaySummary,
  toReplaySummaryRow,
} from '../../simulate/summary.ts';
import {
  EXIT_INVARIANT,
  EXIT_OK,
  InputError,
  doctrineOption,
  formatOption,
  useColor,
  writeOutput,
} from '../shared.ts';

/** An invariant failed: the output was still written; exit code 1. */
export class InvariantFailure extends InputError {
  constructor(message: string) {
    super(message, EXIT_INVARIANT);
    this.name = 'InvariantFailure';
  }
}

/** 1 when any invariant of any timeline failed, else 0. */
export function exitCodeForTimelines(timelines: readonly Timeline[]): number {
  return timelines.some((t) => t.invariants.some((i) => !i.holds)) ? EXIT_INVARIANT : EXIT_OK;
}

/** One line per failed invariant: country, doctrine, invariant and the step that broke it. */
export function describeFailures(timelines: readonly Timeline[]): string {
  return timelines
    .flatMap((t) =>
      t.invariants
        .filter((i) => !i.holds)
        .map(
          (i) => `${t.country} (${t.doctrine}): invariant ${i.id} failed at ${describeFailure(i)}`,
        ),
    )
    .join('\n');
}

/** Throws an InvariantFailure naming every failure when the exit code is not 0. */
export function assertInvariants(timelines: readonly Timeline[]): void {
  if (exitCodeForTimelines(timelines) !== EXIT_OK)
    throw new InvariantFailure(describeFailures(timelines));
}

/**
 * The scenarios named on the command line, or every bundled one with `--all` (not both): from the
 * build-time catalogue where it can, through the loader otherwise (src/scenario/bundled.ts).
 */
export async function selectScenarios(
  ids: readonly string[],
  all: boolean | undefined,
  readPrebuilt?: PrebuiltReader,
): Promise<BundledScenario[]> {
  if (all && ids.length > 0) throw new InputError('give scenario ids or files, or --all, not both');
  if (!all && ids.length === 0)
    throw new InputError('name at least one scenario id or file, or use --all (see pillar list)');
  const bundled = new BundledScenarios(readPrebuilt);
  if (all) return bundled.all();
  const entries: BundledScenario[] = [];
  for (const id of ids) entries.push(await bundled.resolve(id));
  return entries;
}

interface ReplayOptions {
  doctrine?: Doctrine;
  format: TimelineFormat;
  out?: string;
  all?: boolean;
  summary?: boolean;
}

/** Runs `pillar replay`; throws InputError (exit 2) or InvariantFailure (exit 1, output written). */
export async function runReplay(ids: readonly string[], options: ReplayOptions): Promise<void> {
  const entries = await selectScenarios(ids, options.all);
  const color = useColor(options.out);
  if (options.summary) {
    if (options.doctrine !== undefined) {
      throw new InputError('--summary replays every doctrine; leave out --doctrine');
    }
    const pairs = entries.map((e) => replayAllDoctrines(e.scenario));
    const summary = toReplaySummary(
      pairs.map((pair, i) => toReplaySummaryRow(pair, entries[i]?.id)),
    );
    writeOutput(options.out, formatReplaySummary(summary, options.format, { color }));
    assertInvariants(pairs.flatMap((pair) => DOCTRINES.map((d) => pair[d])));
    return;
  }
  const timelines = entries.map((e) =>
    replayScenario(e.scenario, {
      doctrine: options.doctrine ?? e.scenario.doctrine ?? HISTORY_DOCTRINE,
    }),
  );
  const asArray = options.all === true || ids.length > 1;
  writeOutput(options.out, formatTimelines(timelines, options.format, { color, asArray }));
  assertInvariants(timelines);
}

/** Adds `pillar replay` to the program. */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .summary('replay scenarios through the country machine')
    .description(
      'Replay scenarios month by month through the country machine and print the periods (phase, stage, presences, lead, informed, team), the handovers, the team discontinuities, the mandated tasks (plans, who received each task, tasks orphaned by a forced exit), the funding in force and its cliffs where budgets are given, and every continuity-of-care invariant. Exit code 1 when an invariant fails (a planned exit that leaves a task without a receiver among them), 2 for bad input.',
    )
    .argument(
      '[id-or-file...]',
      'bundled scenario ids (see pillar list) or YAML/JSON scenario files',
    )
    .option('-a, --all', 'every bundled scenario')
    .addOption(
      doctrineOption(
        `lead doctrine; wins over the file's own (default ${HISTORY_DOCTRINE}: the arrangement in force each month)`,
      ),
    )
    .addOption(formatOption(TIMELINE_FORMATS))
    .option('-o, --out <file>', 'write to a file (written whole or not at all) instead of stdout')
    .option(
      '-s, --summary',
      'one row per country: handovers under every doctrine, team discontinuities as it happened, invariants held',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ pillar replay sierra-leone
  $ pillar replay sierra-leone --doctrine adopted-2019 --format json
  $ pillar replay scenarios/liberia.yaml mali --format csv --out transitions.csv
  $ pillar replay --all --summary`,
    )
    .action((ids: string[], options: ReplayOptions) => runReplay(ids, options));
}

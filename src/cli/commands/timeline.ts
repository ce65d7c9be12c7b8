/**
 * `pillar timeline <id-or-file>... | --region REGION`: Gantt-style charts of country histories as
 * one self-contained SVG (bars per presence, lead band, handover markers, the task band where a
 * scenario has tasks or budgets, phase strip).
 */
import { Option, type Command } from 'commander';
import {
  HISTORY_DOCTRINE,
  DOCTRINES,
  REGIONS,
  isRegion,
  type Doctrine,
  type Region,
} from '../../domain/index.ts';
import { BundledScenarios } from '../../scenario/bundled.ts';
import type { Scenario } from '../../scenario/types.ts';
import { buildTimelineRow, renderTimelineSvg } from '../../timeline/index.ts';
import { InputError, writeOutput, doctrineOption } from '../shared.ts';

export interface TimelineCommandOptions {
  out?: string;
  doctrine?: Doctrine;
  compare?: boolean;
  region?: string;
}

/**
 * The SVG `pillar timeline` writes: the named scenarios (one row each, in the order given), or
 * every bundled scenario of `--region` on a common axis.
 * @throws InputError for a bad combination of arguments; ScenarioError for a bad scenario.
 */
export async function buildTimelineChart(
  ids: readonly string[],
  options: TimelineCommandOptions,
): Promise<string> {
  if (options.compare && options.doctrine !== undefined) {
    throw new InputError('--compare draws every doctrine; leave out --doctrine');
  }
  if (
    options.doctrine !== undefined &&
    !(DOCTRINES as readonly string[]).includes(options.doctrine)
  ) {
    throw new InputError(
      `--doctrine must be one of ${DOCTRINES.join(', ')} (got ${JSON.stringify(options.doctrine)})`,
    );
  }
  // Bundled scenarios from the build-time catalogue where it can (src/scenario/bundled.ts).
  const bundled = new BundledScenarios();
  let scenarios: Scenario[];
  if (options.region !== undefined) {
    if (ids.length > 0) throw new InputError('give scenario ids or files, or --region, not both');
    const region: Region | undefined = isRegion(options.region) ? options.region : undefined;
    if (region === undefined) {
      throw new InputError(
        `--region must be one of ${REGIONS.join(', ')} (got ${JSON.stringify(options.region)})`,
      );
    }
    scenarios = (await bundled.all())
      .filter((s) => s.scenario.region === region)
      .map((s) => s.scenario);
    if (scenarios.length === 0) throw new InputError(`no bundled scenario in region ${region}`);
  } else {
    if (ids.length === 0) {
      throw new InputError(
        'name at least one scenario id or file, or use --region (see pillar list)',
      );
    }
    scenarios = [];
    for (const id of ids) scenarios.push((await bundled.resolve(id)).scenario);
  }
  const rows = scenarios.map((scenario) =>
    buildTimelineRow(scenario, {
      compare: options.compare === true,
      ...(options.doctrine === undefined ? {} : { doctrine: options.doctrine }),
    }),
  );
  return renderTimelineSvg(rows);
}

/** Runs `pillar timeline`: writes the SVG to `--out` (whole or not at all) or stdout. */
export async function runTimeline(
  ids: readonly string[],
  options: TimelineCommandOptions,
): Promise<void> {
  writeOutput(options.out, await buildTimelineChart(ids, options));
}

/** Adds `pillar timeline` to the program. */
export function registerTimelineCommand(program: Command): void {
  program
    .command('timeline')
    .summary('draw country timelines as a self-contained SVG chart')
    .description(
      'Draw a Gantt-style SVG chart: one bar per presence (coloured by kind, dashed when its confidence is medium or low), the lead department month by month with a marker at each handover, the phase, and the regional ASG team. Where a scenario has mandated tasks or budgets, a task band under the lead band marks each transition plan, task handover (task→receiver) and orphaned task (with its cause), and draws the assessed budget in force with the funding cliff. --compare stacks the lead under both doctrines; --region draws every bundled country of a region on a common axis. Exit code 2 for bad input.',
    )
    .argument(
      '[id-or-file...]',
      'bundled scenario ids (see pillar list) or YAML/JSON scenario files',
    )
    .addOption(
      new Option(
        '-r, --region <region>',
        'every bundled country of a region, one row each',
      ).choices(REGIONS),
    )
    .addOption(
      doctrineOption(
        `lead doctrine; wins over the file's own (default ${HISTORY_DOCTRINE}: the arrangement in force each month)`,
      ),
    )
    .option(
      '-c, --compare',
      'one lead band per doctrine for each country: note-2017, adopted-2019, historical',
    )
    .option(
      '-o, --out <file>',
      'write the SVG to a file (written whole or not at all) instead of stdout',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ pillar timeline sierra-leone --compare --out sierra-leone.svg
  $ pillar timeline scenarios/liberia.yaml mali --doctrine adopted-2019 --out west-africa.svg
  $ pillar timeline --region africa --out africa.svg`,
    )
    .action((ids: string[], options: TimelineCommandOptions) => runTimeline(ids, options));
}

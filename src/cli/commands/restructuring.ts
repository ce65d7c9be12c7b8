/** `pillar restructuring`: the 2017-2019 mapping, the process state and the checks' verdicts. */
import { Option, type Command } from 'commander';
import {
  formatRestructuringJson,
  formatRestructuringTable,
  toRestructuringReport,
} from '../../restructuring/format.ts';
import { DEFAULT_PLAN } from '../../domain/restructuring-plan.ts';
import { loadPlanFile } from '../../restructuring/plan-file.ts';
import { runRestructuring } from '../../restructuring/process.ts';
import { InputError, useColor, writeOutput } from '../shared.ts';
import { InvariantFailure } from './replay.ts';

export const RESTRUCTURING_FORMATS = ['table', 'json'] as const;

interface RestructuringOptions {
  format: (typeof RESTRUCTURING_FORMATS)[number];
  at?: string;
  mapping?: string;
  out?: string;
}

/**
 * Checks `--at`: a month YYYY-MM or a day YYYY-MM-DD that exists in the calendar.
 * @throws InputError naming the problem (e.g. 2019-02-30: February 2019 has 28 days).
 */
export function checkAtDate(value: string): void {
  const match = /^(\d{4})-(0[1-9]|1[0-2])(?:-(\d{2}))?$/.exec(value);
  if (!match) {
    throw new InputError(
      `--at must be a date YYYY-MM or YYYY-MM-DD (got ${JSON.stringify(value)})`,
    );
  }
  if (match[3] === undefined) return;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Day 0 of the next month is the last day of this one.
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) {
    const name = new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en', {
      month: 'long',
      timeZone: 'UTC',
    });
    throw new InputError(
      `--at: ${value} is no day of the calendar (${name} ${year} has ${days} days)`,
    );
  }
}

/**
 * Runs `pillar restructuring`. The output is always written; a failed check then throws an
 * InvariantFailure (exit 1); bad options or a bad mapping file throw (exit 2).
 */
export function runRestructuringCommand(options: RestructuringOptions): void {
  if (options.at !== undefined) checkAtDate(options.at);
  const plan = options.mapping === undefined ? DEFAULT_PLAN : loadPlanFile(options.mapping);
  const process = runRestructuring({
    plan,
    ...(options.at === undefined ? {} : { until: options.at }),
  });
  const report = toRestructuringReport(plan, process);
  const text =
    options.format === 'json'
      ? formatRestructuringJson(report)
      : formatRestructuringTable(report, { color: useColor(options.out) });
  writeOutput(options.out, text);
  if (!report.holds) {
    const failed = report.checks.filter((c) => !c.holds);
    throw new InvariantFailure(
      failed
        .map(
          (c) => `restructuring check ${c.id} failed: ${c.issues.map((i) => i.message).join('; ')}`,
        )
        .join('\n'),
    );
  }
}

/** Adds `pillar restructuring` to the program. */
export function registerRestructuringCommand(program: Command): void {
  program
    .command('restructuring')
    .summary('the 2017-2019 reorganisation: mapping, process and checks')
    .description(
      'Show where every unit of DPA, DPKO and PBSO went (DPPA, DPO or the shared regional structure), the state of the reorganisation process (note, A/72/525, 72/199, A/72/772, 72/262 C, 1 January 2019, monitoring), and the verdicts of the checks: one home per unit, functions kept, resources conserved and taken from within the pillar.',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(RESTRUCTURING_FORMATS)
        .default('table'),
    )
    .option('--at <date>', 'the process state at this date (YYYY-MM or YYYY-MM-DD)')
    .option(
      '-m, --mapping <file>',
      'another mapping and/or table of posts to check: YAML, or JSON for a .json file',
    )
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ pillar restructuring
  $ pillar restructuring --at 2018-03 --format json
  $ pillar restructuring --mapping my-mapping.yaml

Exit codes: 0 every check holds; 1 a check fails (the output is still written); 2 bad input (a bad
--at date, an invalid mapping file, or a unit or home id that does not exist).`,
    )
    .action((options: RestructuringOptions) => runRestructuringCommand(options));
}

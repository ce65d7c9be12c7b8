/** `pillar portfolio`: each regional ASG's countries at a month, and whom the ASG reports to. */
import { Option, type Command } from 'commander';
import {
  HISTORY_DOCTRINE,
  REGIONS,
  isMonth,
  isRegion,
  type Doctrine,
  type Region,
} from '../../domain/index.ts';
import { DEFAULT_STRUCTURE, getRegionalAsg } from '../../domain/structure.ts';
import { DEFAULT_PORTFOLIO_MONTH, computePortfolio } from '../../pillar/portfolio.ts';
import { formatPortfolioJson, formatPortfolioTable } from '../../pillar/portfolio-format.ts';
import { loadStructureFile } from '../../pillar/structure-file.ts';
import { listBundledScenarios } from '../../scenario/catalog.ts';
import { InputError, doctrineOption, useColor, writeOutput } from '../shared.ts';

export const PORTFOLIO_FORMATS = ['table', 'json'] as const;

interface PortfolioOptions {
  region: string[];
  at: string;
  doctrine?: Doctrine;
  structure?: string;
  format: (typeof PORTFOLIO_FORMATS)[number];
  out?: string;
}

function collect(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== ''),
  ];
}

/**
 * Checks `--at`: a month YYYY-MM. A day (even a real one) is refused with the month to use.
 * @throws InputError naming what is wrong.
 */
export function checkAtMonth(value: string): void {
  if (isMonth(value)) return;
  const got = JSON.stringify(value);
  const day = /^(\d{4})-(\d{2})-\d{1,2}$/.exec(value);
  const month = /^(\d{4})-(\d{1,2})$/.exec(value);
  let why = '';
  if (day && isMonth(`${day[1]}-${day[2]}`)) {
    why = `: portfolios are by month, not by day; for that month use --at ${day[1]}-${day[2]}`;
  } else if (day || month) {
    const match = (day ?? month) as RegExpExecArray;
    const number = Number(match[2]);
    why =
      number >= 1 && number <= 12
        ? `: write the month with two digits, --at ${match[1]}-${String(number).padStart(2, '0')}`
        : `: there is no month ${number}; months go from 01 to 12`;
  }
  throw new InputError(`--at must be a month YYYY-MM (got ${got}${why})`);
}

/** Runs `pillar portfolio`; throws InputError (exit 2) on bad options or a bad structure file. */
export function runPortfolio(options: PortfolioOptions): void {
  checkAtMonth(options.at);
  const structure =
    options.structure === undefined ? DEFAULT_STRUCTURE : loadStructureFile(options.structure);
  const regions: Region[] = [];
  for (const r of options.region) {
    if (!isRegion(r))
      throw new InputError(
        `--region must be one of ${REGIONS.join(', ')} (got ${JSON.stringify(r)})`,
      );
    if (!getRegionalAsg(structure, r))
      throw new InputError(`--region ${r}: the structure ${structure.id} has no ASG for it`);
    regions.push(r);
  }
  const portfolio = computePortfolio(listBundledScenarios(), {
    month: options.at,
    doctrine: options.doctrine ?? HISTORY_DOCTRINE,
    structure,
    ...(regions.length > 0 ? { regions } : {}),
  });
  const text =
    options.format === 'json'
      ? formatPortfolioJson(portfolio)
      : formatPortfolioTable(portfolio, { color: useColor(options.out) });
  writeOutput(options.out, text);
}

/** Adds `pillar portfolio` to the program. */
export function registerPortfolioCommand(program: Command): void {
  program
    .command('portfolio')
    .summary('each regional ASG\u2019s countries at a month, and the USG it reports to')
    .description(
      'For one month, list each regional ASG\u2019s countries from the bundled scenarios with their phase, presences, lead department, and whether the ASG reports on them to USG/DPPA or USG/DPO (copying the other); with counts per USG.',
    )
    .addOption(
      new Option(
        '-r, --region <region>',
        `only these regions (repeat or comma-separate): ${REGIONS.join(', ')}`,
      )
        .argParser(collect)
        .default([], 'all regions'),
    )
    .option('--at <YYYY-MM>', 'the month', DEFAULT_PORTFOLIO_MONTH)
    .addOption(
      doctrineOption(
        `lead doctrine (default ${HISTORY_DOCTRINE}: the arrangement in force at the month)`,
      ),
    )
    .option(
      '-s, --structure <file>',
      'a regional structure file (default: structures/default.yaml)',
    )
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(PORTFOLIO_FORMATS)
        .default('table'),
    )
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ pillar portfolio
  $ pillar portfolio --at 2012-06 --region africa --doctrine adopted-2019
  $ pillar portfolio --structure my-structure.yaml --format json

Exit codes: 0 done; 2 bad input (a bad --at month, an unknown region, an invalid structure file).`,
    )
    .action((options: PortfolioOptions) => runPortfolio(options));
}

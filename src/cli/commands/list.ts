/** `pillar list`: the bundled scenarios with their country, region, presences, window and kinds. */
import type { Command } from 'commander';
import { PRESENCE_KINDS, type PresenceKind } from '../../domain/index.ts';
import { BundledScenarios, type BundledScenario } from '../../scenario/bundled.ts';
import { getScenarioWindow } from '../../scenario/events.ts';
import { paint, renderColumns, type TextStyle } from '../../simulate/format.ts';
import { formatOption, useColor, writeOutput } from '../shared.ts';

export const LIST_FORMATS = ['table', 'json'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** One bundled scenario as `pillar list` shows it. */
export interface ScenarioListing {
  id: string;
  file: string;
  country: string;
  iso3?: string;
  region: string;
  presences: number;
  /** First and last month of the replay window. */
  first: string;
  last: string;
  /** Some presence has no end and the file sets no `end`: still going at the latest source. */
  ongoing: boolean;
  /** Kinds of presence in the file, in the catalogue's order. */
  kinds: PresenceKind[];
}

/** The listing of one scenario entry. */
export function toListing({ id, file, scenario }: BundledScenario): ScenarioListing {
  const window = getScenarioWindow(scenario);
  const present = new Set(scenario.presences.map((p) => p.kind));
  return {
    id,
    file,
    country: scenario.country,
    ...(scenario.iso3 === undefined ? {} : { iso3: scenario.iso3 }),
    region: scenario.region,
    presences: scenario.presences.length,
    first: window.start,
    last: window.end,
    ongoing: scenario.end === undefined && scenario.presences.some((p) => p.to === undefined),
    kinds: PRESENCE_KINDS.filter((k) => present.has(k)),
  };
}

/** The listings as an aligned table. */
export function formatListing(listings: readonly ScenarioListing[], style: TextStyle): string {
  const header = ['id', 'country', 'region', 'presences', 'first', 'last', 'kinds'];
  const rows = listings.map((l) => [
    l.id,
    l.country,
    l.region,
    String(l.presences),
    l.first,
    l.ongoing ? `${l.last} (ongoing)` : l.last,
    l.kinds.join(', '),
  ]);
  return `${renderColumns([header.map((h) => paint(style, 'dim', h)), ...rows], [3]).join('\n')}\n`;
}

/** Runs `pillar list` (from the build-time catalogue where it can: no YAML parser, no schema). */
export async function runList(options: { format: ListFormat; out?: string }): Promise<void> {
  const listings = (await new BundledScenarios().all()).map(toListing);
  const text =
    options.format === 'json'
      ? `${JSON.stringify(listings, null, 2)}\n`
      : formatListing(listings, { color: useColor(options.out) });
  writeOutput(options.out, text);
}

/** Adds `pillar list` to the program. */
export function registerListCommand(program: Command): void {
  program
    .command('list')
    .summary('the bundled scenarios')
    .description(
      'List the bundled scenarios: id (what replay and compare take), country, region, number of presences, first and last month of the replay window, and the kinds of presence.',
    )
    .addOption(formatOption(LIST_FORMATS))
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ pillar list
  $ pillar list --format json`,
    )
    .action((options: { format: ListFormat; out?: string }) => runList(options));
}

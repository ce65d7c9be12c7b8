/**
 * `pillar compare <id-or-file>...`: history as it happened (`historical`) beside the two
 * counterfactual doctrines for each scenario: the months where the lead is on another line, the
 * handovers only one doctrine has, and the team discontinuities each leaves.
 */
import type { Command } from 'commander';
import { DOCTRINES } from '../../domain/index.ts';
import {
  compareTimelines,
  replayAllDoctrines,
  type DoctrineComparison,
  type InvariantTally,
} from '../../simulate/compare.ts';
import { paint, renderColumns, type TextStyle } from '../../simulate/format.ts';
import type { TimelineHandover } from '../../simulate/replay.ts';
import { formatOption, useColor, writeOutput } from '../shared.ts';
import { assertInvariants, selectScenarios } from './replay.ts';

export const COMPARE_FORMATS = ['table', 'json'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

function listHandovers(handovers: readonly TimelineHandover[]): string {
  return handovers.length === 0
    ? 'none'
    : handovers.map((h) => `${h.at} ${h.from}\u2192${h.to}`).join(', ');
}

function tally(t: InvariantTally, style: TextStyle): string {
  const ok = t.failed.length === 0;
  const mark = ok ? paint(style, 'green', '\u2713') : paint(style, 'red', '\u2717');
  return `${t.held}/${t.total} ${mark}${ok ? '' : ` (failed: ${t.failed.join(', ')})`}`;
}

/** One comparison for people: the lead differences as ranges, then handovers and invariants. */
export function formatComparison(c: DoctrineComparison, style: TextStyle): string {
  const name = c.iso3 ? `${c.country} (${c.iso3})` : c.country;
  const head = `${name} \u00b7 region ${c.region} \u00b7 ${c.window.start}..${c.window.end} (${c.months} months)`;
  const differs =
    c.leadDiffers.length === 0
      ? ['the lead is on the same line under every doctrine in every month']
      : [
          `the lead's line differs in ${c.monthsDiffering} of ${c.months} months:`,
          ...renderColumns(
            [
              ['', 'from', 'to', 'months', ...DOCTRINES],
              ...c.leadDiffers.map((d) => [
                '',
                d.from,
                d.to,
                String(d.months),
                ...DOCTRINES.map((x) => d.lead[x]),
              ]),
            ],
            [3],
          ),
        ];
  const rows = DOCTRINES.map((d) => [
    d,
    listHandovers(c.handovers[d]),
    listHandovers(c.onlyIn[d]),
    String(c.discontinuities[d].length),
    tally(c.invariants[d], style),
  ]);
  return [
    paint(style, 'bold', head),
    ...differs,
    ...renderColumns([
      ['doctrine', 'handovers', 'only under this doctrine', 'team changes', 'invariants'].map((h) =>
        paint(style, 'dim', h),
      ),
      ...rows,
    ]),
  ].join('\n');
}

/** Runs `pillar compare`; exit code 1 (after the output) when an invariant fails under any doctrine. */
export async function runCompare(
  ids: readonly string[],
  options: { format: CompareFormat; all?: boolean; out?: string },
): Promise<void> {
  const entries = await selectScenarios(ids, options.all);
  const pairs = entries.map((e) => replayAllDoctrines(e.scenario));
  const comparisons = pairs.map((p) => compareTimelines(p));
  const asArray = options.all === true || ids.length > 1;
  const style = { color: useColor(options.out) };
  const text =
    options.format === 'json'
      ? `${JSON.stringify(asArray ? comparisons : comparisons[0], null, 2)}\n`
      : `${comparisons.map((c) => formatComparison(c, style)).join('\n\n')}\n`;
  writeOutput(options.out, text);
  assertInvariants(pairs.flatMap((p) => DOCTRINES.map((d) => p[d])));
}

/** Adds `pillar compare` to the program. */
export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .summary('history beside the counterfactual doctrines')
    .description(
      'Replay each scenario as it happened (historical: DPA/DPKO by backstop before 2019-01, each with its own team; adopted-2019 from then) and under the counterfactuals note-2017 (DPO leads where a pko or field-based SPM is active) and adopted-2019 (DPO leads only where a pko is active), and show the months where the lead is on another line, the handovers only one doctrine has and the team changes (discontinuities) each leaves.',
    )
    .argument(
      '[id-or-file...]',
      'bundled scenario ids (see pillar list) or YAML/JSON scenario files',
    )
    .option('-a, --all', 'every bundled scenario')
    .addOption(formatOption(COMPARE_FORMATS))
    .option('-o, --out <file>', 'write to a file (written whole or not at all) instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ pillar compare sierra-leone
  $ pillar compare burundi scenarios/liberia.yaml --format json
  $ pillar compare --all --format json --out comparison.json`,
    )
    .action((ids: string[], options: { format: CompareFormat; all?: boolean; out?: string }) =>
      runCompare(ids, options),
    );
}

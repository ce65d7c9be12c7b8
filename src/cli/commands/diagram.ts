/**
 * `pillar diagram [machine]`: a machine drawn from its own definition, as Mermaid, DOT, SVG
 * (Graphviz, offline), SCXML or the plain JSON graph.
 */
import { Option, type Command } from 'commander';
import type { Doctrine } from '../../domain/index.ts';
import {
  DIAGRAM_FORMATS,
  DIAGRAM_LAYOUTS,
  renderDiagram,
  type DiagramFormat,
  type DiagramLayout,
} from '../../diagram/index.ts';
import { getMachine, MACHINE_NAMES } from '../../diagram/machines.ts';
import { doctrineOption, writeOutput } from '../shared.ts';

/** Options of `pillar diagram`. */
export interface DiagramOptions {
  format: DiagramFormat;
  out?: string;
  doctrine?: Doctrine;
  /** `--full-guards`: keep every guard in the drawn formats too. */
  fullGuards?: boolean;
  /** `--layout`: how the svg format is laid out (graphviz, the default, or elk). */
  layout?: DiagramLayout;
}

/** Runs `pillar diagram`: renders the whole diagram first, then writes it at once. */
export async function runDiagram(name: string, options: DiagramOptions): Promise<void> {
  const machine = await getMachine(name);
  const text = await renderDiagram(machine, options.format, {
    collapseCommonGuards: options.fullGuards !== true,
    ...(options.layout === undefined ? {} : { layout: options.layout }),
    ...(options.doctrine === undefined ? {} : { doctrine: options.doctrine }),
  });
  writeOutput(options.out, text);
}

/** Adds `pillar diagram` to the program. */
export function registerDiagramCommand(program: Command): void {
  program
    .command('diagram')
    .summary('draw a machine from its definition')
    .description(
      `Draw a machine (${MACHINE_NAMES.join(', ')}) from its own definition: nested states as composite states or clusters, transitions labelled with their event and guard, eventless transitions as "always", transitions without target listed in their state, the initial states marked. The guards every evented transition requires are left out of the drawn formats and named in a legend; the scxml and json formats keep everything.`,
    )
    .argument('[machine]', `the machine: ${MACHINE_NAMES.join(', ')}`, 'country')
    .addOption(
      new Option('-f, --format <format>', 'output format')
        .choices(DIAGRAM_FORMATS)
        .default('mermaid'),
    )
    .option('-o, --out <file>', 'write to a file (written whole or not at all) instead of stdout')
    .addOption(
      doctrineOption('name a doctrine in the legend (the structure is the same under both)'),
    )
    .option('--full-guards', 'keep every guard in the drawn formats too')
    .addOption(
      new Option(
        '--layout <layout>',
        'layout of the svg format: graphviz (dot) or elk (the layered layout the inspector shows)',
      )
        .choices(DIAGRAM_LAYOUTS)
        .default('graphviz'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ pillar diagram
  $ pillar diagram country --format svg --out docs/diagrams/country.svg
  $ pillar diagram country --format svg --layout elk --out country-elk.svg
  $ pillar diagram country --format scxml --out country.scxml
  $ pillar diagram pillar --format dot | dot -Tpng > pillar.png`,
    )
    .action((name: string, options: DiagramOptions) => runDiagram(name, options));
}

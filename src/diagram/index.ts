/**
 * Diagrams generated from the machines' own definitions: Mermaid, DOT, SVG (Graphviz WASM),
 * SCXML and the plain JSON graph they are all drawn from.
 */
import type { AnyStateMachine } from 'xstate';
import { graphToDot } from './dot.ts';
import { extractGraph, type DrawOptions } from './graph.ts';
import { graphToJson } from './json.ts';
import { graphToMermaid } from './mermaid.ts';
import { graphToScxml } from './scxml.ts';
import { graphToSvg } from './svg.ts';
import { graphToElkSvg } from './elk.ts';

export * from './graph.ts';
export { graphToMermaid, toMermaid } from './mermaid.ts';
export { graphToDot, toDot } from './dot.ts';
export { graphToSvg, renderDot, renderDotToSvg, toSvg } from './svg.ts';
export { graphToScxml, toScxml, SCXML_NS } from './scxml.ts';
export { graphToJson, toJson } from './json.ts';
export { graphToElkSvg, layoutElk, elkLayoutToSvg, toElkSvg, ELK_FONT_SIZE } from './elk.ts';
export type { ElkLayout, ElkStateBox, ElkEdgeBox } from './elk.ts';
export { getMachine, availableMachines, MACHINE_NAMES, type MachineName } from './machines.ts';

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg', 'scxml', 'json'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** How the SVG format is laid out: Graphviz `dot` (the default) or ELK's layered algorithm. */
export const DIAGRAM_LAYOUTS = ['graphviz', 'elk'] as const;
export type DiagramLayout = (typeof DIAGRAM_LAYOUTS)[number];

/** The diagram of `machine` in `format`. `options` apply to the drawn formats only. */
export async function renderDiagram(
  machine: AnyStateMachine,
  format: DiagramFormat,
  options: DrawOptions & { layout?: DiagramLayout } = {},
): Promise<string> {
  const graph = extractGraph(machine);
  switch (format) {
    case 'mermaid':
      return graphToMermaid(graph, options);
    case 'dot':
      return graphToDot(graph, options);
    case 'svg':
      return options.layout === 'elk' ? graphToElkSvg(graph, options) : graphToSvg(graph, options);
    case 'scxml':
      return graphToScxml(graph);
    case 'json':
      return graphToJson(graph);
  }
}

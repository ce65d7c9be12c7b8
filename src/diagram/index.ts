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

export * from './graph.ts';
export { graphToMermaid, toMermaid } from './mermaid.ts';
export { graphToDot, toDot } from './dot.ts';
export { graphToSvg, renderDot, renderDotToSvg, toSvg } from './svg.ts';
export { graphToScxml, toScxml, SCXML_NS } from './scxml.ts';
export { graphToJson, toJson } from './json.ts';
export { getMachine, availableMachines, MACHINE_NAMES, type MachineName } from './machines.ts';

export const DIAGRAM_FORMATS = ['mermaid', 'dot', 'svg', 'scxml', 'json'] as const;
export type DiagramFormat = (typeof DIAGRAM_FORMATS)[number];

/** The diagram of `machine` in `format`. `options` apply to the drawn formats only. */
export async function renderDiagram(
  machine: AnyStateMachine,
  format: DiagramFormat,
  options: DrawOptions = {},
): Promise<string> {
  const graph = extractGraph(machine);
  switch (format) {
    case 'mermaid':
      return graphToMermaid(graph, options);
    case 'dot':
      return graphToDot(graph, options);
    case 'svg':
      return graphToSvg(graph, options);
    case 'scxml':
      return graphToScxml(graph);
    case 'json':
      return graphToJson(graph);
  }
}

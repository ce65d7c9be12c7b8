/** Rendering a machine's diagram in one of the formats, all drawn from one graph of its definition. */
import type { AnyStateMachine } from 'xstate';
import { graphToDot } from './dot.ts';
import { extractGraph, type DrawOptions } from './graph.ts';
import { graphToJson } from './json.ts';
import { graphToMermaid } from './mermaid.ts';
import { graphToScxml } from './scxml.ts';
import { graphToSvg } from './svg.ts';
import { graphToElkSvg } from './elk.ts';

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

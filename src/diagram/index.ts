/**
 * Diagrams generated from the machines' own definitions: Mermaid, DOT, SVG (Graphviz WASM),
 * SCXML and the plain JSON graph they are all drawn from.
 */
export * from './graph.ts';
export { graphToMermaid, toMermaid } from './mermaid.ts';
export { graphToDot, toDot } from './dot.ts';
export { graphToSvg, renderDot, renderDotToSvg, toSvg } from './svg.ts';
export { graphToScxml, toScxml, SCXML_NS } from './scxml.ts';
export { graphToJson, toJson } from './json.ts';
export { graphToElkSvg, layoutElk, elkLayoutToSvg, toElkSvg, ELK_FONT_SIZE } from './elk.ts';
export type { ElkLayout, ElkStateBox, ElkEdgeBox } from './elk.ts';
export { getMachine, availableMachines, MACHINE_NAMES, type MachineName } from './machines.ts';
export {
  DIAGRAM_FORMATS,
  DIAGRAM_LAYOUTS,
  renderDiagram,
  type DiagramFormat,
  type DiagramLayout,
} from './render.ts';

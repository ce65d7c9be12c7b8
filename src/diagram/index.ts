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
export { getMachine, availableMachines, MACHINE_NAMES, type MachineName } from './machines.ts';
export { DIAGRAM_FORMATS, renderDiagram, type DiagramFormat } from './render.ts';

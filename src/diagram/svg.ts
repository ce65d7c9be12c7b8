/** SVG rendered offline from the DOT text with Graphviz compiled to WebAssembly (`@viz-js/viz`). */
import type { AnyStateMachine } from 'xstate';
import { graphToDot } from './dot.ts';
import { extractGraph, type DiagramGraph, type DrawOptions } from './graph.ts';

type Viz = Awaited<ReturnType<typeof import('@viz-js/viz').instance>>;
let vizInstance: Promise<Viz> | undefined;

/** One Graphviz instance per process (about 45 ms to start). */
function getViz(): Promise<Viz> {
  vizInstance ??= import('@viz-js/viz').then((m) => m.instance());
  return vizInstance;
}

/** Graphviz's output and the warnings it gave along with it. */
export interface RenderedSvg {
  svg: string;
  warnings: string[];
}

/** Renders DOT text to SVG with Graphviz's `dot` layout; throws with Graphviz's messages on failure. */
export async function renderDot(dot: string): Promise<RenderedSvg> {
  const viz = await getViz();
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  const messages = result.errors.map((e) => `${e.level ?? 'error'}: ${e.message.trim()}`);
  if (result.status !== 'success') {
    throw new Error(`Graphviz could not render the diagram: ${messages.join('; ')}`);
  }
  return { svg: result.output, warnings: messages };
}

/** Renders DOT text to SVG (warnings are dropped; see {@link renderDot}). */
export async function renderDotToSvg(dot: string): Promise<string> {
  return (await renderDot(dot)).svg;
}

/** The SVG of a graph. */
export function graphToSvg(graph: DiagramGraph, options: DrawOptions = {}): Promise<string> {
  return renderDotToSvg(graphToDot(graph, options));
}

/** The SVG of a machine. */
export function toSvg(machine: AnyStateMachine, options: DrawOptions = {}): Promise<string> {
  return graphToSvg(extractGraph(machine), options);
}

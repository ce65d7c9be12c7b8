/**
 * Mermaid `stateDiagram-v2` from a machine's graph: compound states as composite states, one
 * line per transition (`a --> b : EVENT [guard]`, or `a : ↺ EVENT [guard]` for a transition
 * without target), the initial states marked with `[*]`, and a legend box.
 */
import type { AnyStateMachine } from 'xstate';
import {
  extractGraph,
  legendFor,
  statesById,
  type DiagramGraph,
  type DiagramState,
  type DrawOptions,
} from './graph.ts';
import { commonParent, shortIds } from './ids.ts';

/** Suffix of the box that lists a compound state's transitions without target. */
export const STAYS_SUFFIX = '__stays';
/** Suffix of the legend box's id (after the machine id). */
export const LEGEND_SUFFIX = '__legend';

/** Mermaid text may hold neither `:` nor `;` after a label's colon, nor `"` in a quoted title. */
export function mermaidText(text: string): string {
  return text.replace(/:/g, '\u2236').replace(/;/g, ',').replace(/"/g, "'").replace(/\s+/g, ' ');
}

/** The Mermaid diagram of a graph. */
export function graphToMermaid(graph: DiagramGraph, options: DrawOptions = {}): string {
  const states = statesById(graph);
  const ids = shortIds(graph);
  const idOf = (stateId: string): string => ids.get(stateId) ?? stateId;
  const { labels, lines: legend } = legendFor(graph, options);
  const rootId = idOf(graph.root);

  // Each line goes into the block of the deepest compound state that holds both its ends.
  const edges = new Map<string, string[]>();
  const stays = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, key: string, line: string): void => {
    map.set(key, [...(map.get(key) ?? []), line]);
  };
  for (const t of graph.transitions) {
    const label = mermaidText(labels.get(t.id) ?? t.id);
    if (t.targets.length === 0) {
      const source = states.get(t.source);
      const holder = source === undefined || source.children.length > 0 ? t.source : source.parent;
      const box = source !== undefined && source.children.length > 0;
      push(
        stays,
        holder ?? graph.root,
        `${idOf(t.source)}${box ? STAYS_SUFFIX : ''} : \u21ba ${label}`,
      );
      continue;
    }
    for (const target of t.targets) {
      const block = commonParent(states, [t.source, target]);
      push(edges, block, `${idOf(t.source)} --> ${idOf(target)} : ${label}`);
    }
  }

  const out: string[] = [
    'stateDiagram-v2',
    `%% The '${graph.machine}' machine, generated from its definition by \`pillar diagram\`. Do not edit.`,
    ...legend.map((line) => `%% ${line}`),
  ];
  const asides: string[] = [];

  const declare = (s: DiagramState): string =>
    idOf(s.id) === s.key ? s.key : `state "${mermaidText(s.key)}" as ${idOf(s.id)}`;

  const block = (s: DiagramState, indent: string): void => {
    for (const initial of s.initial) out.push(`${indent}[*] --> ${idOf(initial)}`);
    for (const childId of s.children) {
      const child = states.get(childId);
      if (child === undefined) continue;
      if (child.children.length > 0) {
        const head = idOf(child.id) === child.key ? `state ${child.key}` : declare(child);
        out.push(`${indent}${head} {`);
        block(child, `${indent}  `);
        out.push(`${indent}}`);
      } else {
        out.push(`${indent}${declare(child)}`);
      }
      if (child.type === 'final') out.push(`${indent}${idOf(child.id)} --> [*]`);
    }
    const own = stays.get(s.id) ?? [];
    const boxed = own.filter((line) => line.startsWith(`${idOf(s.id)}${STAYS_SUFFIX} `));
    if (boxed.length > 0) {
      const where = s.id === graph.root ? 'in every state' : `anywhere in ${s.key}`;
      out.push(
        `${indent}state "\u21ba stays, ${mermaidText(where)}" as ${idOf(s.id)}${STAYS_SUFFIX}`,
      );
      asides.push(`${idOf(s.id)}${STAYS_SUFFIX}`);
    }
    for (const line of own) out.push(`${indent}${line}`);
    for (const line of edges.get(s.id) ?? []) out.push(`${indent}${line}`);
  };

  const root = states.get(graph.root);
  if (root !== undefined) block(root, '  ');
  if (legend.length > 0) {
    const legendId = `${rootId}${LEGEND_SUFFIX}`;
    out.push(`  state "legend" as ${legendId}`);
    for (const line of legend) out.push(`  ${legendId} : ${mermaidText(line)}`);
    asides.push(legendId);
  }
  if (asides.length > 0) {
    out.push('  classDef aside fill:#fffbea,stroke:#b8a040,stroke-dasharray:4 3,color:#333');
    out.push(`  class ${asides.join(',')} aside`);
  }
  return `${out.join('\n')}\n`;
}

/** The Mermaid diagram of a machine. */
export function toMermaid(machine: AnyStateMachine, options: DrawOptions = {}): string {
  return graphToMermaid(extractGraph(machine), options);
}

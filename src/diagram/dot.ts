/**
 * Graphviz DOT from a machine's graph: compound states as clusters (`compound=true`, edges to and
 * from a compound state clipped at its border with `lhead`/`ltail`), a black dot for each initial
 * state, transitions without target listed in their state's label, a legend in the graph label.
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
import { ancestry } from './ids.ts';

const FONT = 'Helvetica';

/** A DOT quoted string. */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Text escaped for a DOT HTML-like label. */
export function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The cluster name of a compound state. */
export function clusterName(stateId: string): string {
  return `cluster_${stateId}`;
}

/** The point inside a compound state's cluster where its initial arrow starts and edges end. */
export function initialNode(stateId: string): string {
  return `${stateId}::initial`;
}

/** The invisible point inside a compound state's cluster where its own transitions start. */
export function anchorNode(stateId: string): string {
  return `${stateId}::any`;
}

function label(title: string, lines: readonly string[], bold = true): string {
  const head = bold ? `<b>${htmlText(title)}</b>` : htmlText(title);
  if (lines.length === 0) return `<${head}>`;
  const body = lines.map((l) => `${htmlText(l)}<br align="left"/>`).join('');
  return `<${head}<br/><font point-size="9">${body}</font>>`;
}

/** The DOT text of a graph. */
export function graphToDot(graph: DiagramGraph, options: DrawOptions = {}): string {
  const states = statesById(graph);
  const { labels, lines: legend } = legendFor(graph, options);
  const stays = new Map<string, string[]>();
  for (const t of graph.transitions) {
    if (t.targets.length > 0) continue;
    stays.set(t.source, [...(stays.get(t.source) ?? []), `\u21ba ${labels.get(t.id) ?? t.id}`]);
  }
  const isCompound = (id: string): boolean => (states.get(id)?.children.length ?? 0) > 0;
  const inside = (id: string, container: string): boolean =>
    id !== container && ancestry(states, id).includes(container);

  const out: string[] = [
    `// The '${graph.machine}' machine, generated from its definition by \`pillar diagram\`. Do not edit.`,
    ...legend.map((line) => `// ${line}`),
    `digraph ${dotString(graph.machine)} {`,
  ];
  const rootLines = [
    ...(stays.get(graph.root) ?? []).map((l) => `${l} (in every state)`),
    ...legend,
  ];
  out.push(
    `  graph [compound=true, fontname=${dotString(FONT)}, fontsize=12, labelloc=t, labeljust=l, nodesep=0.35, ranksep=0.45, label=${label(`${graph.machine} machine`, rootLines)}]`,
    `  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", color="#5b7bb2", fontname=${dotString(FONT)}, fontsize=11]`,
    `  edge [fontname=${dotString(FONT)}, fontsize=9, color="#4a4a4a", arrowsize=0.7]`,
  );

  const point = (id: string, visible: boolean): string =>
    visible
      ? `${dotString(id)} [shape=point, width=0.12, style=filled, fillcolor=black, color=black, label=""]`
      : `${dotString(id)} [shape=point, width=0.01, style=invis, label=""]`;
  const initialEdges: string[] = [];

  const block = (s: DiagramState, indent: string): void => {
    if (s.initial.length > 0) out.push(`${indent}${point(initialNode(s.id), true)}`);
    if (
      graph.transitions.some((t) => t.source === s.id && t.targets.length > 0) &&
      s.id !== graph.root
    ) {
      out.push(`${indent}${point(anchorNode(s.id), false)}`);
    }
    for (const target of s.initial) initialEdges.push(edge(initialNode(s.id), target, [], s.id));
    for (const childId of s.children) {
      const child = states.get(childId);
      if (child === undefined) continue;
      if (child.children.length > 0) {
        out.push(`${indent}subgraph ${dotString(clusterName(child.id))} {`);
        out.push(
          `${indent}  graph [label=${label(child.key, stays.get(child.id) ?? [])}, style="rounded,filled", fillcolor="#f6f6f4", color="#9a9a9a"]`,
        );
        block(child, `${indent}  `);
        out.push(`${indent}}`);
      } else {
        const extra = child.type === 'final' ? ', peripheries=2' : '';
        out.push(
          `${indent}${dotString(child.id)} [label=${label(child.key, stays.get(child.id) ?? [])}${extra}]`,
        );
      }
    }
  };

  // Document order ranks the states: an edge that goes back up that order is written reversed
  // with `dir=back`, so Graphviz lays the states out in the order the machine declares them.
  const order = new Map(graph.states.map((s, i) => [s.id, i]));
  const rank = (id: string): number => order.get(id) ?? -1;

  // An edge from `from` to `to` (state ids or points); compound ends go to their points, clipped.
  function edge(from: string, to: string, attributes: string[], owner?: string): string {
    const attrs = [...attributes];
    let tail = from;
    let head = to;
    let ltail: string | undefined;
    let lhead: string | undefined;
    if (isCompound(from)) {
      tail = anchorNode(from);
      if (!inside(to, from) && to !== from) ltail = clusterName(from);
    }
    if (isCompound(to)) {
      head = initialNode(to);
      const tailState = owner ?? from;
      if (!inside(tailState, to) && tailState !== to) lhead = clusterName(to);
    }
    const backward = owner === undefined && rank(to) < rank(from);
    if (backward) {
      [tail, head, ltail, lhead] = [head, tail, lhead, ltail];
      attrs.push('dir=back');
    }
    if (ltail !== undefined) attrs.push(`ltail=${dotString(ltail)}`);
    if (lhead !== undefined) attrs.push(`lhead=${dotString(lhead)}`);
    const list = attrs.length > 0 ? ` [${attrs.join(', ')}]` : '';
    return `${dotString(tail)} -> ${dotString(head)}${list}`;
  }

  const root = states.get(graph.root);
  if (root !== undefined) block(root, '  ');
  for (const line of initialEdges) out.push(`  ${line}`);
  for (const t of graph.transitions) {
    t.targets.forEach((target, k) => {
      const attrs = [
        `id=${dotString(k === 0 ? t.id : `${t.id}#${k}`)}`,
        `label=${dotString((labels.get(t.id) ?? t.id).replace(' [', '\n['))}`,
      ];
      if (t.event === null) attrs.push('style=dashed');
      out.push(`  ${edge(t.source, target, attrs)}`);
    });
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** The DOT text of a machine. */
export function toDot(machine: AnyStateMachine, options: DrawOptions = {}): string {
  return graphToDot(extractGraph(machine), options);
}

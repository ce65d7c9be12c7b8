/**
 * A statechart laid out with ELK's layered algorithm for compound graphs (elkjs, run in-process),
 * drawn as plain SVG. Every state is a box sized to its label and its list of transitions without
 * target; every transition with a target is an edge whose label (event, and its guards by name)
 * ELK places so that no label overlaps a node or another label. The SVG carries the ids the
 * inspector needs: `data-state` on each state, `data-transition`/`data-event`/`data-source` on
 * each transition (edges and the ↺ lines of targetless ones).
 */
import ElkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkInstance, ElkExtendedEdge, ElkNode, ElkLabel } from 'elkjs/lib/elk-api.js';

/** elk.bundled.js is CommonJS: its default import is the constructor itself. */
const ELK = ElkBundled as unknown as new () => ElkInstance;
import type { AnyStateMachine } from 'xstate';
import {
  ALWAYS,
  extractGraph,
  legendFor,
  omitGuards,
  guardText,
  eventLabel,
  candidateCounts,
  type DiagramGraph,
  type DiagramTransition,
  type DrawOptions,
} from './graph.ts';

/** Font size (SVG units) of every label; at scale 1 it is 12 px on screen. */
export const ELK_FONT_SIZE = 12;
/** Font size of the state names. */
const TITLE_SIZE = 13;
const LINE = 16;
const FONT_FAMILY = "'DejaVu Sans', Verdana, 'Segoe UI', sans-serif";
const PAD = 8;

/**
 * Width of `text` at `size` px, estimated generously from character classes (no DOM on the
 * server): wider than DejaVu Sans, the widest of the fonts the SVG names, so boxes never clip.
 */
export function textWidth(text: string, size = ELK_FONT_SIZE, bold = false): number {
  let em = 0;
  for (const ch of text) {
    if (/[A-Z]/.test(ch)) em += ch === 'M' || ch === 'W' ? 0.9 : 0.74;
    else if (/[mw]/.test(ch)) em += 0.9;
    else if (/[a-z]/.test(ch)) em += /[ijlft]/.test(ch) ? 0.34 : 0.62;
    else if (/[0-9]/.test(ch)) em += 0.64;
    else if (ch === ' ') em += 0.32;
    else if (/[()[\]|.,:;'!]/.test(ch)) em += 0.4;
    else em += 0.8;
  }
  return Math.ceil(em * size * (bold ? 1.08 : 1));
}

/** One transition's label for the chart: the event, then its guards by name on a second line. */
export interface EdgeLabelLines {
  event: string;
  guard: string | null;
}

export interface ElkStateBox {
  id: string;
  key: string;
  kind: 'atomic' | 'compound' | 'final' | 'parallel' | 'history';
  x: number;
  y: number;
  width: number;
  height: number;
  /** The ↺ lines: transitions without target, each clickable. */
  stays: { id: string; event: string; text: string }[];
  initial: boolean;
}

export interface ElkEdgeBox {
  id: string;
  source: string;
  target: string;
  event: string;
  points: { x: number; y: number }[];
  label: EdgeLabelLines & { x: number; y: number; width: number; height: number };
  eventless: boolean;
}

/** A laid-out statechart, in absolute coordinates. */
export interface ElkLayout {
  machine: string;
  /** Id of the root state node. */
  root: string;
  width: number;
  height: number;
  legend: string[];
  states: ElkStateBox[];
  /** Initial markers: a dot at (x, y) and an arrow to `target`. */
  initials: { id: string; x: number; y: number; points: { x: number; y: number }[] }[];
  edges: ElkEdgeBox[];
}

function labelLines(
  t: DiagramTransition,
  omit: ReadonlySet<string>,
  counts: ReadonlyMap<string, number>,
): EdgeLabelLines {
  const guard = omitGuards(t.guard, omit);
  const count = counts.get(`${t.source}:${t.event ?? ALWAYS}`) ?? 1;
  const index = Number(t.id.slice(t.id.lastIndexOf(':') + 1));
  const event = count > 1 ? `${eventLabel(t.event)} (${index + 1})` : eventLabel(t.event);
  return { event, guard: guard === null ? null : `[${guardText(guard)}]` };
}

function boxOf(lines: EdgeLabelLines): { width: number; height: number } {
  const widths = [textWidth(lines.event), lines.guard === null ? 0 : textWidth(lines.guard)];
  return { width: Math.max(...widths) + 8, height: (lines.guard === null ? 1 : 2) * LINE + 4 };
}

const INITIAL_SUFFIX = '::initial';

/** Spacing and strategy options, set on every compound node (ELK does not inherit them). */
const SHARED_OPTIONS: Record<string, string> = {
  'elk.layered.spacing.nodeNodeBetweenLayers': '20',
  'elk.layered.spacing.edgeNodeBetweenLayers': '8',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '5',
  'elk.layered.edgeLabels.centerLabelPlacementStrategy': 'TAIL_LAYER',
  'elk.spacing.nodeNode': '20',
};

/** Lays out `graph` with ELK (layered, hierarchy included, edges routed orthogonally). */
export async function layoutElk(
  graph: DiagramGraph,
  options: DrawOptions = {},
): Promise<ElkLayout> {
  const { omit, lines: legend } = legendFor(graph, options);
  const counts = candidateCounts(graph);
  const states = new Map(graph.states.map((s) => [s.id, s]));
  const stays = new Map<string, ElkStateBox['stays']>();
  for (const t of graph.transitions) {
    if (t.targets.length > 0) continue;
    const l = labelLines(t, omit, counts);
    const text = `\u21ba ${l.event}${l.guard === null ? '' : ` ${l.guard}`}`;
    stays.set(t.source, [
      ...(stays.get(t.source) ?? []),
      { id: t.id, event: t.event ?? ALWAYS, text },
    ]);
  }
  const headerHeight = (id: string): number => LINE + 8 + (stays.get(id)?.length ?? 0) * LINE;
  const headerWidth = (id: string): number => {
    const s = states.get(id);
    const widths = [
      textWidth(s?.key ?? id, TITLE_SIZE, true),
      ...(stays.get(id) ?? []).map((x) => textWidth(x.text)),
    ];
    return Math.max(...widths) + 2 * PAD;
  };

  const toNode = (id: string): ElkNode => {
    const s = states.get(id);
    if (s === undefined) throw new Error(`unknown state ${id}`);
    if (s.children.length === 0) {
      return { id, width: Math.max(headerWidth(id), 90), height: headerHeight(id) + 6 };
    }
    const children = s.children.map(toNode);
    if (s.initial.length > 0)
      children.unshift({ id: `${id}${INITIAL_SUFFIX}`, width: 10, height: 10 });
    return {
      id,
      children,
      layoutOptions: {
        ...SHARED_OPTIONS,
        'elk.padding': `[top=${headerHeight(id) + 8},left=14,bottom=14,right=14]`,
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${headerWidth(id)},${headerHeight(id) + 30})`,
      },
    };
  };

  const edges: ElkExtendedEdge[] = [];
  const meta = new Map<string, { t: DiagramTransition; lines: EdgeLabelLines; target: string }>();
  for (const t of graph.transitions) {
    t.targets.forEach((target, i) => {
      const id = t.targets.length > 1 ? `${t.id}#${i}` : t.id;
      const lines = labelLines(t, omit, counts);
      const label: ElkLabel = { id: `${id}::label`, text: lines.event, ...boxOf(lines) };
      edges.push({ id, sources: [t.source], targets: [target], labels: [label] });
      meta.set(id, { t, lines, target });
    });
  }
  for (const s of graph.states) {
    for (const target of s.initial) {
      edges.push({
        id: `${s.id}${INITIAL_SUFFIX}->${target}`,
        sources: [`${s.id}${INITIAL_SUFFIX}`],
        targets: [target],
      });
    }
  }

  const root: ElkNode = {
    id: '::canvas',
    layoutOptions: {
      ...SHARED_OPTIONS,
      'elk.algorithm': 'layered',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.direction': 'DOWN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.edgeLabel': '4',
      'elk.spacing.edgeNode': '14',
      'elk.spacing.edgeEdge': '10',
      'elk.edgeLabels.inline': 'false',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.randomSeed': '1',
      'elk.padding': '[top=10,left=10,bottom=10,right=10]',
    },
    children: [toNode(graph.root)],
    edges,
  };
  const elk = new ELK();
  const out = await elk.layout(root);

  // Absolute positions: ELK gives each node relative to its parent, and each edge relative to
  // the node it is declared in (here the canvas, so its coordinates are absolute already) unless
  // `container` says otherwise.
  const abs = new Map<string, { x: number; y: number; width: number; height: number }>();
  const walk = (node: ElkNode, ox: number, oy: number): void => {
    for (const child of node.children ?? []) {
      const x = ox + (child.x ?? 0);
      const y = oy + (child.y ?? 0);
      abs.set(child.id, { x, y, width: child.width ?? 0, height: child.height ?? 0 });
      walk(child, x, y);
    }
  };
  walk(out, 0, 0);
  const offsetOf = (edge: ElkExtendedEdge): { x: number; y: number } => {
    const container = (edge as { container?: string }).container;
    if (container === undefined || container === '::canvas') return { x: 0, y: 0 };
    const box = abs.get(container);
    return box === undefined ? { x: 0, y: 0 } : { x: box.x, y: box.y };
  };

  const boxes: ElkStateBox[] = graph.states.map((s) => {
    const box = abs.get(s.id) ?? { x: 0, y: 0, width: 0, height: 0 };
    return {
      id: s.id,
      key: s.key,
      kind: s.children.length > 0 ? 'compound' : s.type === 'compound' ? 'atomic' : s.type,
      ...box,
      stays: stays.get(s.id) ?? [],
      initial: graph.states.some((p) => p.initial.includes(s.id)),
    };
  });
  const initials: ElkLayout['initials'] = [];
  const laidEdges: ElkEdgeBox[] = [];
  for (const edge of out.edges ?? []) {
    const o = offsetOf(edge);
    const section = edge.sections?.[0];
    const points =
      section === undefined
        ? []
        : [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map((p) => ({
            x: p.x + o.x,
            y: p.y + o.y,
          }));
    if (edge.id.includes(`${INITIAL_SUFFIX}->`)) {
      const dot = abs.get(edge.sources[0] ?? '');
      if (dot !== undefined) initials.push({ id: edge.id, x: dot.x + 5, y: dot.y + 5, points });
      continue;
    }
    const m = meta.get(edge.id);
    const label = edge.labels?.[0];
    if (m === undefined || label === undefined) continue;
    laidEdges.push({
      id: edge.id,
      source: m.t.source,
      target: m.target,
      event: m.t.event ?? ALWAYS,
      points,
      eventless: m.t.event === null,
      label: {
        ...m.lines,
        x: (label.x ?? 0) + o.x,
        y: (label.y ?? 0) + o.y,
        width: label.width ?? 0,
        height: label.height ?? 0,
      },
    });
  }
  return {
    machine: graph.machine,
    root: graph.root,
    width: Math.ceil(out.width ?? 0),
    height: Math.ceil(out.height ?? 0),
    legend,
    states: boxes,
    initials,
    edges: laidEdges,
  };
}

function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const r = (n: number): string => String(Math.round(n * 10) / 10);

function pathOf(points: { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${r(p.x)},${r(p.y)}`).join(' ');
}

/** Colours of the exported SVG (the inspector overrides them with its own theme through CSS). */
const INK = '#1a1a1a';
const STATE_FILL = '#eef3fb';
const STATE_STROKE = '#5b7bb2';
const COMPOUND_FILL = '#f7f7f5';

/** The SVG of a laid-out statechart; self-contained (styles inline as attributes). */
export function elkLayoutToSvg(layout: ElkLayout): string {
  const legendHeight = layout.legend.length * LINE + LINE + 12;
  const width = Math.max(layout.width, ...layout.legend.map((l) => textWidth(l) + 20));
  const height = layout.height + legendHeight;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="elk-statechart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${esc(FONT_FAMILY)}" font-size="${ELK_FONT_SIZE}" data-machine="${esc(layout.machine)}">`,
    `<title>${esc(`${layout.machine} machine`)}</title>`,
    '<defs><marker id="elk-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>',
    `<g class="legend" transform="translate(10,${LINE + 2})">`,
    `<text class="legend-title" font-weight="bold" font-size="${TITLE_SIZE}" fill="${INK}">${esc(`${layout.machine} machine`)}</text>`,
    ...layout.legend.map(
      (line, i) => `<text y="${(i + 1) * LINE}" fill="${INK}">${esc(line)}</text>`,
    ),
    '</g>',
    `<g class="chart" transform="translate(0,${legendHeight})">`,
  ];
  // Compound states first (parents before children), then atomic ones, then edges on top.
  for (const s of layout.states) {
    const compound = s.kind === 'compound';
    out.push(
      `<g class="state ${compound ? 'compound' : 'atomic'}${s.id === layout.root ? ' root' : ''}" data-state="${esc(s.id)}" id="state:${esc(s.id)}">`,
      `<title>${esc(s.id)}</title>`,
      `<rect class="box" x="${r(s.x)}" y="${r(s.y)}" width="${r(s.width)}" height="${r(s.height)}" rx="${compound ? 10 : 8}" fill="${compound ? COMPOUND_FILL : STATE_FILL}" stroke="${STATE_STROKE}" stroke-width="1.2"/>`,
      `<text class="name" x="${r(s.x + PAD)}" y="${r(s.y + LINE + 2)}" font-weight="bold" font-size="${TITLE_SIZE}" fill="${INK}">${esc(s.key)}</text>`,
    );
    s.stays.forEach((stay, i) => {
      out.push(
        `<g class="stay transition" data-transition="${esc(stay.id)}" data-event="${esc(stay.event)}" data-source="${esc(s.id)}"><title>${esc(stay.text)}</title><text class="label" x="${r(s.x + PAD)}" y="${r(s.y + LINE * (i + 2) + 4)}" fill="${INK}">${esc(stay.text)}</text></g>`,
      );
    });
    out.push('</g>');
  }
  for (const init of layout.initials) {
    out.push(
      `<g class="initial"><circle cx="${r(init.x)}" cy="${r(init.y)}" r="5" fill="${INK}"/>${init.points.length > 1 ? `<path d="${pathOf(init.points)}" fill="none" stroke="${INK}" stroke-width="1.2" marker-end="url(#elk-arrow)"/>` : ''}</g>`,
    );
  }
  for (const e of layout.edges) {
    const l = e.label;
    const text = l.guard === null ? l.event : `${l.event} ${l.guard}`;
    out.push(
      `<g class="edge transition${e.eventless ? ' eventless' : ''}" data-transition="${esc(e.id)}" data-event="${esc(e.event)}" data-source="${esc(e.source)}" data-target="${esc(e.target)}">`,
      `<title>${esc(`${text}: ${e.source} → ${e.target}`)}</title>`,
      `<path class="line" d="${pathOf(e.points)}" fill="none" stroke="${INK}" stroke-width="1.2"${e.eventless ? ' stroke-dasharray="5 3"' : ''} marker-end="url(#elk-arrow)"/>`,
      `<g class="edge-label"><rect class="label-box" x="${r(l.x)}" y="${r(l.y)}" width="${r(l.width)}" height="${r(l.height)}" rx="3" fill="#ffffff" fill-opacity="0.9"/>`,
      `<text class="label event" x="${r(l.x + 4)}" y="${r(l.y + LINE - 2)}" fill="${INK}">${esc(l.event)}</text>`,
      l.guard === null
        ? ''
        : `<text class="label guard" x="${r(l.x + 4)}" y="${r(l.y + 2 * LINE - 2)}" fill="${INK}">${esc(l.guard)}</text>`,
      '</g></g>',
    );
  }
  out.push('</g></svg>');
  return `${out.join('\n')}\n`;
}

/** The ELK-laid-out SVG of a graph. */
export async function graphToElkSvg(
  graph: DiagramGraph,
  options: DrawOptions = {},
): Promise<string> {
  return elkLayoutToSvg(await layoutElk(graph, options));
}

/** The ELK-laid-out SVG of a machine. */
export function toElkSvg(machine: AnyStateMachine, options: DrawOptions = {}): Promise<string> {
  return graphToElkSvg(extractGraph(machine), options);
}

/**
 * A plain JSON graph of a machine, read from its live state nodes (`machine.root`): every state
 * node, every transition (evented and eventless), guards as expression trees, actions by name.
 * Every diagram format is drawn from this graph; nothing is drawn by hand.
 */
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

/** A guard as written in the machine: a named guard, or `and`/`or`/`not` over guards. */
export type GuardExpr =
  | { kind: 'guard'; name: string; params?: unknown }
  | { kind: 'and' | 'or'; operands: GuardExpr[] }
  | { kind: 'not'; operand: GuardExpr }
  | { kind: 'in'; state: string };

/** An action by its type, with its static params when it has any. */
export interface DiagramAction {
  type: string;
  params?: unknown;
}

/** One state node. Ids are XState's full ids (`country.nonMission.earlyWarning`). */
export interface DiagramState {
  id: string;
  key: string;
  /** Keys from the root's child down to this node; empty for the root. */
  path: string[];
  parent: string | null;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Ids the node enters first (compound nodes); empty otherwise. */
  initial: string[];
  children: string[];
  entry: DiagramAction[];
  exit: DiagramAction[];
  tags: string[];
  /** For a history state: how deep it remembers. */
  history?: 'shallow' | 'deep';
  description?: string;
}

/** One transition. `event` is null for an eventless (`always`) transition. */
export interface DiagramTransition {
  /** `source:event:index`, index being the transition's place among the candidates for the event. */
  id: string;
  source: string;
  event: string | null;
  /** Empty for a targetless transition: it stays in the source and runs its actions. */
  targets: string[];
  guard: GuardExpr | null;
  actions: DiagramAction[];
  reenter: boolean;
}

/** The whole machine as plain data. */
export interface DiagramGraph {
  machine: string;
  /** Id of the root state node. */
  root: string;
  /** Every state node, parents before children, in document order. */
  states: DiagramState[];
  transitions: DiagramTransition[];
}

/** The reserved event type of an eventless transition in a transition's id. */
export const ALWAYS = 'always';

function functionName(value: unknown): string {
  return typeof value === 'function' && value.name !== '' ? value.name : 'inline';
}

/** Reads XState's guard representation (string, `{type, params}`, or a higher-order function). */
export function toGuardExpr(guard: unknown): GuardExpr {
  if (typeof guard === 'string') return { kind: 'guard', name: guard };
  if (typeof guard === 'function') {
    const fn = guard as { name: string; guards?: unknown; stateValue?: unknown };
    const operands = Array.isArray(fn.guards) ? (fn.guards as unknown[]).map(toGuardExpr) : null;
    if (operands !== null && (fn.name === 'and' || fn.name === 'or')) {
      return { kind: fn.name, operands };
    }
    if (operands !== null && fn.name === 'not' && operands[0] !== undefined) {
      return { kind: 'not', operand: operands[0] };
    }
    if (fn.name === 'stateIn' && fn.stateValue !== undefined) {
      const value = fn.stateValue;
      return { kind: 'in', state: typeof value === 'string' ? value : JSON.stringify(value) };
    }
    return { kind: 'guard', name: functionName(guard) };
  }
  if (typeof guard === 'object' && guard !== null && 'type' in guard) {
    const { type, params } = guard as { type: unknown; params?: unknown };
    return params === undefined
      ? { kind: 'guard', name: String(type) }
      : { kind: 'guard', name: String(type), params };
  }
  return { kind: 'guard', name: String(guard) };
}

/** Reads one action (string, `{type, params}`, or a built-in or inline function). */
export function toDiagramAction(action: unknown): DiagramAction {
  if (typeof action === 'string') return { type: action };
  if (typeof action === 'function') {
    const type = (action as { type?: unknown }).type;
    return { type: typeof type === 'string' ? type : functionName(action) };
  }
  if (typeof action === 'object' && action !== null && 'type' in action) {
    const { type, params } = action as { type: unknown; params?: unknown };
    return params === undefined || typeof params === 'function'
      ? { type: String(type) }
      : { type: String(type), params };
  }
  return { type: String(action) };
}

function toTransition(t: AnyTransitionDefinition, index: number, event: string | null) {
  const source = (t.source as AnyStateNode).id;
  const transition: DiagramTransition = {
    id: `${source}:${event ?? ALWAYS}:${index}`,
    source,
    event,
    targets: (t.target ?? []).map((node: AnyStateNode) => node.id),
    guard: t.guard === undefined ? null : toGuardExpr(t.guard),
    actions: t.actions.map(toDiagramAction),
    reenter: t.reenter,
  };
  return transition;
}

function toState(node: AnyStateNode): DiagramState {
  const children = Object.values(node.states as Record<string, AnyStateNode>);
  const initial =
    node.type === 'compound'
      ? (node.initial.target as AnyStateNode[]).map((target) => target.id)
      : [];
  const state: DiagramState = {
    id: node.id,
    key: node.key,
    path: [...node.path],
    parent: node.parent === undefined ? null : node.parent.id,
    type: node.type,
    initial,
    children: children.map((child) => child.id),
    entry: node.entry.map(toDiagramAction),
    exit: node.exit.map(toDiagramAction),
    tags: [...node.tags],
  };
  if (node.type === 'history' && node.history !== false) state.history = node.history;
  if (node.description !== undefined) state.description = node.description;
  return state;
}

/** Extracts the plain graph of `machine` from its state nodes. */
export function extractGraph(machine: AnyStateMachine): DiagramGraph {
  const states: DiagramState[] = [];
  const transitions: DiagramTransition[] = [];
  const visit = (node: AnyStateNode): void => {
    states.push(toState(node));
    for (const [event, candidates] of node.transitions as Map<string, AnyTransitionDefinition[]>) {
      candidates.forEach((t, index) => transitions.push(toTransition(t, index, event)));
    }
    const always = (node.always ?? []) as AnyTransitionDefinition[];
    always.forEach((t, index) => transitions.push(toTransition(t, index, null)));
    for (const child of Object.values(node.states as Record<string, AnyStateNode>)) visit(child);
  };
  visit(machine.root as AnyStateNode);
  return { machine: machine.id, root: machine.root.id, states, transitions };
}

/** The named guards every evented transition requires at its top level (`and` of them or alone). */
export function commonGuards(graph: DiagramGraph): string[] {
  const evented = graph.transitions.filter((t) => t.event !== null);
  if (evented.length === 0) return [];
  const sets = evented.map((t) => new Set(topLevelNames(t.guard)));
  const first = sets[0] ?? new Set<string>();
  return [...first].filter((name) => sets.every((s) => s.has(name)));
}

function topLevelNames(guard: GuardExpr | null): string[] {
  if (guard === null) return [];
  if (guard.kind === 'guard' && guard.params === undefined) return [guard.name];
  if (guard.kind === 'and') return guard.operands.flatMap((g) => topLevelNames(g));
  return [];
}

/** Removes the named guards `omit` from the top-level conjunction; null when nothing is left. */
export function omitGuards(guard: GuardExpr | null, omit: ReadonlySet<string>): GuardExpr | null {
  if (guard === null) return null;
  const omitted = (g: GuardExpr) =>
    g.kind === 'guard' && g.params === undefined && omit.has(g.name);
  if (omitted(guard)) return null;
  if (guard.kind !== 'and') return guard;
  const operands = guard.operands
    .map((g) => (g.kind === 'and' ? omitGuards(g, omit) : omitted(g) ? null : g))
    .filter((g): g is GuardExpr => g !== null);
  if (operands.length === 0) return null;
  return operands.length === 1 && operands[0] !== undefined
    ? operands[0]
    : { kind: 'and', operands };
}

/** Notation for guard text: logic symbols for the diagrams, ECMAScript for SCXML `cond`. */
export interface GuardNotation {
  and: string;
  or: string;
  not: string;
  call: (name: string, params: unknown) => string;
  inState: (state: string) => string;
}

/** `isAdmissible ∧ isNewPresence ∧ ¬isOutgoing`. */
export const LOGIC_NOTATION: GuardNotation = {
  and: ' \u2227 ',
  or: ' \u2228 ',
  not: '\u00ac',
  call: (name, params) => (params === undefined ? name : `${name}(${JSON.stringify(params)})`),
  inState: (state) => `in ${state}`,
};

/** Guard text in `notation`; operands of a different operator are parenthesised. */
export function guardText(guard: GuardExpr, notation: GuardNotation = LOGIC_NOTATION): string {
  const inner = (g: GuardExpr, parent: GuardExpr['kind']): string => {
    const text = guardText(g, notation);
    const needs = (g.kind === 'and' || g.kind === 'or') && g.kind !== parent;
    return needs ? `(${text})` : text;
  };
  switch (guard.kind) {
    case 'guard':
      return notation.call(guard.name, guard.params);
    case 'in':
      return notation.inState(guard.state);
    case 'not':
      return `${notation.not}${inner(guard.operand, 'not')}`;
    case 'and':
    case 'or':
      return guard.operands.map((g) => inner(g, guard.kind)).join(notation[guard.kind]);
  }
}

/** The label of an event for people: `always` for eventless, delays spelled out. */
export function eventLabel(event: string | null): string {
  if (event === null) return ALWAYS;
  const after = /^xstate\.after\.(\d+)\./.exec(event);
  if (after !== null) return `after ${after[1]} ms`;
  if (event === '*') return 'any event';
  return event;
}

/** Options shared by the drawn formats (Mermaid, DOT, SVG). */
export interface DrawOptions {
  /**
   * Leave out the guards every evented transition requires, and say so in a legend (default
   * true). The JSON and SCXML formats always keep every guard.
   */
  collapseCommonGuards?: boolean;
  /** A doctrine to name in the legend; it never changes the structure. */
  doctrine?: string;
}

/**
 * A transition's label for people: `EVENT [guard]` without the collapsed guards, and `EVENT (n)`
 * when the source has several candidates for the event (they are tried in order).
 */
export function transitionLabel(
  t: DiagramTransition,
  omit: ReadonlySet<string>,
  candidates: ReadonlyMap<string, number> = new Map(),
): string {
  const guard = omitGuards(t.guard, omit);
  const count = candidates.get(`${t.source}:${t.event ?? ALWAYS}`) ?? 1;
  const index = Number(t.id.slice(t.id.lastIndexOf(':') + 1));
  const event = count > 1 ? `${eventLabel(t.event)} (${index + 1})` : eventLabel(t.event);
  return guard === null ? event : `${event} [${guardText(guard)}]`;
}

/** How many candidate transitions each `source:event` has. */
export function candidateCounts(graph: DiagramGraph): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of graph.transitions) {
    const key = `${t.source}:${t.event ?? ALWAYS}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** What the drawn formats share: each transition's label, and legend lines for what is left out. */
export function legendFor(graph: DiagramGraph, options: DrawOptions = {}) {
  const omitted = options.collapseCommonGuards === false ? [] : commonGuards(graph);
  const omit = new Set(omitted);
  const counts = candidateCounts(graph);
  const labels = new Map(graph.transitions.map((t) => [t.id, transitionLabel(t, omit, counts)]));
  const lines: string[] = [];
  if (omitted.length > 0) {
    lines.push(`every evented transition also requires ${omitted.join(' \u2227 ')} (not shown)`);
  }
  lines.push('\u21ba EVENT = a transition without target (it stays in the state)');
  if (graph.transitions.some((t) => t.event === null)) {
    lines.push('always = an eventless transition, taken as soon as its guard holds');
  }
  if ([...counts.values()].some((n) => n > 1)) {
    lines.push('EVENT (n) = the n-th candidate for that event in that state (tried in order)');
  }
  for (const s of graph.states.filter((x) => x.type === 'parallel')) {
    lines.push(`${s.key} is parallel: all its regions are active at once`);
  }
  if (options.doctrine !== undefined) {
    lines.push(`doctrine ${options.doctrine} (it decides which guards hold, not the structure)`);
  }
  return { omit, labels, lines };
}

/** Index of the graph's states by id. */
export function statesById(graph: DiagramGraph): Map<string, DiagramState> {
  return new Map(graph.states.map((s) => [s.id, s]));
}

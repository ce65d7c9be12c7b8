/** Short, unique, syntax-safe identifiers for the states of a graph, shared by Mermaid and DOT. */
import type { DiagramGraph, DiagramState } from './graph.ts';

const RESERVED = new Set([
  'state',
  'note',
  'end',
  'direction',
  'class',
  'classdef',
  'style',
  'click',
  'as',
  'hide',
  'scale',
  'graph',
  'digraph',
  'subgraph',
  'node',
  'edge',
  'strict',
]);

function safe(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `s_${cleaned}`;
}

/**
 * Each state's short id: its key when no other state has the same key (and it is no keyword),
 * else its path joined with `_`. The root gets the machine id.
 */
export function shortIds(graph: DiagramGraph): Map<string, string> {
  const keyCount = new Map<string, number>();
  for (const s of graph.states) keyCount.set(s.key, (keyCount.get(s.key) ?? 0) + 1);
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  const claim = (state: DiagramState, wanted: string): void => {
    let id = wanted;
    for (let n = 2; taken.has(id); n += 1) id = `${wanted}_${n}`;
    taken.add(id);
    ids.set(state.id, id);
  };
  for (const s of graph.states) {
    const unique = keyCount.get(s.key) === 1 && !RESERVED.has(s.key.toLowerCase());
    const base = s.path.length === 0 ? safe(graph.machine) : unique ? s.key : s.path.join('_');
    claim(s, safe(base));
  }
  return ids;
}

/** The ids of `id` and its ancestors, root first. */
export function ancestry(states: ReadonlyMap<string, DiagramState>, id: string): string[] {
  const chain: string[] = [];
  for (
    let s = states.get(id);
    s !== undefined;
    s = s.parent === null ? undefined : states.get(s.parent)
  ) {
    chain.unshift(s.id);
  }
  return chain;
}

/** The deepest state that is a proper ancestor of every one of `ids`. */
export function commonParent(
  states: ReadonlyMap<string, DiagramState>,
  ids: readonly string[],
): string {
  const chains = ids.map((id) => ancestry(states, id).slice(0, -1));
  const first = chains[0] ?? [];
  let common = first[0] ?? '';
  for (let i = 0; i < first.length; i += 1) {
    const candidate = first[i];
    if (candidate === undefined || !chains.every((c) => c[i] === candidate)) break;
    common = candidate;
  }
  return common;
}

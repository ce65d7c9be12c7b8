/**
 * What the inspector's time travel and chart need beyond the step itself: which transitions of
 * the diagram an event takes (or would take) from a snapshot, which context paths a step changed,
 * and the session as a trace in the format `pillar verify --trace-out` writes.
 */
import type { AnyTransitionDefinition, AnyStateNode } from 'xstate';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import type { Doctrine } from '../domain/index.ts';
import { getPhase, getStage, type CountrySnapshot, type CountryState } from '../country/index.ts';

/**
 * The diagram ids (`source:event:index`, as src/diagram/graph.ts names them) of the transitions
 * `event` selects from `snapshot`: empty when the event is refused. Never throws.
 */
export function selectedTransitions(snapshot: CountrySnapshot, event: CountryEvent): string[] {
  try {
    const selected = snapshot.machine.getTransitionData(
      snapshot,
      event,
    ) as AnyTransitionDefinition[];
    return selected.map((t) => {
      const source = t.source as AnyStateNode;
      const candidates = (source.transitions as Map<string, AnyTransitionDefinition[]>).get(
        event.type,
      );
      const index = candidates?.indexOf(t) ?? 0;
      return `${source.id}:${event.type}:${Math.max(0, index)}`;
    });
  } catch {
    return [];
  }
}

/** A path into the context, as the page's JSON tree names it: `presences.0.name`. */
export type ContextPath = string;

/**
 * The paths whose values differ between two JSON values: leaves that changed, and every
 * container above them (so the tree can highlight and open them). Added and removed keys count.
 */
export function changedPaths(
  beforeValue: unknown,
  afterValue: unknown,
  prefix = '',
): ContextPath[] {
  if (Object.is(beforeValue, afterValue)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  // As written to JSON: the context's presence lists are compared as the lists they stand for.
  const asJson = (v: unknown): unknown =>
    isObj(v) && typeof v.toJSON === 'function' ? (v.toJSON as () => unknown)() : v;
  const before = asJson(beforeValue);
  const after = asJson(afterValue);
  if (!isObj(before) || !isObj(after) || Array.isArray(before) !== Array.isArray(after)) {
    return prefix === '' ? [] : [prefix];
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const out: ContextPath[] = [];
  for (const key of keys) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    out.push(...changedPaths(before[key], after[key], path));
  }
  if (out.length > 0 && prefix !== '') out.unshift(prefix);
  return out;
}

/** The file `pillar verify --trace-out` writes, and `--replay` and the inspector read. */
export interface InspectorTrace {
  machine: 'country';
  doctrine: Doctrine;
  start: string;
  input: CountryInput;
  events: CountryEvent[];
  states: (CountryState & { phase: string; stage: string | null })[];
}

/** A session's accepted events, with every state they pass through, as a trace. */
export function toTrace(
  start: string,
  doctrine: Doctrine,
  input: CountryInput,
  events: CountryEvent[],
  states: CountryState[],
): InspectorTrace {
  return {
    machine: 'country',
    doctrine,
    start,
    input,
    events,
    states: states.map((s) => ({ ...s, phase: getPhase(s.value), stage: getStage(s.value) })),
  };
}

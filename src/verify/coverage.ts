/**
 * State and transition coverage of a machine definition: every state node and every transition
 * of `machine.root` (eventless ones included), matched by identity with what exploration took.
 */
import type { AnyStateMachine, StateValue } from 'xstate';

/** A transition of the definition, as reports name it. */
export interface TransitionInfo {
  id: string;
  source: string;
  event: string;
  /** 1-based position among the transitions of the same source and event (guard order). */
  order: number;
  targets: string[];
}

/** The definition's state nodes and transitions, with a lookup from transition objects. */
export interface MachineOutline {
  states: string[];
  transitions: TransitionInfo[];
  byObject: Map<object, TransitionInfo>;
  /** Event descriptors each state node has transitions for (eventless ones excluded). */
  eventsByState: Map<string, string[]>;
}

interface NodeLike {
  id: string;
  states: Record<string, NodeLike>;
  transitions: Map<string, readonly TransitionLike[]>;
  always?: readonly TransitionLike[];
}

interface TransitionLike {
  target: readonly { id: string }[] | undefined;
}

function describe(source: string, event: string, order: number, t: TransitionLike): TransitionInfo {
  const targets = (t.target ?? []).map((n) => n.id);
  const to = targets.length ? targets.join(', ') : '(no target)';
  return { id: `${source} --${event}#${order}--> ${to}`, source, event, order, targets };
}

/** Walks the definition from its root. */
export function outlineMachine(machine: AnyStateMachine): MachineOutline {
  const states: string[] = [];
  const transitions: TransitionInfo[] = [];
  const byObject = new Map<object, TransitionInfo>();
  const eventsByState = new Map<string, string[]>();
  const visit = (node: NodeLike): void => {
    states.push(node.id);
    const add = (event: string, list: readonly TransitionLike[]): void => {
      list.forEach((t, i) => {
        const info = describe(node.id, event, i + 1, t);
        transitions.push(info);
        byObject.set(t, info);
      });
    };
    for (const [event, list] of node.transitions) add(event, list);
    eventsByState.set(node.id, [...node.transitions.keys()]);
    if (node.always) add('(always)', node.always);
    for (const child of Object.values(node.states)) visit(child);
  };
  visit(machine.root);
  return { states, transitions, byObject, eventsByState };
}

/** Ids of the state nodes a state value is in, the root included (`country`, `country.a`, ...). */
export function getActiveStateIds(rootId: string, value: StateValue): string[] {
  const ids = [rootId];
  const walk = (prefix: string, v: StateValue): void => {
    if (typeof v === 'string') {
      ids.push(`${prefix}.${v}`);
      return;
    }
    for (const [key, inner] of Object.entries(v)) {
      ids.push(`${prefix}.${key}`);
      if (inner !== undefined) walk(`${prefix}.${key}`, inner);
    }
  };
  walk(rootId, value);
  return ids;
}

/** What exploration reached, against the definition. */
export interface Coverage {
  states: { total: number; reached: number; neverReached: string[] };
  transitions: { total: number; taken: number; neverTaken: string[] };
}

export function summarizeCoverage(
  outline: MachineOutline,
  reachedStates: ReadonlySet<string>,
  takenTransitions: ReadonlySet<string>,
): Coverage {
  const neverReached = outline.states.filter((s) => !reachedStates.has(s));
  const neverTaken = outline.transitions
    .filter((t) => !takenTransitions.has(t.id))
    .map((t) => t.id);
  return {
    states: {
      total: outline.states.length,
      reached: outline.states.length - neverReached.length,
      neverReached,
    },
    transitions: {
      total: outline.transitions.length,
      taken: outline.transitions.length - neverTaken.length,
      neverTaken,
    },
  };
}

/**
 * The event types some active state node has a transition for, or null when a wildcard
 * descriptor makes the set open. XState selects transitions only among these, so an event of
 * any other type is refused without its guards being looked at.
 */
export function getHandledEventTypes(
  outline: MachineOutline,
  activeIds: readonly string[],
): Set<string> | null {
  const handled = new Set<string>();
  for (const id of activeIds) {
    for (const descriptor of outline.eventsByState.get(id) ?? []) {
      if (descriptor.includes('*')) return null;
      handled.add(descriptor);
    }
  }
  return handled;
}

/**
 * Breadth-first exploration of the country machine's reachable abstract state space. Each state
 * is expanded once, with one concrete representative snapshot; every edge (before, event, after)
 * is checked with the invariant catalogue's `checkStep`. BFS order makes the first path found to
 * anything (a violation, a goal) a shortest one.
 */
import { createActor, type StateValue } from 'xstate';
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import type { Doctrine } from '../domain/index.ts';
import { toCountryState, type CountrySnapshot, type CountryState } from '../country/state.ts';
import { checkState, checkStep, type InvariantId } from '../invariants/index.ts';
import { getAbstractKey } from './abstraction.ts';
import {
  getActiveStateIds,
  getHandledEventTypes,
  outlineMachine,
  type MachineOutline,
} from './coverage.ts';
import { GOALS, type GoalStep } from './goals.ts';
import {
  PRESENCE_NAMES,
  START_CASES,
  getInvalidEvents,
  getWellFormedEvents,
  toStartInput,
  type StartCase,
} from './universe.ts';

/** What the verifier checks besides the invariant catalogue. */
export type VerifierCheckId = 'refuses-invalid' | 'no-error';
export type CheckId = InvariantId | VerifierCheckId;

export const VERIFIER_CHECKS: readonly { id: VerifierCheckId; description: string }[] = [
  {
    id: 'refuses-invalid',
    description: 'malformed events and events dated before the country\u2019s month are refused',
  },
  { id: 'no-error', description: 'no event makes the machine throw or stop' },
];

export const DEFAULT_MAX_STATES = 100_000;

export interface ExploreOptions {
  doctrine: Doctrine;
  machine?: CountryMachine;
  /** Stop (incomplete) after this many distinct abstract states. */
  maxStates?: number;
  /** Starting countries (default: all of `START_CASES`). */
  starts?: readonly StartCase[];
  /** Presence names of the universe (default `PRESENCE_NAMES`). */
  names?: readonly string[];
  /** Identify states that differ only by a renaming of presences (default true). */
  symmetric?: boolean;
  /**
   * Stop once every edge as short as the first violation has been checked: each check broken at
   * that length still gets its shortest counterexample, but the exploration is incomplete.
   */
  stopAtFirstViolation?: boolean;
}

/** One explored abstract state and how it was first reached. */
export interface ExploredNode {
  snapshot: CountrySnapshot;
  /** Index of the node it was reached from, -1 for a starting state. */
  parent: number;
  event: CountryEvent | null;
  depth: number;
  /** Index into the starts. */
  start: number;
}

/** The first (so shortest) edge found breaking one check. */
export interface Finding {
  id: CheckId;
  message: string;
  /** Node the breaking event was sent in; -1 when a starting state itself breaks it. */
  from: number;
  /** Start index, for starting-state findings. */
  start: number;
  event: CountryEvent | null;
  after: CountryState;
}

export interface GoalWitness {
  from: number;
  event: CountryEvent | null;
  /** Events on the shortest path reaching it. */
  length: number;
}

export interface Exploration {
  doctrine: Doctrine;
  starts: readonly StartCase[];
  inputs: CountryInput[];
  nodes: ExploredNode[];
  edges: number;
  refused: number;
  maxDepth: number;
  complete: boolean;
  durationMs: number;
  outline: MachineOutline;
  reachedStates: Set<string>;
  takenTransitions: Set<string>;
  findings: Map<CheckId, Finding>;
  goals: Map<string, GoalWitness>;
}

/** The actor scope the country machine's pure `transition` takes. */
export type CountryScope = Parameters<CountryMachine['transition']>[2];

type InspectionEvent = { type: string; _transitions?: readonly object[] };

/**
 * One actor scope for the whole exploration (xstate's `transition()` builds a throwaway actor on
 * every call, several times slower). Its system reports the transitions each microstep took.
 */
export function createScope(
  machine: CountryMachine,
  input: CountryInput,
  taken: (t: readonly object[]) => void,
) {
  const actor = createActor(machine, { input });
  const system = Object.create(actor.system) as Record<string, unknown>;
  system._sendInspectionEvent = (event: InspectionEvent): void => {
    if (event.type === '@xstate.microstep' && event._transitions) taken(event._transitions);
  };
  const scope = {
    self: actor,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system,
    stopChild: () => {},
    actionExecutor: () => {},
  };
  return scope as unknown as CountryScope;
}

export function exploreCountryMachine(options: ExploreOptions): Exploration {
  const t0 = performance.now();
  const machine = options.machine ?? countryMachine;
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const starts = options.starts ?? START_CASES;
  const names = options.names ?? PRESENCE_NAMES;
  const symmetric = options.symmetric ?? true;
  const inputs = starts.map((s) => toStartInput(s, options.doctrine));
  const outline = outlineMachine(machine);
  const rootId = machine.root.id;
  const reachedStates = new Set<string>();
  const takenTransitions = new Set<string>();
  let stepTransitions: object[] = [];
  const scope = createScope(
    machine,
    inputs[0] ?? toStartInput(START_CASES[0] as StartCase, options.doctrine),
    (ts) => {
      for (const t of ts) stepTransitions.push(t);
    },
  );
  const nodes: ExploredNode[] = [];
  const seen = new Map<string, number>();
  const findings = new Map<CheckId, Finding>();
  const goals = new Map<string, GoalWitness>();
  const valuesSeen = new Set<string>();
  let edges = 0;
  let refused = 0;
  let complete = true;

  const markValue = (value: StateValue): void => {
    const key = JSON.stringify(value);
    if (valuesSeen.has(key)) return;
    valuesSeen.add(key);
    for (const id of getActiveStateIds(rootId, value)) reachedStates.add(id);
  };
  const markTransitions = (): void => {
    for (const t of stepTransitions) {
      const info = outline.byObject.get(t);
      if (info) takenTransitions.add(info.id);
    }
    stepTransitions = [];
  };
  let violationLength = Infinity;
  const find = (f: Finding): void => {
    if (findings.has(f.id)) return;
    findings.set(f.id, f);
    const length = f.from < 0 ? 0 : (nodes[f.from] as ExploredNode).depth + (f.event ? 1 : 0);
    violationLength = Math.min(violationLength, length);
  };
  const reach = (step: GoalStep, from: number, depth: number): void => {
    for (const goal of GOALS) {
      if (!goals.has(goal.id) && goal.test(step)) {
        goals.set(goal.id, { from, event: step.event ?? null, length: depth });
      }
    }
  };
  const add = (
    snapshot: CountrySnapshot,
    parent: number,
    event: CountryEvent | null,
    depth: number,
    start: number,
  ): void => {
    const key = getAbstractKey(snapshot, symmetric);
    if (seen.has(key)) return;
    if (nodes.length >= maxStates) {
      complete = false;
      return;
    }
    seen.set(key, nodes.length);
    nodes.push({ snapshot, parent, event, depth, start });
    markValue(snapshot.value);
  };

  starts.forEach((_, start) => {
    stepTransitions = [];
    const snapshot = machine.getInitialSnapshot(scope, inputs[start]) as CountrySnapshot;
    markTransitions();
    const state = toCountryState(snapshot);
    if (snapshot.status !== 'active') {
      find({
        id: 'no-error',
        message: `initial state is ${snapshot.status}: ${String(snapshot.error)}`,
        from: -1,
        start,
        event: null,
        after: state,
      });
      return;
    }
    for (const v of checkState(state))
      find({ id: v.id, message: v.message, from: -1, start, event: null, after: state });
    reach({ after: state }, -1, 0);
    add(snapshot, -1, null, 0, start);
  });

  const eventsByMonth = new Map<string, { valid: CountryEvent[]; invalid: CountryEvent[] }>();
  let maxDepth = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as ExploredNode;
    const { snapshot, depth } = node;
    if (options.stopAtFirstViolation && depth + 1 > violationLength) {
      complete = false;
      break;
    }
    if (depth > maxDepth) maxDepth = depth;
    const month = snapshot.context.month ?? '2000-01';
    let events = eventsByMonth.get(month);
    if (!events) {
      events = { valid: getWellFormedEvents(month, names), invalid: getInvalidEvents(month) };
      eventsByMonth.set(month, events);
    }
    const before = toCountryState(snapshot);
    const handled = getHandledEventTypes(outline, getActiveStateIds(rootId, snapshot.value));
    for (const event of events.invalid) {
      if (handled && !handled.has(event.type)) continue;
      const next = send(machine, snapshot, event, scope);
      stepTransitions = [];
      if (next !== snapshot) {
        const after = next instanceof Error ? before : toCountryState(next);
        const message =
          next instanceof Error
            ? `threw on an invalid event: ${next.message}`
            : `accepted invalid event ${JSON.stringify(event)}`;
        find({
          id: next instanceof Error ? 'no-error' : 'refuses-invalid',
          message,
          from: i,
          start: node.start,
          event,
          after,
        });
      }
    }
    for (let e = 0; e < events.valid.length; e++) {
      const event = events.valid[e] as CountryEvent;
      if (handled && !handled.has(event.type)) {
        refused++;
        continue;
      }
      stepTransitions = [];
      const next = send(machine, snapshot, event, scope);
      if (next === snapshot) {
        refused++;
        stepTransitions = [];
        continue;
      }
      if (next instanceof Error) {
        find({
          id: 'no-error',
          message: `threw: ${next.message}`,
          from: i,
          start: node.start,
          event,
          after: before,
        });
        continue;
      }
      edges++;
      markTransitions();
      const after = toCountryState(next);
      if (next.status !== 'active') {
        find({
          id: 'no-error',
          message: `status ${next.status} after the event`,
          from: i,
          start: node.start,
          event,
          after,
        });
        continue;
      }
      for (const v of checkStep({ index: depth, before, event, after, accepted: true })) {
        find({ id: v.id, message: v.message, from: i, start: node.start, event, after });
      }
      reach({ before, event, after }, i, depth + 1);
      add(next, i, event, depth + 1, node.start);
    }
  }
  return {
    doctrine: options.doctrine,
    starts,
    inputs,
    nodes,
    edges,
    refused,
    maxDepth,
    complete,
    durationMs: performance.now() - t0,
    outline,
    reachedStates,
    takenTransitions,
    findings,
    goals,
  };
}

/** One pure step: the next snapshot (the same object when refused), or the error it threw. */
export function send(
  machine: CountryMachine,
  snapshot: CountrySnapshot,
  event: CountryEvent,
  scope: CountryScope,
): CountrySnapshot | Error {
  try {
    return machine.transition(snapshot, event, scope);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The events and states from a starting state to node `index` (inclusive). */
export function getPathTo(
  exploration: Exploration,
  index: number,
): { events: CountryEvent[]; states: CountryState[] } {
  const events: CountryEvent[] = [];
  const states: CountryState[] = [];
  for (let i = index; i >= 0;) {
    const node = exploration.nodes[i] as ExploredNode;
    states.unshift(toCountryState(node.snapshot));
    if (node.event) events.unshift(node.event);
    i = node.parent;
  }
  return { events, states };
}

/**
 * Breadth-first exploration of the country machine's reachable abstract state space. Each state
 * is expanded once, with one concrete representative state; every edge (before, event, after)
 * is checked with the invariant catalogue's `checkStep`. BFS order makes the first path found to
 * anything (a violation, a goal) a shortest one. The machine is stepped by an engine
 * (`engine.ts`): XState's public pure functions by default, or a compiled form.
 */
import type { AnyTransitionDefinition, StateValue } from 'xstate';
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import type { Doctrine } from '../domain/index.ts';
import { toCountryState, type CountryState } from '../country/state.ts';
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
  createDefaultEngine,
  getTakenTransitions,
  type CountryEngine,
  type EngineState,
} from './engine.ts';
import { startCountry } from './step.ts';
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
  /** What steps the machine (default: the compiled form of `machine`, see `engine.ts`). */
  engine?: CountryEngine;
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
  /**
   * Called every `PROGRESS_EVERY` expanded states and once at the end, for long explorations
   * (the CLI prints it on a terminal).
   */
  onProgress?: (progress: ExploreProgress) => void;
}

/** How far an exploration has gone. */
export interface ExploreProgress {
  /** Distinct abstract states found so far. */
  states: number;
  /** States whose successors have been computed. */
  expanded: number;
  /** Edges taken so far. */
  edges: number;
  /** Depth of the state being expanded (breadth first: it only grows). */
  depth: number;
  /** True on the last call. */
  done: boolean;
}

/** States expanded between two `onProgress` calls. */
export const PROGRESS_EVERY = 5000;

/** One explored abstract state and how it was first reached. */
export interface ExploredNode {
  /** The representative state; dropped (null) once the node is expanded, to save memory. */
  state: EngineState | null;
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
  engine: CountryEngine;
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

const describeError = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export function exploreCountryMachine(options: ExploreOptions): Exploration {
  const t0 = performance.now();
  const machine = options.engine?.machine ?? options.machine ?? countryMachine;
  const engine: CountryEngine = options.engine ?? createDefaultEngine(machine);
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  const starts = options.starts ?? START_CASES;
  const names = options.names ?? PRESENCE_NAMES;
  const symmetric = options.symmetric ?? true;
  const inputs = starts.map((s) => toStartInput(s, options.doctrine));
  const outline = outlineMachine(machine);
  const rootId = machine.root.id;
  const reachedStates = new Set<string>();
  const takenTransitions = new Set<string>();
  const nodes: ExploredNode[] = [];
  const seen = new Map<string, number>();
  const findings = new Map<CheckId, Finding>();
  const goals = new Map<string, GoalWitness>();
  const valuesSeen = new Set<StateValue>();
  const valueKeysSeen = new Set<string>();
  let edges = 0;
  let refused = 0;
  let complete = true;

  const markValue = (value: StateValue): void => {
    // Engines share value objects between states of one state node: test identity first.
    if (valuesSeen.has(value)) return;
    valuesSeen.add(value);
    const key = JSON.stringify(value);
    if (valueKeysSeen.has(key)) return;
    valueKeysSeen.add(key);
    for (const id of getActiveStateIds(rootId, value)) reachedStates.add(id);
  };
  const markTransitions = (taken: readonly AnyTransitionDefinition[]): void => {
    for (const t of taken) {
      const info = outline.byObject.get(t);
      if (info) takenTransitions.add(info.id);
    }
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
    state: EngineState,
    parent: number,
    event: CountryEvent | null,
    depth: number,
    start: number,
  ): void => {
    const key = getAbstractKey(state, symmetric);
    if (seen.has(key)) return;
    if (nodes.length >= maxStates) {
      complete = false;
      return;
    }
    seen.set(key, nodes.length);
    nodes.push({ state, parent, event, depth, start });
    markValue(state.value);
  };

  starts.forEach((_, start) => {
    const input = inputs[start] as CountryInput;
    let state: EngineState;
    try {
      state = engine.start(input);
    } catch (error) {
      throw new Error(
        `starting country ${starts[start]?.id ?? start}: the machine threw (${describeError(error)})`,
      );
    }
    markTransitions(startCountry(machine, input).transitions);
    const after = toCountryState(state);
    for (const v of checkState(after))
      find({ id: v.id, message: v.message, from: -1, start, event: null, after });
    reach({ after }, -1, 0);
    add(state, -1, null, 0, start);
  });

  const eventsByMonth = new Map<string, { valid: CountryEvent[]; invalid: CountryEvent[] }>();
  const handledByValue = new Map<StateValue, Set<string> | null>();
  const allTransitions = outline.transitions.length;
  let maxDepth = 0;
  const onProgress = options.onProgress;
  let expanded = 0;
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as ExploredNode;
    const { depth } = node;
    if (onProgress !== undefined && i > 0 && i % PROGRESS_EVERY === 0) {
      onProgress({ states: nodes.length, expanded: i, edges, depth, done: false });
    }
    const state = node.state as EngineState;
    if (options.stopAtFirstViolation && depth + 1 > violationLength) {
      complete = false;
      break;
    }
    expanded = i + 1;
    node.state = null;
    if (depth > maxDepth) maxDepth = depth;
    const month = state.context.month ?? '2000-01';
    let events = eventsByMonth.get(month);
    if (!events) {
      events = { valid: getWellFormedEvents(month, names), invalid: getInvalidEvents(month) };
      eventsByMonth.set(month, events);
    }
    const before = toCountryState(state);
    let handled = handledByValue.get(state.value);
    if (handled === undefined) {
      handled = getHandledEventTypes(outline, getActiveStateIds(rootId, state.value));
      handledByValue.set(state.value, handled);
    }
    for (const event of events.invalid) {
      if (handled && !handled.has(event.type)) continue;
      let next: EngineState | Error;
      try {
        next = engine.step(state, event);
      } catch (error) {
        next = new Error(describeError(error));
      }
      if (next === state) continue;
      find({
        id: next instanceof Error ? 'no-error' : 'refuses-invalid',
        message:
          next instanceof Error
            ? `threw on an invalid event: ${next.message}`
            : `accepted invalid event ${JSON.stringify(event)}`,
        from: i,
        start: node.start,
        event,
        after: next instanceof Error ? before : toCountryState(next),
      });
    }
    for (const event of events.valid) {
      if (handled && !handled.has(event.type)) {
        refused++;
        continue;
      }
      let next: EngineState;
      // While coverage is incomplete, an engine that names its transitions does so in the step.
      let taken: readonly AnyTransitionDefinition[] | null = null;
      try {
        if (engine.stepTaken && takenTransitions.size < allTransitions) {
          const stepped = engine.stepTaken(state, event);
          next = stepped.state;
          taken = stepped.taken;
        } else next = engine.step(state, event);
      } catch (error) {
        const message = describeError(error);
        find({
          id: 'no-error',
          message: message.startsWith('status ') ? message : `threw: ${message}`,
          from: i,
          start: node.start,
          event,
          after: before,
        });
        continue;
      }
      if (next === state) {
        refused++;
        continue;
      }
      edges++;
      if (taken !== null) markTransitions(taken);
      else if (takenTransitions.size < allTransitions)
        markTransitions(getTakenTransitions(machine, state, event, next));
      const after = toCountryState(next);
      for (const v of checkStep({ index: depth, before, event, after, accepted: true })) {
        find({ id: v.id, message: v.message, from: i, start: node.start, event, after });
      }
      if (goals.size < GOALS.length) reach({ before, event, after }, i, depth + 1);
      add(next, i, event, depth + 1, node.start);
    }
  }
  onProgress?.({ states: nodes.length, expanded, edges, depth: maxDepth, done: true });
  return {
    doctrine: options.doctrine,
    engine,
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

/**
 * The events and states from a starting state to node `index` (inclusive). States are computed
 * again by replaying the events from the start (expanded nodes keep no state).
 */
export function getPathTo(
  exploration: Exploration,
  index: number,
): { events: CountryEvent[]; states: CountryState[] } {
  const events: CountryEvent[] = [];
  let start = 0;
  for (let i = index; i >= 0;) {
    const node = exploration.nodes[i] as ExploredNode;
    if (node.event) events.unshift(node.event);
    start = node.start;
    i = node.parent;
  }
  const { engine } = exploration;
  let state = engine.start(exploration.inputs[start] as CountryInput);
  const states: CountryState[] = [toCountryState(state)];
  for (const event of events) {
    state = engine.step(state, event);
    states.push(toCountryState(state));
  }
  return { events, states };
}

/**
 * Differential check over the verifier's explored state space: two engines (by default the
 * XState machine through its public pure functions, and the step kernel's compiled form) are
 * stepped side by side, each from its own states, over every event of the universe in every
 * reachable abstract state. On every edge they must agree on refusal, state value, context and
 * the invariant verdicts. The first disagreements come back with the event path that leads there.
 */
import { countryMachine } from '../../machines/country.ts';
import type { CountryEvent, CountryInput } from '../../machines/country-types.ts';
import type { Doctrine } from '../domain/index.ts';
import { toCountryState } from '../country/state.ts';
import { checkStep } from '../invariants/index.ts';
import { isDeepEqual } from '../invariants/equal.ts';
import { getAbstractKey } from './abstraction.ts';
import {
  createCompiledEngine,
  createXStateEngine,
  type CountryEngine,
  type EngineState,
} from './engine.ts';
import {
  PRESENCE_NAMES,
  START_CASES,
  getInvalidEvents,
  getWellFormedEvents,
  toStartInput,
  type StartCase,
} from './universe.ts';

export interface DifferentialOptions {
  doctrine: Doctrine;
  /** The engine taken as right (default: XState on the real machine). */
  reference?: CountryEngine;
  /** The engine under test (default: the compiled form of the real machine). */
  candidate?: CountryEngine;
  starts?: readonly StartCase[];
  names?: readonly string[];
  /** Stop after this many differences (default 1). */
  maxDifferences?: number;
}

/** One edge on which the engines disagree. */
export interface EngineDifference {
  start: string;
  input: CountryInput;
  /** Events from the start to the state the differing event was sent in. */
  path: CountryEvent[];
  event: CountryEvent;
  /** What differs: refusal, value, context, invariants or an error. */
  what: string;
}

export interface DifferentialReport {
  doctrine: Doctrine;
  reference: string;
  candidate: string;
  /** Abstract states (of the reference) whose every event was compared. */
  states: number;
  /** Events compared (edges, refused ones included). */
  compared: number;
  accepted: number;
  differences: EngineDifference[];
}

interface Pair {
  reference: EngineState;
  candidate: EngineState;
  parent: number;
  event: CountryEvent | null;
  start: number;
}

type Outcome = { state: EngineState; error: null } | { state: null; error: string };

function attempt(engine: CountryEngine, state: EngineState, event: CountryEvent): Outcome {
  try {
    return { state: engine.step(state, event), error: null };
  } catch (error) {
    return { state: null, error: error instanceof Error ? error.message : String(error) };
  }
}

function verdicts(before: EngineState, event: CountryEvent, after: EngineState, accepted: boolean) {
  return checkStep({
    index: 0,
    before: toCountryState(before),
    event,
    after: toCountryState(after),
    accepted,
  }).map((v) => `${v.id}: ${v.message}`);
}

/** What differs between the two outcomes of one event, or null when they agree. */
function compare(
  event: CountryEvent,
  ref: { before: EngineState; outcome: Outcome },
  cand: { before: EngineState; outcome: Outcome },
): string | null {
  const a = ref.outcome;
  const b = cand.outcome;
  if (a.error !== null || b.error !== null) {
    if (a.error !== null && b.error !== null) return null;
    return `error: reference ${a.error ?? 'none'}, candidate ${b.error ?? 'none'}`;
  }
  const refTaken = a.state !== ref.before;
  const candTaken = b.state !== cand.before;
  if (refTaken !== candTaken) {
    return `refusal: reference ${refTaken ? 'takes' : 'refuses'} the event, candidate ${candTaken ? 'takes' : 'refuses'} it`;
  }
  if (!isDeepEqual(a.state.value, b.state.value)) {
    return `state value: reference ${JSON.stringify(a.state.value)}, candidate ${JSON.stringify(b.state.value)}`;
  }
  if (!isDeepEqual(a.state.context, b.state.context)) {
    const keys = Object.keys(a.state.context).filter(
      (k) =>
        !isDeepEqual(
          (a.state.context as unknown as Record<string, unknown>)[k],
          (b.state.context as unknown as Record<string, unknown>)[k],
        ),
    );
    return `context: ${keys.join(', ')} differ`;
  }
  const va = verdicts(ref.before, event, a.state, refTaken);
  const vb = verdicts(cand.before, event, b.state, candTaken);
  if (!isDeepEqual(va, vb)) {
    return `invariants: reference [${va.join('; ')}], candidate [${vb.join('; ')}]`;
  }
  return null;
}

/** Explores the reference's abstract state space, comparing the engines on every edge. */
export function compareEngines(options: DifferentialOptions): DifferentialReport {
  const reference = options.reference ?? createXStateEngine(countryMachine);
  const candidate = options.candidate ?? createCompiledEngine(countryMachine);
  const starts = options.starts ?? START_CASES;
  const names = options.names ?? PRESENCE_NAMES;
  const maxDifferences = options.maxDifferences ?? 1;
  const inputs = starts.map((s) => toStartInput(s, options.doctrine));
  const pairs: Pair[] = [];
  const seen = new Set<string>();
  const differences: EngineDifference[] = [];
  let compared = 0;
  let accepted = 0;

  const pathTo = (index: number): CountryEvent[] => {
    const events: CountryEvent[] = [];
    for (let i = index; i >= 0;) {
      const pair = pairs[i] as Pair;
      if (pair.event) events.unshift(pair.event);
      i = pair.parent;
    }
    return events;
  };
  const differ = (from: number, start: number, event: CountryEvent, what: string): void => {
    differences.push({
      start: starts[start]?.id ?? String(start),
      input: inputs[start] as CountryInput,
      path: from < 0 ? [] : pathTo(from),
      event,
      what,
    });
  };

  inputs.forEach((input, start) => {
    const a = reference.start(input);
    const b = candidate.start(input);
    if (!isDeepEqual(toCountryState(a), toCountryState(b))) {
      differences.push({
        start: starts[start]?.id ?? String(start),
        input,
        path: [],
        event: { type: 'STAND_DOWN', month: input.month ?? '' },
        what: 'starting states differ',
      });
      return;
    }
    const key = getAbstractKey(a);
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push({ reference: a, candidate: b, parent: -1, event: null, start });
  });

  const eventsByMonth = new Map<string, CountryEvent[]>();
  for (let i = 0; i < pairs.length && differences.length < maxDifferences; i++) {
    const pair = pairs[i] as Pair;
    const month = pair.reference.context.month ?? '2000-01';
    let events = eventsByMonth.get(month);
    if (!events) {
      events = [...getWellFormedEvents(month, names), ...getInvalidEvents(month)];
      eventsByMonth.set(month, events);
    }
    for (const event of events) {
      compared++;
      const a = attempt(reference, pair.reference, event);
      const b = attempt(candidate, pair.candidate, event);
      const what = compare(
        event,
        { before: pair.reference, outcome: a },
        { before: pair.candidate, outcome: b },
      );
      if (what !== null) {
        differ(i, pair.start, event, what);
        if (differences.length >= maxDifferences) break;
        continue;
      }
      if (a.state === null || b.state === null || a.state === pair.reference) continue;
      accepted++;
      const key = getAbstractKey(a.state);
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push({ reference: a.state, candidate: b.state, parent: i, event, start: pair.start });
    }
  }
  return {
    doctrine: options.doctrine,
    reference: reference.name,
    candidate: candidate.name,
    states: pairs.length,
    compared,
    accepted,
    differences,
  };
}

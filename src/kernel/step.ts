/**
 * The one step of the country machine that every caller uses (replay, Monte Carlo, verify, the
 * inspector, runs): read the event once, send it, see whether it was taken, explain a refusal,
 * check the invariants on the step. Three engines give the same results (the differential tests
 * hold them to it): XState's pure `transition` (`stepCountry`), one long-lived XState actor, and
 * the compiled form (`createCountryStepper` with `engine: 'actor' | 'compiled'`).
 */
import { createActor, transition, type Actor, type InspectionEvent } from 'xstate';
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import type { CountryContext, CountryEvent, CountryInput } from '../../machines/country-types.ts';
import { INVARIANTS, type Invariant, type InvariantId } from '../invariants/catalogue.ts';
import { checkStep, type Violation } from '../invariants/check.ts';
import { IncrementalChecker } from './check.ts';
import { compileCountryMachine, type CompiledCountryState } from './compile.ts';
import { sendToActor } from './actor.ts';
import { describeError, readEvent } from './event.ts';
import { explainRefusal } from './refusal.ts';
import {
  toCountryState,
  type CountrySnapshot,
  type CountryState,
  type CountryStep,
} from './state.ts';

/** What one step did. */
export interface CountryStepResult {
  /** The event as read (a plain copy), or null when it could not be read as a country event. */
  event: CountryEvent | null;
  before: CountryState;
  /** The state after the step; `before` itself when the event was not taken. */
  after: CountryState;
  /** True when the machine took the event cleanly. */
  accepted: boolean;
  /** Why the event was not taken (malformed, refused, or the machine failed); null if taken. */
  reason: string | null;
  /** The invariants this step broke (state checks on `after`); refused steps are checked too. */
  violations: Violation[];
}

export interface StepOptions {
  /** The invariants to check (default: the catalogue; `[]` checks none). */
  invariants?: readonly Invariant[];
  /** The step's index, reported in violations (default 0). */
  index?: number;
}

type Checker = IncrementalChecker<CountryState, CountryStep, InvariantId>;

/**
 * The parts of a step every engine shares: the refusal reason and the invariant checks (with
 * `checker`, incremental along the stepper's trace; without, every check in full).
 */
function judge(
  before: CountryState,
  event: CountryEvent,
  after: CountryState | null,
  failure: string | null,
  options: StepOptions,
  checker?: Checker,
): CountryStepResult {
  const accepted = after !== null;
  const reached = after ?? before;
  const reason = accepted ? null : (failure ?? explainRefusal(before.value, before.context, event));
  const invariants = options.invariants ?? INVARIANTS;
  const index = options.index ?? 0;
  const step: CountryStep = { index, before, event, after: reached, accepted };
  let violations: Violation[];
  if (invariants.length === 0) violations = [];
  else if (checker) {
    violations = checker.step(step).map((f) => ({ ...f, step: index, event }));
  } else violations = checkStep(step, invariants);
  return { event, before, after: reached, accepted, reason, violations };
}

function startChecker(
  invariants: readonly Invariant[],
  state: CountryState,
): { checker: Checker; violations: Violation[] } {
  const checker = new IncrementalChecker<CountryState, CountryStep, InvariantId>(invariants);
  const violations = checker.start(state).map((f) => ({ ...f, step: -1 }));
  return { checker, violations };
}

function unreadable(before: CountryState, reason: string): CountryStepResult {
  return { event: null, before, after: before, accepted: false, reason, violations: [] };
}

/**
 * One pure step with XState's `transition` on the snapshot's own machine: the next snapshot (the
 * same object when the event is not taken) and what the step did. Never throws.
 */
export function stepCountry(
  snapshot: CountrySnapshot,
  event: unknown,
  options: StepOptions = {},
): CountryStepResult & { snapshot: CountrySnapshot } {
  const before = toCountryState(snapshot);
  const read = readEvent(event);
  if (read.event === null) return { ...unreadable(before, read.error), snapshot };
  if (snapshot.status !== 'active') {
    const reason = `the machine is ${snapshot.status}; it takes no events`;
    return { ...judge(before, read.event, null, reason, options), snapshot };
  }
  let next: CountrySnapshot;
  try {
    [next] = transition(snapshot.machine, snapshot, read.event);
  } catch (error) {
    const reason = `the machine failed on ${read.event.type}: ${describeError(error)}`;
    return { ...judge(before, read.event, null, reason, options), snapshot };
  }
  if (next.status !== 'active') {
    const reason = `the machine failed on ${read.event.type}: ${describeError(next.error)}`;
    return { ...judge(before, read.event, null, reason, options), snapshot };
  }
  const after = next === snapshot ? null : toCountryState(next);
  return { ...judge(before, read.event, after, null, options), snapshot: after ? next : snapshot };
}

/** Which engine a stepper drives: one XState actor, or the compiled form of the same machine. */
export type CountryEngine = 'actor' | 'compiled';

export interface CountryStepperOptions {
  /** A variant of the country machine (for example one made with `machine.provide()`). */
  machine?: CountryMachine;
  /** `actor` (default): one long-lived XState actor. `compiled`: the compiled form, for hot paths. */
  engine?: CountryEngine;
  /** The invariants to check on every step (default: the catalogue; `[]` checks none). */
  invariants?: readonly Invariant[];
  /** Inspection events of the actor (actor engine only). */
  inspect?: (event: InspectionEvent) => void;
  /**
   * Compiled engine only: keep the append-only logs (`LOG_FIELDS`) in the stepper, not in the
   * state. What each step appends is kept for `logs()`, and the state's logs are trimmed once
   * they pass `TRIMMED_LOG_WINDOW` entries (the case file to its last entry, the others to none),
   * so a step costs the same however long the history: a long replay stays linear. The machine
   * reads no log but the case file's last entry, so every step, refusal and invariant result is
   * the same as without trimming (tests/kernel-trim.test.ts holds it to that); `state.context`
   * then holds only the last entries of each log, and on a step that trims, `stepper.state`
   * (what the next step starts from) holds fewer log entries than the step's `after`. (A faulty
   * machine that writes a bad log entry is caught at the same step; a state check over that log
   * then sees only its last entries, so it is not reported again at later steps: callers that
   * count every violation of a machine variant should keep whole logs.) `{ window }` sets the
   * bound (tests trim at 1).
   */
  trimLogs?: boolean | { window: number };
}

/**
 * The most entries a log keeps in the state under `trimLogs` before it is trimmed: a step copies
 * at most this many entries of each log, and the state is rebuilt once every so many steps.
 */
export const TRIMMED_LOG_WINDOW = 64;

/** The append-only logs of a country's context: what it did, in order. */
export const LOG_FIELDS = [
  'caseFile',
  'notices',
  'handovers',
  'services',
  'plans',
  'taskHandovers',
  'orphanedTasks',
] as const satisfies readonly (keyof CountryContext)[];
export type LogField = (typeof LOG_FIELDS)[number];
export type CountryLogs = { readonly [K in LogField]: readonly CountryContext[K][number][] };

/** A country driven step by step by one engine. */
export interface CountryStepper {
  readonly engine: CountryEngine;
  /** The current state. */
  readonly state: CountryState;
  /** Steps taken so far (refused and unreadable events included). */
  readonly index: number;
  /** What the starting state broke. */
  readonly initialViolations: Violation[];
  /** Reads, sends and checks one event; never throws. */
  step(event: unknown): CountryStepResult;
  /** The actor's current snapshot (actor engine), for what needs XState's own snapshot. */
  getSnapshot(): CountrySnapshot | null;
  /**
   * The whole logs so far. With `trimLogs` these are the stepper's own arrays, a live view that
   * grows as it steps (copy what you keep, change nothing); without, the current state's logs.
   */
  logs(): CountryLogs;
  stop(): void;
}

/** Starts a country from `input` on the chosen engine. */
export function createCountryStepper(
  input: CountryInput,
  options: CountryStepperOptions = {},
): CountryStepper {
  const machine = options.machine ?? countryMachine;
  const invariants = options.invariants ?? INVARIANTS;
  const trimLogs = options.trimLogs ?? false;
  if (trimLogs !== false && options.engine !== 'compiled') {
    throw new RangeError('trimLogs needs the compiled engine (an actor keeps its whole context)');
  }
  const window = trimLogs === true ? TRIMMED_LOG_WINDOW : trimLogs === false ? 0 : trimLogs.window;
  if (trimLogs !== false && !(Number.isInteger(window) && window >= 1)) {
    throw new RangeError(`trimLogs.window must be a whole number from 1, not ${String(window)}`);
  }
  return options.engine === 'compiled'
    ? compiledStepper(machine, input, invariants, trimLogs === false ? null : window)
    : actorStepper(machine, input, invariants, options.inspect);
}

/**
 * What one engine does with a read event: the state after it (`null` when refused), or why the
 * machine failed on it (then the engine carries on from the state before).
 */
interface EngineStep {
  after: CountryState | null;
  failure: string | null;
}

interface Engine {
  engine: CountryEngine;
  start: CountryState;
  advance(event: CountryEvent): EngineStep;
  /**
   * The state to carry on from after a taken step (default: `after` itself); `before` is the
   * state the step started from (null for the starting state).
   */
  keep?(after: CountryState, before: CountryState | null): CountryState;
  getSnapshot(): CountrySnapshot | null;
  logs?(): CountryLogs;
  stop(): void;
}

function logsOf(context: CountryContext): CountryLogs {
  return {
    caseFile: context.caseFile,
    notices: context.notices,
    handovers: context.handovers,
    services: context.services,
    plans: context.plans,
    taskHandovers: context.taskHandovers,
    orphanedTasks: context.orphanedTasks,
  };
}

/** The stepper around an engine: read the event once, advance, judge, keep the state. */
function createStepper(engine: Engine, invariants: readonly Invariant[]): CountryStepper {
  const { checker, violations: initialViolations } = startChecker(invariants, engine.start);
  let state = engine.keep ? engine.keep(engine.start, null) : engine.start;
  let index = 0;
  return {
    engine: engine.engine,
    get state() {
      return state;
    },
    get index() {
      return index;
    },
    initialViolations,
    step(event) {
      const at = index++;
      const read = readEvent(event);
      if (read.event === null) return unreadable(state, read.error);
      const { after, failure } = engine.advance(read.event);
      const result = judge(state, read.event, after, failure, { invariants, index: at }, checker);
      state = after !== null && engine.keep ? engine.keep(after, state) : result.after;
      return result;
    },
    getSnapshot: () => engine.getSnapshot(),
    logs: () => (engine.logs ? engine.logs() : logsOf(state.context)),
    stop: () => engine.stop(),
  };
}

function actorStepper(
  machine: CountryMachine,
  input: CountryInput,
  invariants: readonly Invariant[],
  inspect: ((event: InspectionEvent) => void) | undefined,
): CountryStepper {
  const start = (snapshot?: unknown): Actor<CountryMachine> => {
    const actor = createActor(machine, {
      input,
      ...(snapshot === undefined ? {} : { snapshot: snapshot as never }),
      ...(inspect ? { inspect } : {}),
    });
    // Our own actor: one error observer for its life (a failing guard or action must not be
    // rethrown by XState into the host process), not one per event.
    actor.subscribe({ error: () => {} });
    return actor.start();
  };
  let actor = start();
  let snapshot = actor.getSnapshot();
  return createStepper(
    {
      engine: 'actor',
      start: toCountryState(snapshot),
      advance(event) {
        const { after: next, failure } = sendToActor(actor, event, true);
        if (failure !== null) {
          // Carry on from the state before the failed step, on a fresh actor.
          actor = start(machine.getPersistedSnapshot(snapshot));
          snapshot = actor.getSnapshot();
          return { after: null, failure };
        }
        const taken = next !== snapshot;
        snapshot = next;
        return { after: taken ? toCountryState(next) : null, failure: null };
      },
      getSnapshot: () => snapshot,
      stop: () => actor.stop(),
    },
    invariants,
  );
}

function append<T>(target: T[], log: readonly T[], start: number): void {
  for (let i = start; i < log.length; i++) target.push(log[i] as T);
}

/**
 * The logs kept outside the state (`trimLogs`): `keep` appends what a step added to them, and
 * once a log in the state passes `TRIMMED_LOG_WINDOW` entries, trims the state's logs (the case
 * file to its last entry, which the next entry's number follows; the others to none). The state's
 * logs are then always the last entries of the whole ones.
 */
class KeptLogs {
  /** The most entries a log of the state holds before the logs are trimmed. */
  private readonly window: number;

  constructor(window: number) {
    this.window = window;
  }

  private readonly kept: { [K in LogField]: CountryContext[K][number][] } = {
    caseFile: [],
    notices: [],
    handovers: [],
    services: [],
    plans: [],
    taskHandovers: [],
    orphanedTasks: [],
  };

  /** Keeps what `context` added to the logs since `from`; returns it, trimmed when due. */
  keep(context: CountryContext, from: CountryContext | null): CountryContext {
    // Field by field (not a loop over names): this runs on every step of a long replay.
    const kept = this.kept;
    append(kept.caseFile, context.caseFile, from === null ? 0 : from.caseFile.length);
    append(kept.notices, context.notices, from === null ? 0 : from.notices.length);
    append(kept.handovers, context.handovers, from === null ? 0 : from.handovers.length);
    append(kept.services, context.services, from === null ? 0 : from.services.length);
    append(kept.plans, context.plans, from === null ? 0 : from.plans.length);
    append(
      kept.taskHandovers,
      context.taskHandovers,
      from === null ? 0 : from.taskHandovers.length,
    );
    append(
      kept.orphanedTasks,
      context.orphanedTasks,
      from === null ? 0 : from.orphanedTasks.length,
    );
    const w = this.window;
    if (
      context.caseFile.length <= w &&
      context.notices.length <= w &&
      context.handovers.length <= w &&
      context.services.length <= w &&
      context.plans.length <= w &&
      context.taskHandovers.length <= w &&
      context.orphanedTasks.length <= w
    ) {
      return context;
    }
    const last = context.caseFile[context.caseFile.length - 1];
    const trimmed = { ...context };
    trimmed.caseFile = last === undefined ? [] : [last];
    trimmed.notices = [];
    trimmed.handovers = [];
    trimmed.services = [];
    trimmed.plans = [];
    trimmed.taskHandovers = [];
    trimmed.orphanedTasks = [];
    return trimmed;
  }

  logs(): CountryLogs {
    return this.kept;
  }
}

function compiledStepper(
  machine: CountryMachine,
  input: CountryInput,
  invariants: readonly Invariant[],
  /** The trimmed logs' window; null: logs stay whole in the state. */
  window: number | null,
): CountryStepper {
  const compiled = compileCountryMachine(machine);
  let current: CompiledCountryState = compiled.initial(input);
  const kept = window === null ? null : new KeptLogs(window);
  const trim = kept
    ? {
        keep(after: CountryState, before: CountryState | null): CountryState {
          // What the step appended is what `after` holds beyond the state it started from.
          const context = kept.keep(after.context, before?.context ?? null);
          if (context === after.context) return after;
          current = { value: current.value, context, node: current.node };
          return { value: after.value, context };
        },
        logs: () => kept.logs(),
      }
    : {};
  return createStepper(
    {
      engine: 'compiled',
      start: { value: current.value, context: current.context },
      advance(event) {
        let next: CompiledCountryState;
        try {
          next = compiled.step(current, event);
        } catch (error) {
          return {
            after: null,
            failure: `the machine failed on ${event.type}: ${describeError(error)}`,
          };
        }
        const taken = next !== current;
        current = next;
        return {
          after: taken ? { value: next.value, context: next.context } : null,
          failure: null,
        };
      },
      ...trim,
      getSnapshot: () => null,
      stop: () => {},
    },
    invariants,
  );
}

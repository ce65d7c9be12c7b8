/**
 * The inspector's session: one country actor the pages drive, either free (events from the
 * page) or along a scenario (a month cursor; stepping back re-runs the scenario from its start
 * with one fresh actor, which is cheap). Every step is checked against the invariant catalogue,
 * logged, and turned into the messages of the sequence view.
 */
import type { InspectionEvent, StateValue } from 'xstate';
import { countryMachine } from '../../machines/country.ts';
import type {
  CountryContext,
  CountryEvent,
  CountryEventType,
  CountryInput,
  Handover,
  OrphanedTask,
  TaskHandover,
} from '../../machines/country-types.ts';
import { describeEvent } from '../../machines/country-logic.ts';
import {
  DEFAULT_DOCTRINE,
  DEPARTMENT_INFO,
  DOCTRINE_TABLE,
  PRESENCE_KIND_LABELS,
  REGION_INFO,
  countMonths,
  toMonthIndex,
  type Department,
  type LeadDepartment,
  type Doctrine,
  type Month,
} from '../domain/index.ts';
import {
  createCountryStepper,
  getPhase,
  getStage,
  type CountrySnapshot,
  type CountryState,
  type CountryStepper,
} from '../kernel/index.ts';
import { INVARIANTS, type InvariantId } from '../invariants/index.ts';
import { planScenario, type ScenarioPlan } from '../scenario/events.ts';
import type { Scenario } from '../scenario/types.ts';
import { replayScenario } from '../simulate/replay.ts';
import {
  buildEvent,
  getEventVerdicts,
  resolveDraft,
  type EventVerdict,
  type ResolvedDraft,
} from './events.ts';
import type { Draft } from './protocol.ts';
import { buildTasksView, type TasksView } from './tasks.ts';
import {
  changedPaths,
  selectedTransitions,
  toTrace,
  type ContextPath,
  type InspectorTrace,
} from './steps.ts';

/** `type` and `month` of an unreadable event, each read once; a getter that throws gives nothing. */
function readFields(event: unknown): { type?: unknown; month?: unknown } | null {
  if (typeof event !== 'object' || event === null) return null;
  const read = (key: 'type' | 'month'): unknown => {
    try {
      const value: unknown = (event as Record<string, unknown>)[key];
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  };
  return { type: read('type'), month: read('month') };
}

/** Entries kept in the event log and the sequence view. */
export const LOG_LIMIT = 200;

/** A lane of the sequence view. */
export type Lane = 'team' | LeadDepartment | 'SPG';

export interface LogEntry {
  seq: number;
  month: Month | null;
  type: string;
  text: string;
  accepted: boolean;
  reason?: string;
  origin: 'scenario' | 'page';
}

export interface SequenceMessage {
  seq: number;
  month: Month | null;
  from: Lane;
  to: Lane;
  kind: 'report' | 'copy' | 'handover' | 'notify';
  text: string;
}

export interface InvariantStatus {
  id: InvariantId;
  description: string;
  holds: boolean;
  message?: string;
  month?: Month | null;
}

export interface TimelineView {
  scenarioId: string;
  start: Month;
  end: Month;
  months: number;
  cursor: Month;
  periods: { from: Month; to: Month; phase: string; lead: LeadDepartment; presences: string[] }[];
  handovers: { at: Month; from: LeadDepartment; to: LeadDepartment }[];
  /** Tasks handed over and orphaned over the whole replay (issue 12), marked on the band. */
  taskHandovers: TaskHandover[];
  orphanedTasks: OrphanedTask[];
}

/** Everything a page shows, as plain JSON. */
export interface InspectorView {
  country: string;
  doctrine: Doctrine;
  doctrineTitle: string;
  value: StateValue;
  /** Full ids of the active state nodes, root first (`country`, `country.peacekeeping`...). */
  active: string[];
  phase: string;
  stage: string | null;
  month: Month | null;
  team: { id: string; region: string; regionName: string; asg: string; tailoring: string };
  lead: { department: LeadDepartment; usg: string };
  informed: { department: LeadDepartment; usg: string };
  presences: {
    name: string;
    kind: string;
    kindLabel: string;
    since: string;
    supportedBy: Department;
    finalMandate: boolean;
    outgoing: boolean;
  }[];
  transitionCause: string | null;
  handovers: Handover[];
  /** The Tasks panel: tasks, plans, task handovers, waiting and orphaned tasks (issue 12). */
  tasks: TasksView;
  invariants: InvariantStatus[];
  verdicts: EventVerdict[];
  draft: ResolvedDraft;
  log: LogEntry[];
  sequence: SequenceMessage[];
  timeline: TimelineView | null;
  steps: number;
  refused: number;
  /** Events sent from a page since the scenario cursor last moved (dropped by the next seek). */
  offScript: number;
  /** The whole context of the country, as plain JSON (the context explorer's tree). */
  context: CountryContext;
  /** Context paths the selected step changed (a scenario month, or the last event sent). */
  changes: ContextPath[];
  /** Diagram ids of the transitions the selected step took (its last event's). */
  taken: string[];
  /** Diagram ids of the transitions the current state can take now, with the page's draft. */
  enabled: { id: string; event: CountryEventType }[];
  /** The steps a page can select: scenario months with events, or a free session's events. */
  stepList: StepItem[];
  canUndo: boolean;
  canRedo: boolean;
}

/** One entry of the step list. `step` is what `goto` takes; `month` what `seek` takes. */
export interface StepItem {
  step: number;
  month: Month | null;
  label: string;
  current: boolean;
  /** Undone steps of a free session, still there to redo. */
  undone?: boolean;
}

/** A scenario the session can follow. */
export interface SessionScenario {
  id: string;
  scenario: Scenario;
}

export interface SessionOptions {
  scenario?: SessionScenario | null;
  doctrine?: Doctrine;
  /** Called with every inspection event of the session's actor (not while re-running). */
  onInspection?: (event: InspectionEvent) => void;
}

/** A request the session cannot take (out of the window, no scenario...): a message for the page. */
export class SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionError';
  }
}

/** The country a session without scenario starts with. */
export const FREE_INPUT: CountryInput = {
  country: 'Example country',
  region: 'africa',
  month: '2020-01',
};

function usg(department: LeadDepartment): { department: LeadDepartment; usg: string } {
  return { department, usg: DEPARTMENT_INFO[department].usg };
}

/** Full ids of the active state nodes of `value`, root first. */
export function getActiveIds(value: StateValue, prefix = 'country'): string[] {
  if (typeof value === 'string') return [prefix, `${prefix}.${value}`];
  const ids = [prefix];
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined) continue;
    ids.push(...getActiveIds(inner, `${prefix}.${key}`));
  }
  return ids;
}

function pushBounded<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > LOG_LIMIT) list.splice(0, list.length - LOG_LIMIT);
}

export class InspectorSession {
  private scenario: SessionScenario | null;
  private doctrine: Doctrine;
  private plan: ScenarioPlan | null = null;
  private timeline: Omit<TimelineView, 'cursor'> | null = null;
  private cursor = -1;
  private stepper!: CountryStepper;
  private state!: CountryState;
  private muted = false;
  private seq = 0;
  private steps = 0;
  private refused = 0;
  private offScript = 0;
  private log: LogEntry[] = [];
  private sequence: SequenceMessage[] = [];
  private failures = new Map<InvariantId, { message: string; month: Month | null }>();
  private readonly onInspection: ((event: InspectionEvent) => void) | undefined;
  // Time travel (src/inspect/steps.ts): the accepted events so far and the states they reached.
  private freeInput: CountryInput | null = null;
  private trail: CountryEvent[] = [];
  private trailStates: CountryState[] = [];
  private redoStack: CountryEvent[] = [];
  private stepStart: CountryState | null = null;
  private taken: string[] = [];

  constructor(options: SessionOptions = {}) {
    this.onInspection = options.onInspection;
    this.scenario = options.scenario ?? null;
    this.doctrine = options.doctrine ?? options.scenario?.scenario.doctrine ?? DEFAULT_DOCTRINE;
    this.load(this.scenario, options.doctrine);
  }

  /** Follows another scenario (or none: a free session), from its first month. */
  load(scenario: SessionScenario | null, doctrine?: Doctrine): void {
    this.scenario = scenario;
    this.freeInput = null;
    this.redoStack = [];
    this.doctrine = doctrine ?? scenario?.scenario.doctrine ?? this.doctrine;
    if (scenario === null) {
      this.plan = null;
      this.timeline = null;
    } else {
      this.plan = planScenario(scenario.scenario, this.doctrine);
      const replay = replayScenario(scenario.scenario, { doctrine: this.doctrine });
      this.timeline = {
        scenarioId: scenario.id,
        start: replay.window.start,
        end: replay.window.end,
        months: countMonths(replay.window.start, replay.window.end),
        periods: replay.periods.map((p) => ({
          from: p.from,
          to: p.to,
          phase: p.phase,
          lead: p.lead,
          presences: p.presences,
        })),
        handovers: replay.handovers,
        taskHandovers: replay.taskHandovers,
        orphanedTasks: replay.orphanedTasks,
      };
    }
    this.restart(this.plan === null ? -1 : 0);
  }

  /** Back to the start: the scenario's first month, or a fresh free country. */
  reset(): void {
    this.redoStack = [];
    this.restart(this.plan === null ? -1 : 0);
  }

  /** Moves the scenario cursor to the end of `month`, re-running from the start. */
  seek(month: Month): void {
    if (this.plan === null || this.timeline === null) {
      throw new SessionError('seek needs a scenario; this session has none (load one first)');
    }
    const index = toMonthIndex(month) - toMonthIndex(this.timeline.start);
    if (index < 0 || index >= this.plan.months.length) {
      throw new SessionError(
        `month ${month} is outside the scenario's window ${this.timeline.start}..${this.timeline.end}`,
      );
    }
    this.restart(index);
  }

  /** Sends one event from a page; anything at all may come in, nothing throws. */
  send(event: unknown): { event: unknown; accepted: boolean; reason?: string } {
    this.offScript += 1;
    const snapshot = this.snapshot();
    const before = this.state;
    const verdict = this.apply(event, 'page');
    if (verdict.accepted) {
      this.recordStep(snapshot, before, event as CountryEvent);
      this.redoStack = [];
    }
    return verdict.accepted
      ? { event, accepted: true }
      : { event, accepted: false, reason: verdict.reason };
  }

  /** The concrete event of `type` that `draft` describes in the current state. */
  eventFor(type: CountryEventType, draft: Draft): CountryEvent {
    return buildEvent(type, resolveDraft(draft, this.state.context, this.firstMonth()));
  }

  private firstMonth(): Month {
    return this.timeline?.start ?? FREE_INPUT.month ?? '2020-01';
  }

  /** The page's view, with the events made concrete from its draft. */
  getView(draft: Draft = {}): InspectorView {
    const snapshot = this.snapshot();
    const { context, value } = this.state;
    const resolved = resolveDraft(draft, context, this.firstMonth());
    const supportedBy = DOCTRINE_TABLE[context.doctrine].supportedBy;
    return {
      country: context.country,
      doctrine: context.doctrine,
      doctrineTitle: DOCTRINE_TABLE[context.doctrine].title,
      value,
      active: getActiveIds(value),
      phase: getPhase(value),
      stage: getStage(value),
      month: context.month,
      team: {
        id: context.team.id,
        region: context.team.region,
        regionName: REGION_INFO[context.team.region].name,
        asg: context.team.asg,
        tailoring: context.teamTailoring,
      },
      lead: usg(context.lead),
      informed: usg(context.informed),
      presences: context.presences.map((p) => ({
        name: p.name,
        kind: p.kind,
        kindLabel: PRESENCE_KIND_LABELS[p.kind],
        since: p.since,
        supportedBy: supportedBy[p.kind],
        finalMandate: p.finalMandate === true,
        outgoing: context.outgoing.includes(p.name),
      })),
      transitionCause: context.transitionCause,
      handovers: context.handovers,
      tasks: buildTasksView(
        context,
        this.plan?.months[this.cursor]?.month ?? context.month,
        resolved.month,
      ),
      invariants: INVARIANTS.map((inv) => {
        const failure = this.failures.get(inv.id);
        return failure
          ? { id: inv.id, description: inv.description, holds: false, ...failure }
          : { id: inv.id, description: inv.description, holds: true };
      }),
      verdicts: getEventVerdicts(snapshot, resolved),
      draft: resolved,
      log: this.log.slice(-100),
      sequence: this.sequence.slice(-100),
      timeline:
        this.timeline === null
          ? null
          : {
              ...this.timeline,
              cursor: this.plan?.months[this.cursor]?.month ?? this.timeline.start,
            },
      steps: this.steps,
      refused: this.refused,
      offScript: this.offScript,
      context,
      changes: this.stepStart === null ? [] : changedPaths(this.stepStart.context, context),
      taken: this.taken,
      enabled: getEventVerdicts(snapshot, resolved)
        .filter((v) => v.accepted)
        .flatMap((v) =>
          selectedTransitions(snapshot, v.event).map((id) => ({ id, event: v.type })),
        ),
      stepList: this.stepList(),
      canUndo: this.plan === null && this.trail.length > 0,
      canRedo: this.plan === null && this.redoStack.length > 0,
    };
  }

  /** Stops the actor. */
  stop(): void {
    this.muted = true;
    this.stepper.stop();
  }

  /** The session actor's current snapshot (the stepper runs one XState actor). */
  private snapshot(): CountrySnapshot {
    return this.stepper.getSnapshot() as CountrySnapshot;
  }

  private restart(cursor: number): void {
    this.muted = true;
    if (this.stepper) this.stepper.stop();
    const input = this.plan?.input ?? {
      ...(this.freeInput ?? FREE_INPUT),
      doctrine: this.doctrine,
    };
    this.stepper = createCountryStepper(input, {
      engine: 'actor',
      inspect: (event) => {
        if (!this.muted) this.onInspection?.(event);
      },
    });
    this.state = this.stepper.state;
    this.seq = 0;
    this.steps = 0;
    this.refused = 0;
    this.offScript = 0;
    this.log = [];
    this.sequence = [];
    this.failures.clear();
    for (const v of this.stepper.initialViolations)
      this.failures.set(v.id, { message: v.message, month: null });
    this.cursor = cursor;
    this.trail = [];
    this.trailStates = [this.state];
    this.stepStart = null;
    this.taken = [];
    if (this.plan !== null) {
      let monthStart: CountryState | null = null;
      for (let i = 0; i <= cursor; i++) {
        if (i === cursor) {
          monthStart = this.state;
          this.taken = [];
        }
        for (const event of this.plan.months[i]?.events ?? []) {
          const snapshot = this.snapshot();
          const before = this.state;
          if (this.apply(event, 'scenario').accepted) this.recordStep(snapshot, before, event);
        }
      }
      this.stepStart = monthStart;
    }
    this.muted = false;
  }

  private apply(
    event: unknown,
    origin: LogEntry['origin'],
  ): { accepted: boolean; reason?: string } {
    const before = this.state;
    const result = this.stepper.step(event);
    const verdict = result.accepted
      ? { accepted: true as const }
      : { accepted: false as const, reason: result.reason ?? 'refused' };
    const after = result.after;
    const seq = ++this.seq;
    const month = after.context.month;
    if (result.accepted && result.event !== null) {
      const concrete: CountryEvent = result.event;
      this.steps += 1;
      for (const v of result.violations) {
        if (!this.failures.has(v.id)) this.failures.set(v.id, { message: v.message, month });
      }
      pushBounded(this.log, {
        seq,
        month,
        type: concrete.type,
        text: describeEvent(concrete),
        accepted: true,
        origin,
      });
      this.recordMessages(seq, before, after);
    } else {
      this.refused += 1;
      // The kernel's plain copy of the event (null where it could not be read): never the raw
      // object again, whose getters could throw or answer differently.
      const copy: { type?: unknown; month?: unknown } | null = result.event ?? readFields(event);
      const type = copy?.type;
      const entry: LogEntry = {
        seq,
        month: typeof copy?.month === 'string' ? copy.month.slice(0, 40) : month,
        type: typeof type === 'string' ? type.slice(0, 40) : '?',
        text: 'refused',
        accepted: false,
        reason: verdict.reason,
        origin,
      };
      pushBounded(this.log, entry);
    }
    this.state = after;
    return verdict.accepted ? { accepted: true } : { accepted: false, reason: verdict.reason };
  }

  /** Remembers an accepted step for time travel: its event, the state it reached, what it took. */
  private recordStep(snapshot: CountrySnapshot, before: CountryState, event: CountryEvent): void {
    this.trail.push(event);
    this.trailStates.push(this.state);
    this.stepStart = before;
    this.taken = selectedTransitions(snapshot, event);
  }

  /** Re-runs a free session from its start through `events` (a fresh actor; deterministic). */
  private rebuild(events: CountryEvent[]): void {
    this.restart(-1);
    this.muted = true;
    for (const event of events) {
      const snapshot = this.snapshot();
      const before = this.state;
      if (this.apply(event, 'page').accepted) this.recordStep(snapshot, before, event);
    }
    this.muted = false;
  }

  private needFree(what: string): void {
    if (this.plan !== null) {
      throw new SessionError(
        `${what} works in a free session; in a scenario, move the timeline or pick a step`,
      );
    }
  }

  /** Takes back the last accepted event of a free session (it can be redone). */
  undo(): void {
    this.needFree('undo');
    const last = this.trail[this.trail.length - 1];
    if (last === undefined) throw new SessionError('nothing to undo');
    this.redoStack.push(last);
    this.rebuild(this.trail.slice(0, -1));
  }

  /** Sends again the last undone event of a free session. */
  redo(): void {
    this.needFree('redo');
    const next = this.redoStack.pop();
    if (next === undefined) throw new SessionError('nothing to redo');
    this.rebuild([...this.trail, next]);
  }

  /** Shows a free session after its first `step` events; the later ones stay there to redo. */
  goto(step: number): void {
    this.needFree('going to a step');
    const all = [...this.trail, ...[...this.redoStack].reverse()];
    if (!Number.isInteger(step) || step < 0 || step > all.length) {
      throw new SessionError(`step ${step} is outside 0..${all.length}`);
    }
    this.redoStack = all.slice(step).reverse();
    this.rebuild(all.slice(0, step));
  }

  /**
   * Starts a free session from a trace's input and replays its events (as `pillar verify
   * --replay` does); refused events are logged with their reason.
   */
  loadTrace(input: CountryInput, events: unknown[], doctrine?: Doctrine): void {
    this.scenario = null;
    this.plan = null;
    this.timeline = null;
    this.doctrine = doctrine ?? input.doctrine ?? this.doctrine;
    this.freeInput = input;
    this.redoStack = [];
    this.restart(-1);
    this.muted = true;
    for (const event of events) this.send(event);
    this.offScript = 0;
    this.muted = false;
  }

  /** The session so far as a trace (`pillar verify --trace-out`'s format; `--replay` reads it). */
  trace(): InspectorTrace {
    const input = this.plan?.input ?? {
      ...(this.freeInput ?? FREE_INPUT),
      doctrine: this.doctrine,
    };
    return toTrace(
      this.scenario?.id ?? 'inspector',
      this.doctrine,
      input,
      [...this.trail],
      [...this.trailStates],
    );
  }

  /** The actor's persisted snapshot (tests compare it before and after undo). */
  persisted(): unknown {
    return countryMachine.getPersistedSnapshot(this.snapshot());
  }

  private stepList(): StepItem[] {
    if (this.plan === null) {
      const undone = [...this.redoStack].reverse();
      const all = [...this.trail, ...undone];
      return [
        { step: 0, month: null, label: 'start', current: this.trail.length === 0 },
        ...all.map((event, i) => ({
          step: i + 1,
          month: event.month,
          label: describeEvent(event),
          current: i + 1 === this.trail.length,
          ...(i >= this.trail.length ? { undone: true } : {}),
        })),
      ];
    }
    const items: StepItem[] = [];
    this.plan.months.forEach((m, i) => {
      if (i !== 0 && m.events.length === 0 && i !== this.cursor) return;
      items.push({
        step: i,
        month: m.month,
        label:
          m.events.length === 0
            ? i === 0
              ? 'start'
              : 'no event'
            : m.events.map((e) => e.type).join(', '),
        current: i === this.cursor,
      });
    });
    return items;
  }

  /**
   * The messages of one accepted step, derived from what it added to the case file, notices and
   * handovers: a report from the regional ASG team to the lead USG, a copy of each notice to the
   * informed USG, each handover between the USGs, and a note to the Standing Principals' Group
   * when a transition begins.
   */
  private recordMessages(seq: number, before: CountryState, after: CountryState): void {
    const { context } = after;
    const month = context.month;
    const entry = context.caseFile[context.caseFile.length - 1];
    const add = (from: Lane, to: Lane, kind: SequenceMessage['kind'], text: string): void =>
      pushBounded(this.sequence, { seq, month, from, to, kind, text });
    if (entry !== undefined && context.caseFile.length > before.context.caseFile.length) {
      add('team', context.lead, 'report', entry.text);
    }
    for (const notice of context.notices.slice(before.context.notices.length)) {
      add('team', notice.to, 'copy', notice.text);
    }
    for (const h of context.handovers.slice(before.context.handovers.length)) {
      add(h.from, h.to, 'handover', `handover of the lead ${h.from} → ${h.to}`);
    }
    if (getPhase(before.value) !== 'transition' && getPhase(after.value) === 'transition') {
      add(
        context.lead,
        'SPG',
        'notify',
        `transition begins (${context.transitionCause ?? 'planned'})`,
      );
    }
  }
}

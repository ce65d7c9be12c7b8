/**
 * The inspector's session: one country actor the pages drive, either free (events from the
 * page) or along a scenario (a month cursor; stepping back re-runs the scenario from its start
 * with one fresh actor, which is cheap). Every step is checked against the invariant catalogue,
 * logged, and turned into the messages of the sequence view.
 */
import { createActor, type Actor, type InspectionEvent, type StateValue } from 'xstate';
import { countryMachine, type CountryMachine } from '../../machines/country.ts';
import type {
  CountryEvent,
  CountryEventType,
  CountryInput,
  Handover,
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
  getPhase,
  getStage,
  sendEvent,
  toCountryState,
  type CountryState,
} from '../country/index.ts';
import { INVARIANTS, checkState, checkStep, type InvariantId } from '../invariants/index.ts';
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
  private actor!: Actor<CountryMachine>;
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

  constructor(options: SessionOptions = {}) {
    this.onInspection = options.onInspection;
    this.scenario = options.scenario ?? null;
    this.doctrine = options.doctrine ?? options.scenario?.scenario.doctrine ?? DEFAULT_DOCTRINE;
    this.load(this.scenario, options.doctrine);
  }

  /** Follows another scenario (or none: a free session), from its first month. */
  load(scenario: SessionScenario | null, doctrine?: Doctrine): void {
    this.scenario = scenario;
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
      };
    }
    this.restart(this.plan === null ? -1 : 0);
  }

  /** Back to the start: the scenario's first month, or a fresh free country. */
  reset(): void {
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
    const verdict = this.apply(event, 'page');
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
    const snapshot = this.actor.getSnapshot();
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
    };
  }

  /** Stops the actor. */
  stop(): void {
    this.muted = true;
    this.actor.stop();
  }

  private restart(cursor: number): void {
    this.muted = true;
    if (this.actor) this.actor.stop();
    const input = this.plan?.input ?? { ...FREE_INPUT, doctrine: this.doctrine };
    this.actor = createActor(countryMachine, {
      input,
      inspect: (event) => {
        if (!this.muted) this.onInspection?.(event);
      },
    });
    this.actor.start();
    this.state = toCountryState(this.actor.getSnapshot());
    this.seq = 0;
    this.steps = 0;
    this.refused = 0;
    this.offScript = 0;
    this.log = [];
    this.sequence = [];
    this.failures.clear();
    for (const v of checkState(this.state))
      this.failures.set(v.id, { message: v.message, month: null });
    this.cursor = cursor;
    if (this.plan !== null) {
      for (let i = 0; i <= cursor; i++) {
        for (const event of this.plan.months[i]?.events ?? []) this.apply(event, 'scenario');
      }
    }
    this.muted = false;
  }

  private apply(
    event: unknown,
    origin: LogEntry['origin'],
  ): { accepted: boolean; reason?: string } {
    const before = this.state;
    const verdict = sendEvent(this.actor, event);
    const after = verdict.accepted ? toCountryState(this.actor.getSnapshot()) : before;
    const seq = ++this.seq;
    const month = after.context.month;
    if (verdict.accepted) {
      const concrete = event as CountryEvent;
      this.steps += 1;
      for (const v of checkStep({
        index: this.steps - 1,
        before,
        event: concrete,
        after,
        accepted: true,
      })) {
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
      const type = (event as { type?: unknown } | null)?.type;
      const entry: LogEntry = {
        seq,
        month:
          (event as { month?: unknown } | null)?.month === undefined
            ? month
            : String((event as { month: unknown }).month),
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

/**
 * Pure functions behind the country machine's guards and actions. They take and return plain
 * context objects and never mutate their arguments, so tests can compose variants of them.
 */
import type { StateValue } from 'xstate';
import {
  getCountryTeam,
  getDepartmentLine,
  getLeadDepartment,
  getOtherDepartment,
  getPhaseForPresences,
  getServiceProvider,
  isCoverageKind,
  isMissionKind,
  isMonth,
  isPresenceKind,
  isService,
  isTask,
  isReceiverKind,
  isCountryTeamPresent,
  BACKSTOPS,
  NameList,
  PresenceList,
  TASKS,
  DEFAULT_DOCTRINE,
  PRESENCE_KINDS,
  SERVICES,
  type CountryTeam,
  type Month,
  type Presence,
  type Receiver,
  type Task,
} from '../src/domain/index.ts';
import {
  COUNTRY_EVENT_TYPES,
  EXIT_CAUSES,
  type CaseEntry,
  type CountryContext,
  type CountryEvent,
  type CountryInput,
  type Notice,
  type OrphanCause,
  type Phase,
  type TransitionCause,
  type PresenceInput,
} from './country-types.ts';

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= 200;
}

const EVENT_TYPES: ReadonlySet<string> = new Set(COUNTRY_EVENT_TYPES);

/**
 * Checks an event's shape at run time (events may come from files, a browser or a fuzzer).
 * Returns a message naming the bad field, or null when the event is well formed. Cheap enough to
 * run on every guard: nothing is cached, so an event object changed after a first check is
 * checked again.
 */
export function getPayloadError(event: unknown): string | null {
  if (!isRecord(event)) return 'an event must be an object with a `type`';
  const type = event.type;
  if (typeof type !== 'string' || !EVENT_TYPES.has(type)) {
    return `unknown event type ${describeValue(type)}; expected one of ${COUNTRY_EVENT_TYPES.join(', ')}`;
  }
  if (!isMonth(event.month)) return `${type}.month must be a month YYYY-MM`;
  switch (type) {
    case 'DEPLOY': {
      const presence = event.presence;
      if (!isRecord(presence)) return 'DEPLOY.presence must be an object { name, kind, mandate? }';
      if (!isName(presence.name)) return 'DEPLOY.presence.name must be a non-empty name';
      if (!isPresenceKind(presence.kind)) {
        return `DEPLOY.presence.kind must be one of ${PRESENCE_KINDS.join(', ')}`;
      }
      if (presence.mandate !== undefined && typeof presence.mandate !== 'string') {
        return 'DEPLOY.presence.mandate must be text';
      }
      if (
        presence.backstop !== undefined &&
        !(BACKSTOPS as readonly unknown[]).includes(presence.backstop)
      ) {
        return `DEPLOY.presence.backstop must be one of ${BACKSTOPS.join(', ')}`;
      }
      if (presence.tasks !== undefined) {
        const error = getTaskListError(presence.tasks);
        if (error !== null) return `DEPLOY.presence.tasks ${error}`;
        if (presence.kind === 'spm-regional-office') {
          return 'DEPLOY.presence.tasks: a regional office covers the country from outside and holds no mandated tasks';
        }
      }
      return null;
    }
    case 'ADOPT_PLAN': {
      if (!isName(event.presence)) return 'ADOPT_PLAN.presence must name an outgoing presence';
      if (typeof event.gender !== 'boolean') {
        return 'ADOPT_PLAN.gender must be true or false (does the plan name a WPS / gender element?)';
      }
      const handover = event.handover;
      if (!isRecord(handover)) return 'ADOPT_PLAN.handover must be an object { task: receiver }';
      for (const task of Object.keys(handover)) {
        if (!isTask(task)) return `ADOPT_PLAN.handover: unknown task ${describeValue(task)}`;
        if (!isReceiverName(handover[task])) {
          return `ADOPT_PLAN.handover.${task} must be a receiver (${RECEIVER_HINT})`;
        }
      }
      return null;
    }
    case 'HAND_OVER_TASK':
      if (!isName(event.presence)) return 'HAND_OVER_TASK.presence must name a presence';
      if (!isTask(event.task)) return `HAND_OVER_TASK.task must be one of ${TASKS.join(', ')}`;
      if (!isReceiverName(event.to))
        return `HAND_OVER_TASK.to must be a receiver (${RECEIVER_HINT})`;
      return null;
    case 'RENEW_MANDATE':
    case 'FINAL_MANDATE':
    case 'BEGIN_TRANSITION':
    case 'DRAWDOWN':
    case 'WITHDRAW':
      if (!isName(event.presence)) return `${type}.presence must name an active presence`;
      if (
        type === 'RENEW_MANDATE' &&
        event.mandate !== undefined &&
        typeof event.mandate !== 'string'
      ) {
        return 'RENEW_MANDATE.mandate must be text';
      }
      return null;
    case 'FORCED_EXIT':
      if (!(EXIT_CAUSES as readonly unknown[]).includes(event.cause)) {
        return `FORCED_EXIT.cause must be one of ${EXIT_CAUSES.join(', ')}`;
      }
      if (event.presence !== undefined && !isName(event.presence)) {
        return 'FORCED_EXIT.presence, when given, must name an active presence';
      }
      return null;
    case 'REQUEST_SERVICE':
      if (!isService(event.service))
        return `REQUEST_SERVICE.service must be one of ${SERVICES.join(', ')}`;
      return null;
    case 'RELAPSE':
      if (event.reason !== undefined && typeof event.reason !== 'string')
        return 'RELAPSE.reason must be text';
      return null;
    default:
      return null;
  }
}

const RECEIVER_HINT =
  'country-team, government, regional-organization, completed, or the name of a presence';

function isReceiverName(value: unknown): value is Receiver {
  return isName(value);
}

/** Why a value is not a list of distinct tasks, or null. */
function getTaskListError(value: unknown): string | null {
  if (!Array.isArray(value)) return 'must be a list of tasks';
  const seen = new Set<string>();
  for (const task of value as unknown[]) {
    if (!isTask(task))
      return `: unknown task ${describeValue(task)}; expected one of ${TASKS.join(', ')}`;
    if (seen.has(task)) return `: ${task} is listed twice`;
    seen.add(task);
  }
  return null;
}

/** A short, safe rendering of an unknown value for a message (never a huge or throwing one). */
function describeValue(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  }
  if (value === undefined || value === null || typeof value !== 'object') {
    return typeof value === 'bigint' || typeof value === 'symbol' ? typeof value : String(value);
  }
  return Array.isArray(value) ? 'a list' : 'an object';
}

/** An event may not go back in time: its month is the country's month or later. */
export function isTimely(context: CountryContext, event: { month: Month }): boolean {
  return context.month === null || event.month >= context.month;
}

/** Well formed and not back in time: the common precondition of every guard. */
export function isAdmissible(context: CountryContext, event: CountryEvent): boolean {
  return getPayloadError(event) === null && isTimely(context, event);
}

export function findPresence(context: CountryContext, name: string): Presence | undefined {
  return context.presences.get(name);
}

export function hasPko(context: CountryContext): boolean {
  return context.presences.count('pko') > 0;
}

export function hasMissionPresence(context: CountryContext): boolean {
  return context.presences.missionCount > 0;
}

/** No active presence holds a final mandate, unless it is the one the event names. */
export function isOnlyFinalMandate(context: CountryContext, event: CountryEvent): boolean {
  const finals = context.presences.finalMandates;
  if (finals === 0) return true;
  const name = eventPresenceName(event);
  return finals === 1 && name !== undefined && Boolean(context.presences.get(name)?.finalMandate);
}

/** The presence an event names, for events that name one. */
export function eventPresenceName(event: CountryEvent): string | undefined {
  return 'presence' in event && typeof event.presence === 'string' ? event.presence : undefined;
}

/** The named presence is active and is a country mission (not regional coverage). */
export function isActiveMission(context: CountryContext, event: CountryEvent): boolean {
  const name = eventPresenceName(event);
  const presence = name === undefined ? undefined : findPresence(context, name);
  return presence !== undefined && isMissionKind(presence.kind);
}

/** A forced exit of every mission, or of the one it names, which must be an active mission. */
export function canForceExit(context: CountryContext, event: CountryEvent): boolean {
  if (event.type !== 'FORCED_EXIT' || !hasMissionPresence(context)) return false;
  return event.presence === undefined || isActiveMission(context, event);
}

export function isActiveCoverage(context: CountryContext, event: CountryEvent): boolean {
  const name = eventPresenceName(event);
  const presence = name === undefined ? undefined : findPresence(context, name);
  return presence !== undefined && isCoverageKind(presence.kind);
}

export function isOutgoing(context: CountryContext, event: CountryEvent): boolean {
  const name = eventPresenceName(event);
  return name !== undefined && context.outgoing.includes(name);
}

/**
 * A DEPLOY of a name no active presence has, and no withdrawn one whose tasks still wait for a
 * receiver (the pending tasks are known by that name).
 */
export function isNewPresence(context: CountryContext, event: CountryEvent): boolean {
  if (event.type !== 'DEPLOY') return false;
  const name = event.presence.name;
  return (
    findPresence(context, name) === undefined &&
    !context.pendingTasks.some((t) => t.presence === name)
  );
}

export function getDeployKind(event: CountryEvent): Presence['kind'] | undefined {
  return event.type === 'DEPLOY' ? event.presence.kind : undefined;
}

// ---- tasks, plans and receivers (issue 12) ----------------------------------------------

/**
 * The forced exit that is ending `presence`, or null when its exit is planned or it is not
 * leaving. Each outgoing presence keeps its own cause: a forced exit of one mission does not make
 * another's planned exit a forced one.
 */
export function getForcedCause(presence: Presence | undefined): OrphanCause | null {
  const cause = presence?.exitCause;
  return cause === undefined || cause === 'planned' ? null : cause;
}

/** The tasks of `presence` its plan gives no receiver (all of them without a plan). */
export function getUnplannedTasks(presence: Presence): Task[] {
  const tasks = presence.tasks ?? [];
  const receivers = presence.plan?.receivers;
  return receivers === undefined ? [...tasks] : tasks.filter((t) => receivers[t] === undefined);
}

/**
 * Whether `to` can receive a task in `month`: the government, a regional organisation, or
 * `completed` always; the country team when the country has one then; a presence when it is
 * active and not itself leaving.
 */
export function isReceiverPresent(context: CountryContext, to: string, month: Month): boolean {
  if (isReceiverKind(to)) {
    return to !== 'country-team' || isCountryTeamPresent(context.countryTeam, month);
  }
  return findPresence(context, to) !== undefined && !context.outgoing.includes(to);
}

/** Why an ADOPT_PLAN cannot be adopted, or null when it can. */
export function getPlanError(context: CountryContext, event: CountryEvent): string | null {
  if (event.type !== 'ADOPT_PLAN') return 'not a plan';
  const presence = findPresence(context, event.presence);
  if (presence === undefined || !context.outgoing.includes(event.presence)) {
    return `${event.presence} is not an outgoing presence of this transition`;
  }
  if (presence.plan !== undefined) return `a plan for ${event.presence} was already adopted`;
  const tasks = presence.tasks ?? [];
  if (tasks.length === 0) {
    return `${event.presence} holds no mandated tasks: there is nothing for a plan to hand over`;
  }
  const receivers = event.handover as Partial<Record<string, Receiver>>;
  for (const task of Object.keys(receivers)) {
    if (!tasks.includes(task as Task)) return `${event.presence} holds no task ${task}`;
    if (receivers[task] === event.presence) {
      return `${event.presence} cannot hand ${task} to itself`;
    }
  }
  const missing = tasks.filter((t) => !Object.hasOwn(receivers, t));
  if (missing.length > 0) {
    return `the plan for ${event.presence} gives no receiver for ${missing.join(', ')}`;
  }
  if (!event.gender) {
    return `the plan for ${event.presence} names no women, peace and security element (note 2017, paragraph 12)`;
  }
  return null;
}

export function canAdoptPlan(context: CountryContext, event: CountryEvent): boolean {
  return getPlanError(context, event) === null;
}

/** Whether the named presence holds `task` as an outgoing presence, or left it pending. */
function holdsTaskToHandOver(context: CountryContext, name: string, task: Task): boolean {
  if (context.outgoing.includes(name)) {
    return (findPresence(context, name)?.tasks ?? []).includes(task);
  }
  return context.pendingTasks.some((t) => t.presence === name && t.task === task);
}

/**
 * A regional office may receive a mission's task (UNOWAS took Guinea-Bissau's good offices from
 * UNIOGBIS, S/RES/2458 (2019)). It covers the country from outside and has no transition of its
 * own, so it hands a task on in any phase, and closes only once it holds none.
 */
export function isCoverageHandOver(context: CountryContext, event: CountryEvent): boolean {
  return (
    event.type === 'HAND_OVER_TASK' &&
    isHeldByCoverage(context, event.presence, event.task) &&
    getHandOverError(context, event) === null
  );
}

/** Whether `name` is a regional office (coverage, not a mission) holding `task`. */
function isHeldByCoverage(context: CountryContext, name: string, task: Task): boolean {
  const office = findPresence(context, name);
  return office !== undefined && !isMissionKind(office.kind) && (office.tasks ?? []).includes(task);
}

/** A regional office may close when it holds no task. */
export function isFreeCoverage(context: CountryContext, event: CountryEvent): boolean {
  const name = eventPresenceName(event);
  const presence = name === undefined ? undefined : findPresence(context, name);
  return isActiveCoverage(context, event) && (presence?.tasks ?? []).length === 0;
}

/** Why a HAND_OVER_TASK cannot be taken, or null when it can. */
export function getHandOverError(context: CountryContext, event: CountryEvent): string | null {
  if (event.type !== 'HAND_OVER_TASK') return 'not a handover';
  if (
    !isHeldByCoverage(context, event.presence, event.task) &&
    !holdsTaskToHandOver(context, event.presence, event.task)
  ) {
    return `${event.presence} has no ${event.task} to hand over (only an outgoing or withdrawn mission's tasks, or a regional office's, are handed over)`;
  }
  if (event.to === event.presence) return `${event.presence} cannot hand ${event.task} to itself`;
  if (!isReceiverPresent(context, event.to, event.month)) {
    return event.to === 'country-team'
      ? `there is no UN country team in ${event.month} to receive ${event.task}`
      : `${event.to} is not present to receive ${event.task} in ${event.month} (a receiving presence must be active and not leaving)`;
  }
  return null;
}

export function canHandOverTask(context: CountryContext, event: CountryEvent): boolean {
  return getHandOverError(context, event) === null;
}

/**
 * A presence may be drawn down in a planned transition only once an adopted plan gives every
 * one of its tasks a receiver; a forced exit draws down without one.
 */
export function isDrawdownPlanned(context: CountryContext, event: CountryEvent): boolean {
  const name = eventPresenceName(event);
  const presence = name === undefined ? undefined : findPresence(context, name);
  if (getForcedCause(presence) !== null) return true;
  if (presence === undefined || (presence.tasks ?? []).length === 0) return true;
  return presence.plan !== undefined && getUnplannedTasks(presence).length === 0;
}

/**
 * The handover completes only when every task left by a planned exit has gone to a receiver
 * (a forced exit's tasks were orphaned when its presence was withdrawn, so none are pending).
 */
export function areTasksSettled(context: CountryContext): boolean {
  return context.pendingTasks.length === 0;
}

// ---- context changes -------------------------------------------------------------------

function toPresence(input: PresenceInput, month: Month | null): Presence {
  const presence: Presence = { name: input.name, kind: input.kind, since: month ?? '' };
  if (input.mandate !== undefined) presence.mandate = input.mandate;
  if (input.backstop !== undefined) presence.backstop = input.backstop;
  if (input.tasks !== undefined) presence.tasks = [...input.tasks];
  return presence;
}

function toCountryTeam(input: CountryInput['countryTeam']): CountryTeam | null {
  if (input === false) return null;
  const team: CountryTeam = { since: input?.since ?? null, until: input?.until ?? null };
  if (input?.residentCoordinator !== undefined) {
    team.residentCoordinator = input.residentCoordinator;
  }
  return team;
}

export function createCountryContext(input: CountryInput): CountryContext {
  const doctrine = input.doctrine ?? DEFAULT_DOCTRINE;
  const month = input.month ?? null;
  const presences = PresenceList.from((input.presences ?? []).map((p) => toPresence(p, month)));
  const lead = getLeadDepartment(doctrine, presences, month);
  const phase = getPhaseForPresences(presences);
  const team = getCountryTeam(doctrine, input.region, input.country, lead, month);
  return {
    country: input.country,
    region: input.region,
    doctrine,
    team,
    teamTailoring: phase === 'nonMission' ? 'non-mission' : 'mission',
    month,
    presences,
    lead,
    informed: getOtherDepartment(lead),
    outgoing: NameList.EMPTY,
    transitionCause: null,
    caseFile: [
      {
        seq: 1,
        month,
        event: 'OPEN',
        text: `case file opened for ${input.country}; regional ASG team ${team.id}; doctrine ${doctrine}`,
      },
    ],
    handovers: [],
    notices: [],
    informedOf: { phase, presences: presences.names, lead },
    services: [],
    countryTeam: toCountryTeam(input.countryTeam),
    plans: [],
    taskHandovers: [],
    orphanedTasks: [],
    pendingTasks: [],
  };
}

/** A context as read back from JSON: its persistent lists as plain arrays. */
export type PlainCountryContext = Omit<CountryContext, 'presences' | 'informedOf' | 'outgoing'> & {
  presences: Iterable<Presence>;
  outgoing: Iterable<string>;
  informedOf: Omit<CountryContext['informedOf'], 'presences'> & { presences: Iterable<string> };
};

/**
 * The context the machine keeps, from one read back from JSON (a persisted snapshot): the lists
 * become persistent lists again. Throws a RangeError naming a repeated name.
 */
export function reviveCountryContext(context: PlainCountryContext): CountryContext {
  return {
    ...context,
    presences: reviveList(context.presences, 'presences') as PresenceList,
    outgoing: reviveList(context.outgoing, 'outgoing') as NameList,
    informedOf: {
      ...context.informedOf,
      presences: reviveList(context.informedOf.presences, 'informedOf.presences') as NameList,
    },
  };
}

/**
 * One of the context's lists from its JSON form (a persistent list is kept). Throws naming the
 * field: a repeated name (RangeError), or a value that is no list at all (TypeError; what
 * `structuredClone` makes of a live list, for example).
 */
function reviveList(list: unknown, field: 'presences' | 'outgoing' | 'informedOf.presences') {
  if (list instanceof PresenceList || list instanceof NameList) return list;
  if (!Array.isArray(list)) {
    throw new TypeError(`context.${field}: expected a list, not ${describeValue(list)}`);
  }
  try {
    return field === 'presences'
      ? PresenceList.from(list as Presence[])
      : NameList.from(list as string[]);
  } catch (error) {
    throw new RangeError(`context.${field}: ${(error as Error).message}`);
  }
}

/**
 * The context's three lists (presences, outgoing, the names told) mapped by `convert`, or the
 * same snapshot when `convert` changes none of them (not a country context, or nothing to do).
 */
function mapLists<T>(
  snapshot: T,
  convert: (list: unknown, field: 'presences' | 'outgoing' | 'informedOf.presences') => unknown,
): T {
  if (!isRecord(snapshot) || !isRecord(snapshot.context)) return snapshot;
  const context = snapshot.context;
  const informedOf = isRecord(context.informedOf) ? context.informedOf : undefined;
  const presences = convert(context.presences, 'presences');
  const outgoing = convert(context.outgoing, 'outgoing');
  const told =
    informedOf === undefined ? undefined : convert(informedOf.presences, 'informedOf.presences');
  if (
    presences === context.presences &&
    outgoing === context.outgoing &&
    told === informedOf?.presences
  ) {
    return snapshot;
  }
  return {
    ...snapshot,
    context: {
      ...context,
      presences,
      outgoing,
      ...(informedOf === undefined ? {} : { informedOf: { ...informedOf, presences: told } }),
    },
  };
}

/** A snapshot whose context's lists are plain arrays (the same snapshot when they already are). */
export function toPlainCountrySnapshot<T>(snapshot: T): T {
  return mapLists(snapshot, (list) =>
    list instanceof PresenceList || list instanceof NameList ? [...list.toArray()] : list,
  );
}

/**
 * A persisted snapshot whose context was read back from JSON, with its lists revived (the same
 * snapshot when they already are persistent lists, or when it has no country context). Throws
 * naming the field when a list repeats a name or is no list at all.
 */
export function reviveCountrySnapshot<T>(snapshot: T): T {
  return mapLists(snapshot, reviveList);
}

export function withMonth(context: CountryContext, event: CountryEvent): CountryContext {
  return event.month === context.month ? context : { ...context, month: event.month };
}

export function withPresenceAdded(context: CountryContext, event: CountryEvent): CountryContext {
  if (event.type !== 'DEPLOY') return context;
  return { ...context, presences: context.presences.add(toPresence(event.presence, event.month)) };
}

/**
 * The named presence leaves. Tasks it still holds wait for their receivers in a planned
 * transition (`pendingTasks`), and are orphaned, with the month and the cause, in a forced one.
 */
export function withPresenceRemoved(context: CountryContext, event: CountryEvent): CountryContext {
  const name = eventPresenceName(event);
  if (name === undefined) return context;
  const left = findPresence(context, name);
  const next: CountryContext = {
    ...context,
    presences: context.presences.remove(name),
    outgoing: context.outgoing.remove(name),
  };
  const tasks = left?.tasks ?? [];
  if (tasks.length === 0) return next;
  const cause = getForcedCause(left);
  if (cause === null) {
    // Once per presence and task: a presence of the same name may have left tasks before.
    const fresh = tasks.filter(
      (task) => !context.pendingTasks.some((t) => t.presence === name && t.task === task),
    );
    next.pendingTasks = [
      ...context.pendingTasks,
      ...fresh.map((task) => ({ presence: name, task })),
    ];
  } else {
    const at = event.month;
    next.orphanedTasks = [
      ...context.orphanedTasks,
      ...tasks.map((task) => ({ at, presence: name, task, cause })),
    ];
  }
  return next;
}

/** The plan is kept on its presence and in the record. */
export function withPlanAdopted(context: CountryContext, event: CountryEvent): CountryContext {
  if (event.type !== 'ADOPT_PLAN') return context;
  const receivers = { ...event.handover };
  const plan = { month: event.month, gender: event.gender, receivers };
  return {
    ...context,
    presences: context.presences.update(event.presence, (p) => ({
      ...p,
      plan: { ...plan, receivers: { ...receivers } },
    })),
    plans: [
      ...context.plans,
      { at: event.month, presence: event.presence, gender: event.gender, receivers },
    ],
  };
}

/**
 * The task leaves its presence (or the pending list) for its receiver; a receiving presence holds
 * it from now on.
 */
export function withTaskHandedOver(context: CountryContext, event: CountryEvent): CountryContext {
  if (event.type !== 'HAND_OVER_TASK') return context;
  const { presence: from, task, to } = event;
  const outgoing = context.outgoing.includes(from);
  // Only the giving and the receiving presence change (O(log n), not a pass over all).
  const hand = (p: Presence): Presence => {
    if (p.name === from && (outgoing || !isMissionKind(p.kind)) && p.tasks?.includes(task)) {
      return { ...p, tasks: p.tasks.filter((t) => t !== task) };
    }
    if (p.name === to && !(p.tasks ?? []).includes(task)) {
      return { ...p, tasks: [...(p.tasks ?? []), task] };
    }
    return p;
  };
  const given = context.presences.update(from, hand);
  const presences = to === from ? given : given.update(to, hand);
  const pending = context.pendingTasks.filter((t) => t.presence !== from || t.task !== task);
  return {
    ...context,
    presences,
    pendingTasks: pending.length === context.pendingTasks.length ? context.pendingTasks : pending,
    taskHandovers: [...context.taskHandovers, { at: event.month, presence: from, task, to }],
  };
}

export function withMandate(
  context: CountryContext,
  event: CountryEvent,
  finalMandate: boolean,
): CountryContext {
  const name = eventPresenceName(event);
  const mandate = event.type === 'RENEW_MANDATE' ? event.mandate : undefined;
  return {
    ...context,
    presences:
      name === undefined
        ? context.presences
        : context.presences.update(name, (p) => {
            const next: Presence = { ...p, finalMandate };
            if (!finalMandate) delete next.finalMandate;
            if (mandate !== undefined) next.mandate = mandate;
            return next;
          }),
  };
}

/**
 * Lead follows the doctrine's rule over the active presences in the country's month; a change of
 * line (political DPA/DPPA, operations DPKO/DPO) is a handover, so DPA becoming DPPA in 2019-01
 * is none. The team that holds the country follows the structure in force (see getCountryTeam).
 */
export function withLeadDerived(context: CountryContext): CountryContext {
  const { doctrine, month } = context;
  const lead = getLeadDepartment(doctrine, context.presences, month);
  const team = getCountryTeam(doctrine, context.region, context.country, lead, month);
  const sameTeam = team.id === context.team.id;
  if (lead === context.lead && context.informed === getOtherDepartment(lead) && sameTeam) {
    return context;
  }
  const handovers =
    getDepartmentLine(lead) === getDepartmentLine(context.lead)
      ? context.handovers
      : [...context.handovers, { from: context.lead, to: lead, month }];
  return {
    ...context,
    lead,
    informed: getOtherDepartment(lead),
    handovers,
    ...(sameTeam ? {} : { team }),
  };
}

/**
 * Records why the named presences leave: `planned` where no cause is set yet (a presence already
 * leaving keeps its cause), a forced exit's cause over any (`force`: the exit is compressed).
 */
export function withExitCause(
  context: CountryContext,
  cause: TransitionCause,
  names: readonly string[],
  force = false,
): CountryContext {
  let presences = context.presences;
  for (const name of new Set(names)) {
    presences = presences.update(name, (p) =>
      (force || p.exitCause === undefined) && p.exitCause !== cause
        ? { ...p, exitCause: cause }
        : p,
    );
  }
  return { ...context, presences };
}

export function withOutgoing(context: CountryContext, names: readonly string[]): CountryContext {
  let outgoing = context.outgoing;
  for (const name of names) outgoing = outgoing.add(name);
  return { ...context, outgoing };
}

/**
 * The transition ends (handover completed, or reversed): nothing is outgoing, final mandates and
 * plans lapse. Tasks still pending are orphaned when the transition was forced (with its cause)
 * or reversed (`relapse`); a planned handover completes only with none pending.
 */
export function withTransitionCleared(
  context: CountryContext,
  event?: CountryEvent,
): CountryContext {
  // Only a reversed transition orphans pending tasks: a completed one has none (the guard waits).
  const cause: OrphanCause | null = event?.type === 'RELAPSE' ? 'relapse' : null;
  const orphaned =
    cause === null || context.pendingTasks.length === 0
      ? null
      : context.pendingTasks.map(({ presence, task }) => ({
          at: event?.month ?? context.month,
          presence,
          task,
          cause,
        }));
  return {
    ...context,
    outgoing: NameList.EMPTY,
    transitionCause: null,
    // Only the presences holding one of them are visited (O(k log n)).
    presences: context.presences.flagged().reduce(
      (list, p) =>
        list.update(p.name, () => {
          const next = { ...p };
          delete next.finalMandate;
          delete next.plan;
          delete next.exitCause;
          return next;
        }),
      context.presences,
    ),
    ...(orphaned === null
      ? {}
      : { pendingTasks: [], orphanedTasks: [...context.orphanedTasks, ...orphaned] }),
  };
}

export function getMissionNames(context: CountryContext): string[] {
  return context.presences.missions().map((p) => p.name);
}

export function withTeamTailored(context: CountryContext, phase: Phase): CountryContext {
  const teamTailoring = phase === 'nonMission' ? 'non-mission' : 'mission';
  return teamTailoring === context.teamTailoring ? context : { ...context, teamTailoring };
}

/**
 * Tells the informed department of every change of phase, presences or lead since it was last
 * told. `phase` is the phase the country is in after this step.
 */
export function withInformedNotified(context: CountryContext, phase: Phase): CountryContext {
  const told = context.informedOf;
  const phaseChanged = told.phase !== phase;
  const leadChanged = told.lead !== context.lead;
  const names = context.presences.names;
  const presencesChanged = !NameList.same(told.presences, names);
  if (!phaseChanged && !leadChanged && !presencesChanged) return context;
  const { informed: to, month } = context;
  const fresh: Notice[] = [];
  if (phaseChanged)
    fresh.push({ to, month, subject: 'phase', text: `phase ${told.phase} -> ${phase}` });
  if (presencesChanged) {
    const text = describePresenceChange(told.presences, names);
    fresh.push({ to, month, subject: 'presence', text });
  }
  if (leadChanged)
    fresh.push({ to, month, subject: 'lead', text: `lead ${told.lead} -> ${context.lead}` });
  return {
    ...context,
    notices: context.notices.concat(fresh),
    informedOf: { phase, presences: names, lead: context.lead },
  };
}

/**
 * What changed in the list of presences, by name: `presences +B -A (1 active)`; the same names in
 * another order: `presences reordered (2 active)`. The text, and the time it takes, grow with the
 * change, not with the number of presences (thousands of overlapping presences stay cheap).
 */
export function describePresenceChange(
  told: NameList | readonly string[],
  names: NameList | readonly string[],
): string {
  const now = NameList.from(names);
  const active = `(${now.length} active)`;
  const { added, removed } = NameList.diff(NameList.from(told), now);
  const change = [...added.map((n) => `+${n}`), ...removed.map((n) => `-${n}`)].join(' ');
  return change.length === 0 ? `presences reordered ${active}` : `presences ${change} ${active}`;
}

export function describeEvent(event: CountryEvent): string {
  switch (event.type) {
    case 'DEPLOY':
      return `${event.presence.name} (${event.presence.kind}) deployed${
        event.presence.mandate ? `, ${event.presence.mandate}` : ''
      }`;
    case 'RENEW_MANDATE':
      return `mandate of ${event.presence} renewed${event.mandate ? `, ${event.mandate}` : ''}`;
    case 'FINAL_MANDATE':
      return `final mandate decided for ${event.presence}`;
    case 'BEGIN_TRANSITION':
      return `transition planning begun for ${event.presence}`;
    case 'DRAWDOWN':
      return `drawdown of ${event.presence} begun`;
    case 'WITHDRAW':
      return `${event.presence} withdrawn (last month before ${event.month})`;
    case 'COMPLETE_HANDOVER':
      return 'handover completed';
    case 'RELAPSE':
      return `transition reversed${event.reason ? `: ${event.reason}` : ''}`;
    case 'FORCED_EXIT':
      return `forced exit${event.presence ? ` of ${event.presence}` : ''} (${event.cause})`;
    case 'RESTRUCTURE':
      return 'restructured pillar in force: DPPA and DPO with shared regional teams';
    case 'ENGAGE_PREVENTION':
      return 'preventive diplomacy engaged';
    case 'STAND_DOWN':
      return 'preventive engagement stood down';
    case 'REQUEST_SERVICE':
      return `${event.service} requested from ${getServiceProvider(event.service).office}`;
    case 'ADOPT_PLAN': {
      const count = Object.keys(event.handover).length;
      return `transition plan adopted for ${event.presence}: ${count} task${count === 1 ? '' : 's'} assigned, ${event.gender ? 'with' : 'without'} a WPS element`;
    }
    case 'HAND_OVER_TASK':
      return `${event.task} of ${event.presence} handed over to ${event.to}`;
  }
}

export function withJournalEntry(context: CountryContext, event: CountryEvent): CountryContext {
  const last = context.caseFile[context.caseFile.length - 1];
  const entry: CaseEntry = {
    seq: (last?.seq ?? 0) + 1,
    month: event.month,
    event: event.type,
    text: describeEvent(event),
  };
  return { ...context, caseFile: [...context.caseFile, entry] };
}

export function withServiceRecorded(context: CountryContext, event: CountryEvent): CountryContext {
  if (event.type !== 'REQUEST_SERVICE') return context;
  return {
    ...context,
    services: [
      ...context.services,
      { service: event.service, month: event.month, provider: getServiceProvider(event.service) },
    ],
  };
}

// ---- one step, composed ----------------------------------------------------------------

/** The changes a step can make to presences or to the transition. */
export const CHANGES = {
  deployPresence: withPresenceAdded,
  withdrawPresence: withPresenceRemoved,
  renewMandate: (context: CountryContext, event: CountryEvent) =>
    withMandate(context, event, false),
  decideFinalMandate: (context: CountryContext, event: CountryEvent) =>
    withMandate(context, event, true),
  markOutgoing: (context: CountryContext, event: CountryEvent): CountryContext => ({
    ...withExitCause(withOutgoing(context, [eventPresenceName(event) ?? '']), 'planned', [
      eventPresenceName(event) ?? '',
    ]),
    transitionCause: context.transitionCause ?? 'planned',
  }),
  markAllOutgoing: (context: CountryContext, event: CountryEvent): CountryContext => {
    const names =
      event.type === 'FORCED_EXIT' && event.presence !== undefined
        ? [event.presence]
        : getMissionNames(context);
    const cause = event.type === 'FORCED_EXIT' ? event.cause : 'planned';
    return {
      ...withExitCause(withOutgoing(context, names), cause, names, true),
      transitionCause: event.type === 'FORCED_EXIT' ? event.cause : context.transitionCause,
    };
  },
  clearTransition: (context: CountryContext, event: CountryEvent) =>
    withTransitionCleared(context, event),
  adoptPlan: withPlanAdopted,
  handOverTask: withTaskHandedOver,
} as const;
export type ChangeName = keyof typeof CHANGES;

/**
 * What every step does after its change, in order: derive the lead, tailor the team, tell the
 * informed department, write the case file. Tests swap one of them to plant a bug.
 */
export interface StepFunctions {
  deriveLead: (context: CountryContext) => CountryContext;
  tailorTeam: (context: CountryContext, phase: Phase) => CountryContext;
  notifyInformed: (context: CountryContext, phase: Phase) => CountryContext;
  journal: (context: CountryContext, event: CountryEvent) => CountryContext;
}

export const STEP_FUNCTIONS: StepFunctions = {
  deriveLead: withLeadDerived,
  tailorTeam: withTeamTailored,
  notifyInformed: withInformedNotified,
  journal: withJournalEntry,
};

/** A step that may change presences, lead or phase; `phase` is the phase it ends in. */
export function applyChange(
  context: CountryContext,
  event: CountryEvent,
  change: ChangeName,
  phase: Phase,
  steps: StepFunctions = STEP_FUNCTIONS,
): CountryContext {
  let next = CHANGES[change](withMonth(context, event), event);
  next = steps.deriveLead(next);
  next = steps.tailorTeam(next, phase);
  next = steps.notifyInformed(next, phase);
  return steps.journal(next, event);
}

/**
 * A step that changes neither presences nor phase: the month, the case file, any service it
 * records, a task a regional office hands on. The lead is derived again because the month may cross into the structure in force
 * (under `historical`, DPA and DPKO until 2018-12); under the other doctrines that changes nothing.
 */
export function recordEvent(
  context: CountryContext,
  event: CountryEvent,
  steps: StepFunctions = STEP_FUNCTIONS,
): CountryContext {
  let next = steps.deriveLead(
    withTaskHandedOver(withServiceRecorded(withMonth(context, event), event), event),
  );
  if (next !== context && next.lead !== context.lead) {
    next = steps.notifyInformed(next, next.informedOf.phase);
  }
  return steps.journal(next, event);
}

/** The top-level phase of a state value. */
export function getPhase(value: StateValue): Phase {
  const key = typeof value === 'string' ? value : Object.keys(value)[0];
  return key as Phase;
}

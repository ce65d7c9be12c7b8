/**
 * Pure functions behind the country machine's guards and actions. They take and return plain
 * context objects and never mutate their arguments, so tests can compose variants of them.
 */
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
  BACKSTOPS,
  DEFAULT_DOCTRINE,
  PRESENCE_KINDS,
  SERVICES,
  type Month,
  type Presence,
} from '../src/domain/index.ts';
import {
  COUNTRY_EVENT_TYPES,
  EXIT_CAUSES,
  type CaseEntry,
  type CountryContext,
  type CountryEvent,
  type CountryInput,
  type Notice,
  type Phase,
  type PresenceInput,
} from './country-types.ts';

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && value.length <= 200;
}

/**
 * Checks an event's shape at run time (events may come from files, a browser or a fuzzer).
 * Returns a message naming the bad field, or null when the event is well formed.
 */
export function getPayloadError(event: unknown): string | null {
  if (!isRecord(event)) return 'an event must be an object with a `type`';
  // Every guard asks this of the same event object: remember the answer for that object.
  const known = payloadErrors.get(event);
  if (known !== undefined) return known;
  const error = findPayloadError(event);
  payloadErrors.set(event, error);
  return error;
}

const payloadErrors = new WeakMap<object, string | null>();

function findPayloadError(event: Loose): string | null {
  const type = event.type;
  if (typeof type !== 'string' || !(COUNTRY_EVENT_TYPES as readonly string[]).includes(type)) {
    return `unknown event type ${JSON.stringify(type)}; expected one of ${COUNTRY_EVENT_TYPES.join(', ')}`;
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
      return null;
    }
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

/** An event may not go back in time: its month is the country's month or later. */
export function isTimely(context: CountryContext, event: { month: Month }): boolean {
  return context.month === null || event.month >= context.month;
}

/** Well formed and not back in time: the common precondition of every guard. */
export function isAdmissible(context: CountryContext, event: CountryEvent): boolean {
  return getPayloadError(event) === null && isTimely(context, event);
}

export function findPresence(context: CountryContext, name: string): Presence | undefined {
  return context.presences.find((p) => p.name === name);
}

export function hasPko(context: CountryContext): boolean {
  return context.presences.some((p) => p.kind === 'pko');
}

export function hasMissionPresence(context: CountryContext): boolean {
  return context.presences.some((p) => isMissionKind(p.kind));
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

export function isNewPresence(context: CountryContext, event: CountryEvent): boolean {
  return event.type === 'DEPLOY' && findPresence(context, event.presence.name) === undefined;
}

export function getDeployKind(event: CountryEvent): Presence['kind'] | undefined {
  return event.type === 'DEPLOY' ? event.presence.kind : undefined;
}

// ---- context changes -------------------------------------------------------------------

function toPresence(input: PresenceInput, month: Month | null): Presence {
  const presence: Presence = { name: input.name, kind: input.kind, since: month ?? '' };
  if (input.mandate !== undefined) presence.mandate = input.mandate;
  if (input.backstop !== undefined) presence.backstop = input.backstop;
  return presence;
}

export function createCountryContext(input: CountryInput): CountryContext {
  const doctrine = input.doctrine ?? DEFAULT_DOCTRINE;
  const month = input.month ?? null;
  const presences = (input.presences ?? []).map((p) => toPresence(p, month));
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
    outgoing: [],
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
    informedOf: { phase, presences: presences.map((p) => p.name), lead },
    services: [],
  };
}

export function withMonth(context: CountryContext, event: CountryEvent): CountryContext {
  return event.month === context.month ? context : { ...context, month: event.month };
}

export function withPresenceAdded(context: CountryContext, event: CountryEvent): CountryContext {
  if (event.type !== 'DEPLOY') return context;
  return { ...context, presences: [...context.presences, toPresence(event.presence, event.month)] };
}

export function withPresenceRemoved(context: CountryContext, event: CountryEvent): CountryContext {
  const name = eventPresenceName(event);
  if (name === undefined) return context;
  return {
    ...context,
    presences: context.presences.filter((p) => p.name !== name),
    outgoing: context.outgoing.filter((n) => n !== name),
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
    presences: context.presences.map((p) => {
      if (p.name !== name) return p;
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

export function withOutgoing(context: CountryContext, names: readonly string[]): CountryContext {
  const outgoing = [...context.outgoing];
  for (const name of names) if (!outgoing.includes(name)) outgoing.push(name);
  return { ...context, outgoing };
}

export function withTransitionCleared(context: CountryContext): CountryContext {
  return {
    ...context,
    outgoing: [],
    transitionCause: null,
    presences: context.presences.map((p) => {
      if (!p.finalMandate) return p;
      const next = { ...p };
      delete next.finalMandate;
      return next;
    }),
  };
}

export function getMissionNames(context: CountryContext): string[] {
  return context.presences.filter((p) => isMissionKind(p.kind)).map((p) => p.name);
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
  const presencesChanged = !samePresenceNames(told.presences, context.presences);
  if (!phaseChanged && !leadChanged && !presencesChanged) return context;
  const { informed: to, month } = context;
  const names = context.presences.map((p) => p.name);
  const fresh: Notice[] = [];
  if (phaseChanged)
    fresh.push({ to, month, subject: 'phase', text: `phase ${told.phase} -> ${phase}` });
  if (presencesChanged) {
    const text = `presences [${told.presences.join(', ')}] -> [${names.join(', ')}]`;
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

function samePresenceNames(told: readonly string[], presences: readonly Presence[]): boolean {
  if (told.length !== presences.length) return false;
  for (let i = 0; i < told.length; i++) if (told[i] !== presences[i]?.name) return false;
  return true;
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
    ...withOutgoing(context, [eventPresenceName(event) ?? '']),
    transitionCause: context.transitionCause ?? 'planned',
  }),
  markAllOutgoing: (context: CountryContext, event: CountryEvent): CountryContext => ({
    ...withOutgoing(
      context,
      event.type === 'FORCED_EXIT' && event.presence !== undefined
        ? [event.presence]
        : getMissionNames(context),
    ),
    transitionCause: event.type === 'FORCED_EXIT' ? event.cause : context.transitionCause,
  }),
  clearTransition: (context: CountryContext) => withTransitionCleared(context),
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
 * records. The lead is derived again because the month may cross into the structure in force
 * (under `historical`, DPA and DPKO until 2018-12); under the other doctrines that changes nothing.
 */
export function recordEvent(
  context: CountryContext,
  event: CountryEvent,
  steps: StepFunctions = STEP_FUNCTIONS,
): CountryContext {
  let next = steps.deriveLead(withServiceRecorded(withMonth(context, event), event));
  if (next !== context && next.lead !== context.lead) {
    next = steps.notifyInformed(next, next.informedOf.phase);
  }
  return steps.journal(next, event);
}

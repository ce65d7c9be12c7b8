/**
 * Pure functions behind the country machine's guards and actions. They take and return plain
 * context objects and never mutate their arguments, so tests can compose variants of them.
 */
import {
  createRegionalTeam,
  getLeadDepartment,
  getOtherDepartment,
  getPhaseForPresences,
  getServiceProvider,
  isCoverageKind,
  isMissionKind,
  isMonth,
  isPresenceKind,
  isService,
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
  return presence;
}

export function createCountryContext(input: CountryInput): CountryContext {
  const doctrine = input.doctrine ?? DEFAULT_DOCTRINE;
  const month = input.month ?? null;
  const presences = (input.presences ?? []).map((p) => toPresence(p, month));
  const lead = getLeadDepartment(doctrine, presences);
  const phase = getPhaseForPresences(presences);
  const team = createRegionalTeam(input.region, input.country);
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

/** Lead follows the doctrine's rule over the active presences; a change is a handover. */
export function withLeadDerived(context: CountryContext): CountryContext {
  const lead = getLeadDepartment(context.doctrine, context.presences);
  if (lead === context.lead && context.informed === getOtherDepartment(lead)) return context;
  const handovers =
    lead === context.lead
      ? context.handovers
      : [...context.handovers, { from: context.lead, to: lead, month: context.month }];
  return { ...context, lead, informed: getOtherDepartment(lead), handovers };
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
 * another order: `presences reordered (2 active)`. The text grows with the change, not with the
 * number of presences (a country with thousands of overlapping presences stays cheap to run).
 */
export function describePresenceChange(told: readonly string[], names: readonly string[]): string {
  const active = `(${names.length} active)`;
  const change = findSimpleChange(told, names) ?? findAnyChange(told, names);
  return change.length === 0 ? `presences reordered ${active}` : `presences ${change} ${active}`;
}

/** One name appended or one removed (what almost every step does), in one pass; else null. */
function findSimpleChange(told: readonly string[], names: readonly string[]): string | null {
  let i = 0;
  while (i < told.length && i < names.length && told[i] === names[i]) i++;
  if (names.length === told.length + 1 && i === told.length) return `+${names[i] as string}`;
  if (names.length !== told.length - 1) return null;
  for (let j = i; j < names.length; j++) if (names[j] !== told[j + 1]) return null;
  return `-${told[i] as string}`;
}

function findAnyChange(told: readonly string[], names: readonly string[]): string {
  const was = new Set(told);
  const is = new Set(names);
  return [
    ...names.filter((n) => !was.has(n)).map((n) => `+${n}`),
    ...told.filter((n) => !is.has(n)).map((n) => `-${n}`),
  ].join(' ');
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
      return `forced exit (${event.cause})`;
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
    ...withOutgoing(context, getMissionNames(context)),
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

/** A step that changes nothing but the month and the case file (and the services it records). */
export function recordEvent(
  context: CountryContext,
  event: CountryEvent,
  steps: StepFunctions = STEP_FUNCTIONS,
): CountryContext {
  return steps.journal(withServiceRecorded(withMonth(context, event), event), event);
}

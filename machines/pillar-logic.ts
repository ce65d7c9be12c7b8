/**
 * Pure functions behind the pillar machine's guards and actions: plain context in, plain context
 * out, never mutating their arguments. No I/O, no clock, no randomness.
 */
import {
  DEFAULT_DOCTRINE,
  isMonth,
  isRegion,
  toSlug,
  toCurrentDepartment,
  type Department,
  type Month,
} from '../src/domain/index.ts';
import { DEFAULT_STRUCTURE, getDivision, getRegionalAsg } from '../src/domain/structure.ts';
import { createCountryContext, getPayloadError } from './country-logic.ts';
import type { CountryEvent, Phase } from './country-types.ts';
import {
  ROUTINE_EVENT_TYPES,
  STRATEGIC_EVENT_TYPES,
  type CountryRecord,
  type CountryRegistration,
  type PillarContext,
  type PillarInput,
  type PillarMessage,
  type Proposal,
  type Usg,
} from './pillar-types.ts';

/** The USG heading a department. */
export function getUsg(department: Department): Usg {
  return department === 'DPO' ? 'USG/DPO' : 'USG/DPPA';
}

/** Id of a country's actor among the pillar's children. */
export function toActorId(country: string): string {
  return `country:${toSlug(country)}`;
}

export function findCountry(context: PillarContext, country: unknown): CountryRecord | undefined {
  return typeof country === 'string'
    ? context.countries.find((c) => c.country === country)
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Why a registration is refused (bad field, unknown region or division, duplicate), or null. */
export function getRegistrationError(context: PillarContext, registration: unknown): string | null {
  if (!isRecord(registration)) return 'REGISTER: expected { country, region, division?, month? }';
  const { country, region, division, month } = registration;
  if (typeof country !== 'string' || country.trim() === '' || country.length > 200) {
    return 'REGISTER.country must be a non-empty name';
  }
  if (!isRegion(region) || getRegionalAsg(context.structure, region) === undefined) {
    const known = context.structure.regions.map((r) => r.region).join(', ');
    return `REGISTER.region must be a region of the structure (${known}), got ${JSON.stringify(region)}`;
  }
  if (
    division !== undefined &&
    (typeof division !== 'string' || !getDivision(context.structure, region, division))
  ) {
    return `REGISTER.division ${JSON.stringify(division)} is not a division of ${region}`;
  }
  if (month !== undefined && !isMonth(month)) return 'REGISTER.month must be a month YYYY-MM';
  if (toSlug(country) === '') return 'REGISTER.country must contain a letter or digit';
  const id = toActorId(country);
  const clash = context.countries.find((c) => c.actorId === id);
  if (clash) return `REGISTER: ${clash.country} is already registered (team ${clash.team.id})`;
  return null;
}

/** The country actor's input for a registration. */
export function toCountryInput(context: PillarContext, registration: CountryRegistration) {
  return {
    country: registration.country,
    region: registration.region,
    doctrine: context.doctrine,
    ...(registration.month === undefined ? {} : { month: registration.month }),
  };
}

/** Adds a country to the registry and to its regional ASG's portfolio. */
export function withCountryRegistered(
  context: PillarContext,
  registration: CountryRegistration,
): PillarContext {
  const initial = createCountryContext(toCountryInput(context, registration));
  const asg = getRegionalAsg(context.structure, registration.region)?.asg ?? initial.team.asg;
  const record: CountryRecord = {
    country: registration.country,
    region: registration.region,
    division: registration.division ?? null,
    team: initial.team,
    asg,
    actorId: toActorId(registration.country),
    month: initial.month,
    phase: 'nonMission',
    lead: toCurrentDepartment(initial.lead),
    informed: toCurrentDepartment(initial.informed),
    handovers: 0,
    caseFile: initial.caseFile.length,
  };
  return {
    ...context,
    countries: [...context.countries, record],
    portfolios: context.portfolios.map((p) =>
      p.region === record.region ? { ...p, countries: [...p.countries, record.country] } : p,
    ),
  };
}

/** The registrations of an input that would be accepted, in order (later duplicates dropped). */
export function getAcceptedRegistrations(
  context: PillarContext,
  registrations: readonly CountryRegistration[],
): CountryRegistration[] {
  const accepted: CountryRegistration[] = [];
  let ctx = context;
  for (const r of registrations) {
    if (getRegistrationError(ctx, r) !== null) continue;
    accepted.push(r);
    ctx = withCountryRegistered(ctx, r);
  }
  return accepted;
}

/** The pillar's context at creation: the structure, empty records, the countries of the input. */
export function createPillarContext(input: PillarInput = {}): PillarContext {
  const structure = input.structure ?? DEFAULT_STRUCTURE;
  const empty: PillarContext = {
    structure,
    doctrine: input.doctrine ?? DEFAULT_DOCTRINE,
    autoDecide: input.autoDecide ?? true,
    countries: [],
    portfolios: structure.regions.map((r) => ({ region: r.region, asg: r.asg, countries: [] })),
    proposals: [],
    decisions: [],
    forwarded: [],
    messages: [],
    inboxes: { 'USG/DPPA': [], 'USG/DPO': [] },
    tick: 0,
  };
  return getAcceptedRegistrations(empty, input.countries ?? []).reduce(
    withCountryRegistered,
    empty,
  );
}

export function isStrategicEvent(event: unknown): boolean {
  return isRecord(event) && (STRATEGIC_EVENT_TYPES as readonly unknown[]).includes(event.type);
}

export function isRoutineEvent(event: unknown): boolean {
  return isRecord(event) && (ROUTINE_EVENT_TYPES as readonly unknown[]).includes(event.type);
}

/** A forward is waiting for the country actor's answer. */
export function hasPendingForward(context: PillarContext): boolean {
  return context.forwarded.some((f) => f.status === 'pending');
}

/**
 * Why `event` (PROPOSE or COUNTRY) is refused before it reaches the SPG or the country: unknown
 * country, malformed country event, or the wrong route for its kind. Null when it may proceed.
 */
export function getRouteError(context: PillarContext, event: unknown): string | null {
  if (!isRecord(event)) return 'an event must be an object with a `type`';
  const type = event.type;
  if (type !== 'PROPOSE' && type !== 'COUNTRY') return `${String(type)} is not routed to a country`;
  if (!findCountry(context, event.country)) {
    return `${type}: unknown country ${JSON.stringify(event.country)}; REGISTER it first`;
  }
  const payload = getPayloadError(event.event);
  if (payload !== null) return `${type}: ${payload}`;
  const countryEvent = event.event as CountryEvent;
  if (type === 'PROPOSE' && !isStrategicEvent(countryEvent)) {
    return `PROPOSE: ${countryEvent.type} is routine; send it as COUNTRY`;
  }
  if (type === 'COUNTRY' && !isRoutineEvent(countryEvent)) {
    return `COUNTRY: ${countryEvent.type} may change presences or lead; PROPOSE it to the SPG`;
  }
  if (hasPendingForward(context)) return `${type}: a country event is still being settled`;
  return null;
}

/** Records a pending proposal. */
export function withProposal(
  context: PillarContext,
  country: string,
  event: CountryEvent,
): PillarContext {
  const proposal: Proposal = {
    seq: context.proposals.length + 1,
    tick: context.tick + 1,
    country,
    event,
    status: 'pending',
  };
  return { ...context, proposals: [...context.proposals, proposal], tick: proposal.tick };
}

/** The oldest proposal still waiting for the SPG. */
export function getPendingProposal(context: PillarContext): Proposal | undefined {
  return context.proposals.find((p) => p.status === 'pending');
}

export function isPendingProposal(context: PillarContext, seq: unknown): boolean {
  return context.proposals.some((p) => p.seq === seq && p.status === 'pending');
}

/**
 * The SPG's default policy: endorse, unless the proposal is dated before what the pillar already
 * knows of the country (it would rewrite history). Returns the reason for the decision.
 */
export function getDefaultPolicy(
  context: PillarContext,
  proposal: Proposal,
): { endorse: boolean; reason: string } {
  const record = findCountry(context, proposal.country);
  if (record?.month != null && proposal.event.month < record.month) {
    return {
      endorse: false,
      reason: `dated ${proposal.event.month}, before ${proposal.country}'s current month ${record.month}`,
    };
  }
  return { endorse: true, reason: 'endorsed by policy' };
}

/** Records the SPG's decision on proposal `seq`. */
export function withDecision(
  context: PillarContext,
  seq: number,
  decision: 'endorsed' | 'sent-back',
  reason: string,
): PillarContext {
  const proposal = context.proposals.find((p) => p.seq === seq);
  if (!proposal || proposal.status !== 'pending') return context;
  const tick = context.tick + 1;
  return {
    ...context,
    tick,
    proposals: context.proposals.map((p) => (p.seq === seq ? { ...p, status: decision } : p)),
    decisions: [
      ...context.decisions,
      {
        seq: context.decisions.length + 1,
        tick,
        proposal: seq,
        country: proposal.country,
        month: proposal.event.month,
        eventType: proposal.event.type,
        decision,
        reason,
      },
    ],
  };
}

/** Records an event on its way to a country actor (settled by `withSettled`). */
export function withForward(
  context: PillarContext,
  country: string,
  event: CountryEvent,
  proposal: number | null,
): PillarContext {
  const record = findCountry(context, country);
  if (!record) return context;
  const tick = context.tick + 1;
  return {
    ...context,
    tick,
    forwarded: [
      ...context.forwarded,
      {
        seq: context.forwarded.length + 1,
        tick,
        country,
        event,
        proposal,
        status: 'pending',
        leadBefore: record.lead,
        leadAfter: null,
        report: null,
      },
    ],
  };
}

/** What the pillar reads of a country actor once it has taken (or refused) an event. */
export interface CountryView {
  phase: Phase;
  month: Month | null;
  lead: Department;
  informed: Department;
  handovers: number;
  caseFile: number;
  /** Text of the latest case file entry. */
  lastEntry: string;
}

/** A report of the country's regional ASG to the lead USG, copied to the other. */
export function withReport(
  context: PillarContext,
  country: string,
  month: Month | null,
  subject: string,
  text: string,
): PillarContext {
  const record = findCountry(context, country);
  if (!record) return context;
  const tick = context.tick + 1;
  const message: PillarMessage = {
    seq: context.messages.length + 1,
    from: record.asg,
    to: getUsg(record.lead),
    cc: getUsg(record.informed),
    country,
    month,
    subject,
    text,
  };
  return {
    ...context,
    tick,
    messages: [...context.messages, message],
    inboxes: {
      ...context.inboxes,
      [message.to]: [...context.inboxes[message.to], message],
      [message.cc]: [...context.inboxes[message.cc], message],
    },
  };
}

/**
 * Closes the pending forward for `country` with what its actor now shows: a taken event updates
 * the mirror and is reported by the regional ASG; a refused one is only recorded.
 */
export function withSettled(
  context: PillarContext,
  country: string,
  view: CountryView,
): PillarContext {
  const pending = context.forwarded.find((f) => f.country === country && f.status === 'pending');
  const record = findCountry(context, country);
  if (!pending || !record) return context;
  const taken = view.caseFile > record.caseFile;
  const settled = {
    ...pending,
    status: taken ? ('taken' as const) : ('refused' as const),
    leadAfter: view.lead,
  };
  let next: PillarContext = {
    ...context,
    forwarded: context.forwarded.map((f) => (f.seq === pending.seq ? settled : f)),
  };
  if (!taken) return next;
  next = {
    ...next,
    countries: next.countries.map((c) =>
      c.country === country
        ? {
            ...c,
            phase: view.phase,
            month: view.month,
            lead: view.lead,
            informed: view.informed,
            handovers: view.handovers,
            caseFile: view.caseFile,
          }
        : c,
    ),
  };
  const leadNote =
    pending.leadBefore === view.lead
      ? `lead ${view.lead}`
      : `lead handed over ${pending.leadBefore} -> ${view.lead}`;
  next = withReport(
    next,
    country,
    view.month,
    pending.event.type,
    `${view.lastEntry}; phase ${view.phase}; ${leadNote}`,
  );
  const report = next.messages.length;
  return {
    ...next,
    forwarded: next.forwarded.map((f) => (f.seq === pending.seq ? { ...f, report } : f)),
  };
}

/** Why an ad hoc REPORT is refused, or null. */
export function getReportError(context: PillarContext, event: unknown): string | null {
  if (!isRecord(event)) return 'REPORT: expected { country, month, text }';
  if (!findCountry(context, event.country)) {
    return `REPORT: unknown country ${JSON.stringify(event.country)}`;
  }
  if (!isMonth(event.month)) return 'REPORT.month must be a month YYYY-MM';
  if (typeof event.text !== 'string' || event.text.trim() === '') return 'REPORT.text must be text';
  if (event.subject !== undefined && typeof event.subject !== 'string')
    return 'REPORT.subject must be text';
  return null;
}

import type { CountryEvent, CountryEventType, Phase } from './country-types.ts';
import type { Department, Doctrine, Month, Region, RegionalTeam } from '../src/domain/index.ts';
import type { PillarStructure } from '../src/domain/structure.ts';

/** The two Under-Secretaries-General the regional ASGs report to (note 2017, paragraph 9). */
export const USGS = ['USG/DPPA', 'USG/DPO'] as const;
export type Usg = (typeof USGS)[number];

/**
 * Country events that change presences or phase, so may start a transition, deploy a mission or
 * hand the lead over: they go to the Standing Principals' Group as proposals.
 */
export const STRATEGIC_EVENT_TYPES = [
  'DEPLOY',
  'BEGIN_TRANSITION',
  'WITHDRAW',
  'FORCED_EXIT',
  'COMPLETE_HANDOVER',
  'RELAPSE',
] as const satisfies readonly CountryEventType[];

/** Country events the regional ASG forwards without the SPG: they never change presences. */
export const ROUTINE_EVENT_TYPES = [
  'RENEW_MANDATE',
  'FINAL_MANDATE',
  'DRAWDOWN',
  'ENGAGE_PREVENTION',
  'STAND_DOWN',
  'REQUEST_SERVICE',
  // Tasks (issue 12): a plan and each handover move tasks, never presences or the lead.
  'ADOPT_PLAN',
  'HAND_OVER_TASK',
] as const satisfies readonly CountryEventType[];

/** A report of a regional ASG: to the lead USG, copied to the other (dual reporting). */
export interface PillarMessage {
  seq: number;
  from: string;
  to: Usg;
  cc: Usg;
  country: string;
  month: Month | null;
  subject: string;
  text: string;
}

/**
 * A country as the pillar knows it: registration (region, division, team, ASG) and a mirror of
 * its actor after the last event the pillar forwarded.
 */
export interface CountryRecord {
  country: string;
  region: Region;
  division: string | null;
  team: RegionalTeam;
  /** The regional ASG responsible for the country. */
  asg: string;
  /** Id of the country actor among the pillar's children. */
  actorId: string;
  month: Month | null;
  phase: Phase;
  lead: Department;
  informed: Department;
  handovers: number;
  caseFile: number;
}

export type ProposalStatus = 'pending' | 'endorsed' | 'sent-back';

/** A country event put to the Standing Principals' Group. */
export interface Proposal {
  seq: number;
  /** Logical time: the pillar's count of recorded acts when it was made. */
  tick: number;
  country: string;
  event: CountryEvent;
  status: ProposalStatus;
}

/** A decision of the Standing Principals' Group, kept for the record. */
export interface SpgDecision {
  seq: number;
  tick: number;
  proposal: number;
  country: string;
  month: Month;
  eventType: CountryEventType;
  decision: 'endorsed' | 'sent-back';
  reason: string;
}

/** An event the pillar passed to a country actor, and what came of it. */
export interface ForwardRecord {
  seq: number;
  tick: number;
  country: string;
  event: CountryEvent;
  /** The endorsed proposal it came from; null for a routine event. */
  proposal: number | null;
  status: 'pending' | 'taken' | 'refused';
  leadBefore: Department;
  leadAfter: Department | null;
  /** The report filed after it, if the country took it. */
  report: number | null;
}

/** The countries one regional ASG is responsible for, in order of registration. */
export interface AsgPortfolio {
  region: Region;
  asg: string;
  countries: string[];
}

export interface PillarContext {
  structure: PillarStructure;
  doctrine: Doctrine;
  /** When true the SPG decides by its policy (the `endorse` guard) as soon as a proposal arrives. */
  autoDecide: boolean;
  countries: CountryRecord[];
  portfolios: AsgPortfolio[];
  proposals: Proposal[];
  decisions: SpgDecision[];
  forwarded: ForwardRecord[];
  messages: PillarMessage[];
  inboxes: Record<Usg, PillarMessage[]>;
  /** Logical clock: one tick per recorded act (proposal, decision, forward, report). */
  tick: number;
}

/** A country to register, at creation or with a REGISTER event. */
export interface CountryRegistration {
  country: string;
  region: Region;
  division?: string;
  /** The month the country's case file opens. */
  month?: Month;
}

export interface PillarInput {
  structure?: PillarStructure;
  doctrine?: Doctrine;
  autoDecide?: boolean;
  countries?: CountryRegistration[];
}

export type PillarEvent =
  | ({ type: 'REGISTER' } & CountryRegistration)
  | { type: 'PROPOSE'; country: string; event: CountryEvent }
  | { type: 'ENDORSE'; proposal: number; reason?: string }
  | { type: 'SEND_BACK'; proposal: number; reason: string }
  | { type: 'COUNTRY'; country: string; event: CountryEvent }
  | { type: 'REPORT'; country: string; month: Month; text: string; subject?: string }
  | { type: 'COUNTRY.SETTLE'; country: string };

export type PillarEventType = PillarEvent['type'];

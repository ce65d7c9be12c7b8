import type {
  Backstop,
  CountryTeam,
  LeadDepartment,
  Doctrine,
  ExitCause,
  Month,
  NameList,
  OrphanCause,
  PresenceKind,
  PresenceList,
  Receiver,
  Region,
  RegionalTeam,
  Service,
  ServiceProvider,
  Task,
  TransitionCause,
} from '../src/domain/index.ts';

/** Top-level phases of a country's life, with the names of the note. */
export const PHASES = [
  'nonMission',
  'specialPoliticalMission',
  'peacekeeping',
  'transition',
] as const;
export type Phase = (typeof PHASES)[number];

// The causes of a transition and of an orphaned task are domain facts, listed once there.
export {
  EXIT_CAUSES,
  ORPHAN_CAUSES,
  TRANSITION_CAUSES,
  type ExitCause,
  type OrphanCause,
  type TransitionCause,
} from '../src/domain/index.ts';

export interface PresenceInput {
  name: string;
  kind: PresenceKind;
  mandate?: string;
  /** Before 2019-01, the department that directed it (default DPKO for pko, else DPA). */
  backstop?: Backstop;
  /** Its mandated tasks (missions only). */
  tasks?: Task[];
}

/** A task that went to a receiver (issue 12): `to` is a receiver kind or a presence's name. */
export interface TaskHandover {
  at: Month | null;
  presence: string;
  task: Task;
  to: Receiver;
}

/** A task left with no receiver when its presence was withdrawn. */
export interface OrphanedTask {
  at: Month | null;
  presence: string;
  task: Task;
  cause: OrphanCause;
}

/** A task of a presence already withdrawn in a planned transition, still waiting for its receiver. */
export interface PendingTask {
  presence: string;
  task: Task;
}

/** A transition plan as adopted, kept in the record. */
export interface AdoptedPlan {
  at: Month | null;
  presence: string;
  gender: boolean;
  receivers: Partial<Record<Task, Receiver>>;
}

/** One entry of the case file: an append-only journal of what happened to the country. */
export interface CaseEntry {
  seq: number;
  month: Month | null;
  event: string;
  text: string;
}

/** A change of lead department, recorded at the month it took effect. */
export interface Handover {
  from: LeadDepartment;
  to: LeadDepartment;
  month: Month | null;
}

export type NoticeSubject = 'phase' | 'presence' | 'lead';

/** A notice to the informed department (dual reporting, note 2017 paragraph 9). */
export interface Notice {
  to: LeadDepartment;
  month: Month | null;
  subject: NoticeSubject;
  text: string;
}

export interface ServiceRecord {
  service: Service;
  month: Month | null;
  provider: ServiceProvider;
}

/** What the informed department was last told: the basis for the next notices. */
export interface InformedOf {
  phase: Phase;
  /** The names of the presences it was told are active, in order (JSON: a list of names). */
  presences: NameList;
  lead: LeadDepartment;
}

export interface CountryContext {
  country: string;
  region: Region;
  doctrine: Doctrine;
  /**
   * The team that holds the country: the regional ASG team, fixed at creation; under `historical`
   * before 2019-01, the lead department's own team, which changes with the line of the lead.
   */
  team: RegionalTeam;
  /** Teams are tailored to mission or non-mission work; the tailoring may change, the team not. */
  teamTailoring: 'mission' | 'non-mission';
  /** The latest month an accepted event carried. */
  month: Month | null;
  /**
   * The active presences, in the order they arrived (JSON: a list of presences). A persistent
   * list: a step that changes one presence costs O(log n), however many are active (issue 14).
   */
  presences: PresenceList;
  lead: LeadDepartment;
  informed: LeadDepartment;
  /** Presences being drawn down in the current transition, in the order they began to leave. */
  outgoing: NameList;
  transitionCause: TransitionCause | null;
  caseFile: CaseEntry[];
  handovers: Handover[];
  notices: Notice[];
  informedOf: InformedOf;
  services: ServiceRecord[];
  /** The UN country team under the Resident Coordinator; null: none in this country. */
  countryTeam: CountryTeam | null;
  /** Every transition plan adopted, in order. */
  plans: AdoptedPlan[];
  /** Every task handed over, in order. */
  taskHandovers: TaskHandover[];
  /** Every task left with no receiver, in order. */
  orphanedTasks: OrphanedTask[];
  /** Tasks of presences withdrawn in a planned transition not yet received. */
  pendingTasks: PendingTask[];
}

export interface CountryInput {
  country: string;
  region: Region;
  doctrine?: Doctrine;
  /** The month the case file opens. */
  month?: Month;
  /** Presences already active at creation. */
  presences?: PresenceInput[];
  /**
   * The UN country team: present from the start unless `false`; `since`/`until` bound it, and its
   * Resident Coordinator is named where known.
   */
  countryTeam?: false | { since?: Month; until?: Month; residentCoordinator?: string };
}

export type CountryEvent =
  | { type: 'DEPLOY'; month: Month; presence: PresenceInput }
  | { type: 'RENEW_MANDATE'; month: Month; presence: string; mandate?: string }
  | { type: 'FINAL_MANDATE'; month: Month; presence: string }
  | { type: 'BEGIN_TRANSITION'; month: Month; presence: string }
  | { type: 'DRAWDOWN'; month: Month; presence: string }
  | { type: 'WITHDRAW'; month: Month; presence: string }
  | { type: 'COMPLETE_HANDOVER'; month: Month }
  | { type: 'RELAPSE'; month: Month; reason?: string }
  | { type: 'FORCED_EXIT'; month: Month; cause: ExitCause; presence?: string }
  | { type: 'ENGAGE_PREVENTION'; month: Month }
  | { type: 'STAND_DOWN'; month: Month }
  | { type: 'REQUEST_SERVICE'; month: Month; service: Service }
  /** A transition plan for an outgoing presence: a receiver for each of its tasks, and its WPS element. */
  | {
      type: 'ADOPT_PLAN';
      month: Month;
      presence: string;
      handover: Partial<Record<Task, Receiver>>;
      gender: boolean;
    }
  /** One task of an outgoing (or already withdrawn) presence goes to its receiver. */
  | { type: 'HAND_OVER_TASK'; month: Month; presence: string; task: Task; to: Receiver }
  /** The restructured pillar enters into force (1 January 2019): the lead follows the new rule. */
  | { type: 'RESTRUCTURE'; month: Month };

export type CountryEventType = CountryEvent['type'];

export const COUNTRY_EVENT_TYPES: readonly CountryEventType[] = [
  'DEPLOY',
  'RENEW_MANDATE',
  'FINAL_MANDATE',
  'BEGIN_TRANSITION',
  'DRAWDOWN',
  'WITHDRAW',
  'COMPLETE_HANDOVER',
  'RELAPSE',
  'FORCED_EXIT',
  'ENGAGE_PREVENTION',
  'STAND_DOWN',
  'REQUEST_SERVICE',
  'RESTRUCTURE',
  'ADOPT_PLAN',
  'HAND_OVER_TASK',
];

import type {
  Backstop,
  Receiver,
  Task,
  Doctrine,
  Month,
  PresenceExit,
  PresenceKind,
  Region,
} from '../domain/index.ts';

/** A dated decision behind a presence's months (a resolution or a report, with what it decided). */
export interface ScenarioDecision {
  at: Month;
  ref: string;
  what: string;
}

/** Where a task goes when its presence leaves: a receiver, with the month when it is not the withdrawal's. */
export type ScenarioHandover = Receiver | { to: Receiver; at?: Month };

/** The presence's transition plan: its WPS / gender element, and when it was adopted. */
export interface ScenarioTransitionPlan {
  gender: boolean;
  /** Default: the month transition planning began. */
  adopted?: Month;
}

/** The UN country team, when the scenario says more than "present throughout". */
export interface ScenarioCountryTeam {
  since?: Month;
  until?: Month;
  residentCoordinator?: string;
  sources?: string[];
}

/** One presence of a scenario file (DESIGN.md, "Contracts users rely on"). */
export interface ScenarioPresence {
  name: string;
  kind: PresenceKind;
  /** First month active. */
  from: Month;
  /** Last month active, inclusive; absent = ongoing to the scenario's end. */
  to?: Month;
  mandate?: string;
  title?: string;
  confidence?: 'high' | 'medium' | 'low';
  sources?: string[];
  notes?: string;
  /** Months before `to` at which the Council's final mandate is decided (default 12). */
  transitionLead?: number;
  /** Before 2019-01, the department that directed the presence (default DPKO for pko, else DPA). */
  backstop?: Backstop;
  /** The month the final mandate was decided. */
  finalMandate?: Month;
  /** The month transition planning began. */
  transitionFrom?: Month;
  /** The month the drawdown began. */
  drawdownFrom?: Month;
  /** How the presence ended. */
  exit?: PresenceExit;
  /** The month the decision to end it was taken (a forced exit's drawdown starts then). */
  exitDecided?: Month;
  /** The record behind the months above. */
  decisions?: ScenarioDecision[];
  /** Its mandated tasks (missions only). */
  tasks?: Task[];
  /** Task -> receiver when the presence leaves. */
  handover?: Partial<Record<Task, ScenarioHandover>>;
  /** The transition plan. */
  plan?: ScenarioTransitionPlan;
  /** Assessed budget, USD millions per year. */
  budget?: number;
  /** Where the tasks, receivers, plan and budget come from. */
  taskSources?: string[];
}

/** A country history as a scenario file holds it, after validation. */
export interface Scenario {
  country: string;
  iso3?: string;
  region: Region;
  regionConfidence?: 'high' | 'medium' | 'low';
  doctrine?: Doctrine;
  start?: Month;
  end?: Month;
  /** The UN country team: present throughout unless `false` or bounded here. */
  countryTeam?: false | ScenarioCountryTeam;
  presences: ScenarioPresence[];
}

import type { Doctrine, Month, PresenceKind, Region } from '../domain/index.ts';

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
  /** Before 2019-01, the department that directed the presence. */
  backstop?: 'DPA' | 'DPKO';
  /** The Council (or Assembly) decided this mandate is the last. */
  finalMandate?: Month;
  /** Transition planning began. */
  transitionFrom?: Month;
  /** Drawdown began. */
  drawdownFrom?: Month;
  /** How the presence ended. */
  exit?:
    'completed' | 'replaced' | 'host-consent-withdrawn' | 'council-veto' | 'council-terminated';
  /** The decision to end it (forced exits). */
  exitDecided?: Month;
  /** The record behind the months above. */
  decisions?: { at: Month; ref: string; what: string }[];
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
  presences: ScenarioPresence[];
}

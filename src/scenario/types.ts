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

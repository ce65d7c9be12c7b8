import { toMonthIndex, type Month } from './months.ts';
import type { Backstop, Department, LeadDepartment } from './departments.ts';
import { createRegionalTeam, type Region, type RegionalTeam } from './regions.ts';
import { PresenceList } from './presence-list.ts';
import { PRESENCE_KINDS, getBackstop, type PresenceKind } from './presences.ts';

/**
 * The lead rules. `note-2017` and `adopted-2019` are the counterfactuals the note and the
 * adoption describe: one department per kind of presence, whatever the month. `historical` is the
 * arrangement in force: DPA or DPKO by each presence's backstop before 2019-01, each with its own
 * team for the country; from 2019-01 the adopted rule with the shared regional team.
 */
export const DOCTRINES = ['note-2017', 'adopted-2019', 'historical'] as const;
export type Doctrine = (typeof DOCTRINES)[number];

/** The two doctrines that apply one rule to every month: what history is compared against. */
export const COUNTERFACTUAL_DOCTRINES = ['note-2017', 'adopted-2019'] as const;
export type CounterfactualDoctrine = (typeof COUNTERFACTUAL_DOCTRINES)[number];

/** The machine's default when nothing names a doctrine. */
export const DEFAULT_DOCTRINE: Doctrine = 'note-2017';

/** The default for real histories (replay, compare, portfolio, timeline): as it happened. */
export const HISTORY_DOCTRINE: Doctrine = 'historical';

/** The month the restructured pillar entered into force (GA resolution 72/262 C). */
export const REFORM_MONTH: Month = '2019-01';

export interface DoctrineInfo {
  id: Doctrine;
  title: string;
  source: string;
  /** The department that supports each kind (under `historical`, from 2019-01). */
  supportedBy: Record<PresenceKind, Department>;
  /** Before 2019-01, lead by each presence's backstop (only `historical`). */
  backstopBefore?: Month;
}

const ADOPTED: Record<PresenceKind, Department> = {
  pko: 'DPO',
  'spm-field': 'DPPA',
  'spm-regional-office': 'DPPA',
  'spm-envoy': 'DPPA',
  'spm-political-process': 'DPPA',
};

export const DOCTRINE_TABLE: Record<Doctrine, DoctrineInfo> = {
  'note-2017': {
    id: 'note-2017',
    title: 'As proposed in the note: DPO leads where a pko or a field-based SPM is active',
    source: "Secretary-General's note of 11 September 2017, paragraph 8 b) and footnote 1",
    supportedBy: {
      pko: 'DPO',
      'spm-field': 'DPO',
      'spm-regional-office': 'DPPA',
      'spm-envoy': 'DPPA',
      'spm-political-process': 'DPPA',
    },
  },
  'adopted-2019': {
    id: 'adopted-2019',
    title: 'As adopted on 1 January 2019: DPO leads only where a pko is active',
    source: 'GA resolution 72/262 C (5 July 2018); structure in force 1 January 2019',
    supportedBy: ADOPTED,
  },
  historical: {
    id: 'historical',
    title:
      'As it happened: before 2019-01 DPKO leads where an active presence has backstop DPKO, else DPA, each with its own team; from 2019-01 as adopted',
    source:
      'DPA and DPKO until 31 December 2018; GA resolution 72/262 C (5 July 2018), in force 1 January 2019',
    supportedBy: ADOPTED,
    backstopBefore: REFORM_MONTH,
  },
};

export function isDoctrine(value: unknown): value is Doctrine {
  return typeof value === 'string' && (DOCTRINES as readonly string[]).includes(value);
}

/**
 * Whether `month` falls in the pre-2019 era of `doctrine` (DPA and DPKO, each with its own team).
 * A country without a month yet is taken to be in the structure in force.
 */
export function isBackstopEra(doctrine: Doctrine, month: Month | null | undefined): boolean {
  const before = DOCTRINE_TABLE[doctrine].backstopBefore;
  return before !== undefined && month != null && toMonthIndex(month) < toMonthIndex(before);
}

/**
 * The country lead rule (DOMAIN.md): DPO if any active presence is of a kind the doctrine gives
 * to DPO, otherwise DPPA (which also leads in non-mission settings). Under `historical` before
 * 2019-01: DPKO if any active presence has backstop DPKO, otherwise DPA.
 */
export function getLeadDepartment(
  doctrine: Doctrine,
  presences: readonly { kind: PresenceKind; backstop?: Backstop }[] | PresenceList,
  month?: Month | null,
): LeadDepartment {
  if (isBackstopEra(doctrine, month)) {
    if (presences instanceof PresenceList)
      return presences.countBackstop('DPKO') > 0 ? 'DPKO' : 'DPA';
    return presences.some((p) => getBackstop(p) === 'DPKO') ? 'DPKO' : 'DPA';
  }
  const table = DOCTRINE_TABLE[doctrine].supportedBy;
  if (presences instanceof PresenceList) {
    // The list counts its presences by kind: O(kinds), not O(presences).
    return PRESENCE_KINDS.some((k) => table[k] === 'DPO' && presences.count(k) > 0)
      ? 'DPO'
      : 'DPPA';
  }
  return presences.some((p) => table[p.kind] === 'DPO') ? 'DPO' : 'DPPA';
}

/** The departments that can lead in `month` under `doctrine`. */
export function getEraDepartments(
  doctrine: Doctrine,
  month: Month | null | undefined,
): readonly LeadDepartment[] {
  return isBackstopEra(doctrine, month) ? BACKSTOP_ERA : STRUCTURE_IN_FORCE;
}

const BACKSTOP_ERA: readonly LeadDepartment[] = ['DPA', 'DPKO'];
const STRUCTURE_IN_FORCE: readonly LeadDepartment[] = ['DPPA', 'DPO'];

/**
 * The team that holds the country: the shared regional team, except under `historical` before
 * 2019-01, when each department worked the country through its own team (DPA's regional division,
 * DPKO's Office of Operations) and the lead department's team held it.
 */
export function getCountryTeam(
  doctrine: Doctrine,
  region: Region,
  country: string,
  lead: LeadDepartment,
  month: Month | null | undefined,
): RegionalTeam {
  const shared = createRegionalTeam(region, country);
  if (!isBackstopEra(doctrine, month)) return shared;
  const unit = lead === 'DPKO' ? 'DPKO Office of Operations' : 'DPA regional division';
  return { id: `${lead.toLowerCase()}/${shared.id}`, region, asg: unit };
}

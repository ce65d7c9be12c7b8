import type { Backstop } from './departments.ts';
import type { Receiver, Task } from './tasks.ts';

/** Kinds of UN presence in a country (DOMAIN.md, "Kinds of presence"). */
export const PRESENCE_KINDS = [
  'pko',
  'spm-field',
  'spm-regional-office',
  'spm-envoy',
  'spm-political-process',
] as const;
export type PresenceKind = (typeof PRESENCE_KINDS)[number];

export const PRESENCE_KIND_LABELS: Record<PresenceKind, string> = {
  pko: 'peacekeeping operation',
  'spm-field': 'field-based special political mission',
  'spm-regional-office': 'regional office',
  'spm-envoy': "special or personal envoy's office",
  'spm-political-process': 'office in support of a political process',
};

/** How a presence ended (scenario field `exit`). */
export const PRESENCE_EXITS = [
  'completed',
  'replaced',
  'host-consent-withdrawn',
  'council-veto',
  'council-terminated',
] as const;
export type PresenceExit = (typeof PRESENCE_EXITS)[number];

/** The exits that were forced on the presence rather than planned. */
export const FORCED_EXITS = [
  'host-consent-withdrawn',
  'council-veto',
  'council-terminated',
] as const;
export type ForcedExit = (typeof FORCED_EXITS)[number];

/**
 * Why a country's transition began, when forced and compressed: the forced exits of a presence,
 * and the collapse of the host state (what a country can suffer that a presence's record names
 * only as its end).
 */
export const EXIT_CAUSES = [...FORCED_EXITS, 'collapse'] as const;
export type ExitCause = (typeof EXIT_CAUSES)[number];

/** Why a transition began: planned, or one of the forced exits' causes. */
export const TRANSITION_CAUSES = ['planned', ...EXIT_CAUSES] as const;
export type TransitionCause = (typeof TRANSITION_CAUSES)[number];

/** Why a task was left with no receiver: a forced exit's cause, or a reversed transition. */
export const ORPHAN_CAUSES = [...EXIT_CAUSES, 'relapse'] as const;
export type OrphanCause = (typeof ORPHAN_CAUSES)[number];

export function isForcedExit(exit: unknown): exit is ForcedExit {
  return typeof exit === 'string' && (FORCED_EXITS as readonly string[]).includes(exit);
}

/** A presence's transition plan (issue 12): a receiver for every task, and its WPS element. */
export interface TaskPlan {
  /** The month the plan was adopted. */
  month: string | null;
  /** The plan names a women, peace and security / gender element (note 2017, paragraph 12). */
  gender: boolean;
  /** Task -> receiver. */
  receivers: Partial<Record<Task, Receiver>>;
}

/** A presence active in a country, as the machine keeps it. */
export interface Presence {
  name: string;
  kind: PresenceKind;
  /** First month active, YYYY-MM. */
  since: string;
  mandate?: string;
  /** Before 2019-01, the department that directed it (default: DPKO for pko, DPA otherwise). */
  backstop?: 'DPA' | 'DPKO';
  /** Set once the Security Council has decided a final mandate. */
  finalMandate?: boolean;
  /** The mandated tasks the presence holds now (absent: none recorded). */
  tasks?: Task[];
  /** The transition plan adopted for it in the current transition. */
  plan?: TaskPlan;
  /** Why it is leaving, while it is outgoing: `planned`, or the forced exit's cause. */
  exitCause?: TransitionCause;
}

export function isPresenceKind(value: unknown): value is PresenceKind {
  return typeof value === 'string' && (PRESENCE_KINDS as readonly string[]).includes(value);
}

/**
 * A regional office covers several countries from outside; for one country it is coverage, not a
 * mission: the country stays in a non-mission setting and the office may open or close in any phase.
 */
export function isCoverageKind(kind: PresenceKind): boolean {
  return kind === 'spm-regional-office';
}

/** Presences that make a country a mission setting. */
export function isMissionKind(kind: PresenceKind): boolean {
  return !isCoverageKind(kind);
}

/** A list that counts its presences by kind (PresenceList). */
export interface PresenceCounts {
  count(kind: PresenceKind): number;
  readonly missionCount: number;
}

export type MissionPhase = 'nonMission' | 'specialPoliticalMission' | 'peacekeeping';

/** The phase a set of active presences calls for, outside a transition. */
export function getPhaseForPresences(
  presences: readonly { kind: PresenceKind }[] | PresenceCounts,
): MissionPhase {
  if ('count' in presences) {
    if (presences.count('pko') > 0) return 'peacekeeping';
    return presences.missionCount > 0 ? 'specialPoliticalMission' : 'nonMission';
  }
  if (presences.some((p) => p.kind === 'pko')) return 'peacekeeping';
  if (presences.some((p) => isMissionKind(p.kind))) return 'specialPoliticalMission';
  return 'nonMission';
}

/** The department that directed a presence before 2019-01: its `backstop`, else by kind. */
export function getBackstop(presence: { kind: PresenceKind; backstop?: Backstop }): Backstop {
  return presence.backstop ?? (presence.kind === 'pko' ? 'DPKO' : 'DPA');
}

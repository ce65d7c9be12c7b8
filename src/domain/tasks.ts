/**
 * Mandated tasks of a mission and who receives them when it leaves (issue 12). A transition, in
 * UN practice (2013 policy on UN transitions, the Secretary-General's 2019 planning directive,
 * Security Council resolution 2594 (2021)), is the handover of a mission's tasks to those who
 * stay: the UN country team under the Resident Coordinator, the host government, a successor
 * presence or a regional organisation.
 */
import type { ServiceProvider } from './services.ts';
import { SERVICE_PROVIDERS } from './services.ts';

/** The task vocabulary: one list, used by scenario files, the machine and the dataset. */
export const TASKS = [
  'political-process',
  'protection-of-civilians',
  'human-rights',
  'rule-of-law',
  'security-sector-reform',
  'ddr',
  'electoral-assistance',
  'mine-action',
  'women-peace-security',
  'peacebuilding',
  'ceasefire-monitoring',
  'police-support',
  'humanitarian-coordination',
  'good-offices',
] as const;
export type Task = (typeof TASKS)[number];

const TASK_SET: ReadonlySet<string> = new Set(TASKS);

export function isTask(value: unknown): value is Task {
  return typeof value === 'string' && TASK_SET.has(value);
}

/**
 * Where a task is provided at headquarters, as far as the note of 2017 says (paragraph 8 (a):
 * electoral assistance, mediation and peacebuilding in DPPA; 8 (b): rule of law, justice and
 * corrections, security sector reform, DDR and mine action in DPO's OROLSI, the Office of
 * Military Affairs and the Police Division in DPO). `null`: the note names no provider (the task
 * lies with the mission, or with an entity outside the pillar such as OHCHR for human rights).
 */
export const TASK_PROVIDERS: Record<Task, ServiceProvider | null> = {
  'political-process': SERVICE_PROVIDERS['mediation-support'],
  'protection-of-civilians': null,
  'human-rights': null,
  'rule-of-law': SERVICE_PROVIDERS['rule-of-law'],
  'security-sector-reform': SERVICE_PROVIDERS['security-sector-reform'],
  ddr: SERVICE_PROVIDERS.ddr,
  'electoral-assistance': SERVICE_PROVIDERS['electoral-assistance'],
  'mine-action': SERVICE_PROVIDERS['mine-action'],
  'women-peace-security': null,
  peacebuilding: SERVICE_PROVIDERS['peacebuilding-support'],
  'ceasefire-monitoring': SERVICE_PROVIDERS.military,
  'police-support': SERVICE_PROVIDERS.police,
  'humanitarian-coordination': null,
  'good-offices': null,
};

/**
 * Who may receive a task, besides a presence of the same scenario named by its name: the UN
 * country team, the host government, a regional organisation, or nobody because the task is done.
 */
export const RECEIVER_KINDS = [
  'country-team',
  'government',
  'regional-organization',
  'completed',
] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];
/** A receiver: one of RECEIVER_KINDS, or the name of a presence. */
export type Receiver = ReceiverKind | (string & {});

const RECEIVER_KIND_SET: ReadonlySet<string> = new Set(RECEIVER_KINDS);

export function isReceiverKind(value: unknown): value is ReceiverKind {
  return typeof value === 'string' && RECEIVER_KIND_SET.has(value);
}

/** The UN country team under the Resident Coordinator: present in every setting unless said otherwise. */
export interface CountryTeam {
  /** First month it is present; null: always. */
  since: string | null;
  /** Last month it is present; null: still present. */
  until: string | null;
  residentCoordinator?: string;
}

export function isCountryTeamPresent(team: CountryTeam | null, month: string | null): boolean {
  if (team === null) return false;
  if (month === null) return team.since === null;
  return (
    (team.since === null || team.since <= month) && (team.until === null || month <= team.until)
  );
}

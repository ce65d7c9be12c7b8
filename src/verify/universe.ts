/**
 * The finite universe the verifier explores: the starting countries and the concrete events
 * (well formed and malformed) offered in every state. See docs/verify.md for why it covers the
 * machine's cases.
 */
import type { CountryEvent, CountryInput, PresenceInput } from '../../machines/country-types.ts';
import { EXIT_CAUSES } from '../../machines/country-types.ts';
import {
  PRESENCE_KINDS,
  addMonths,
  type Doctrine,
  type Month,
  type Service,
  type Task,
} from '../domain/index.ts';

/**
 * Presence names of the universe. Two suffice for the machine's guards (docs/verify.md); a third
 * multiplies the space about tenfold, so it is an option (`names`), not the default.
 */
export const PRESENCE_NAMES: readonly string[] = ['A', 'B'];

/** How much of the world the verifier explores: the presence names events may name. */
export interface Abstraction {
  id: string;
  description: string;
  names: readonly string[];
  /** The state limit used when none is given. */
  maxStates: number;
}

export const ABSTRACTIONS = {
  default: {
    id: 'default',
    description: 'two presence names (every guard outcome, docs/verify.md)',
    names: PRESENCE_NAMES,
    maxStates: 100_000,
  },
  large: {
    id: 'large',
    description: 'three presence names: up to three concurrent presences of any kinds',
    names: ['A', 'B', 'C'],
    maxStates: 2_000_000,
  },
  xl: {
    id: 'xl',
    description: 'four presence names: up to four concurrent presences of any kinds',
    names: ['A', 'B', 'C', 'D'],
    maxStates: 5_000_000,
  },
} as const satisfies Record<string, Abstraction>;

export type AbstractionId = keyof typeof ABSTRACTIONS;

export function isAbstractionId(value: string): value is AbstractionId {
  return Object.hasOwn(ABSTRACTIONS, value);
}

/** One provider of each department, so a provider that followed the lead would be caught. */
export const UNIVERSE_SERVICES: readonly Service[] = ['electoral-assistance', 'rule-of-law'];

/** The month every starting country opens its case file. */
export const START_MONTH: Month = '2000-01';

export const VERIFY_COUNTRY = 'Exemplar';

/** A starting country: an id for reports and the presences active at creation. */
export interface StartCase {
  id: string;
  why: string;
  presences: PresenceInput[];
  /** `false`: a country without a UN country team (default: one, present throughout). */
  countryTeam?: false;
}

/**
 * Starting countries. Between them they take every branch of `nonMission`'s eventless
 * transitions (none, to SPM, to PKO) and every lead the doctrines give at creation.
 */
export const START_CASES: readonly StartCase[] = [
  { id: 'none', why: 'non-mission setting, DPPA leads', presences: [] },
  {
    id: 'regional-office',
    why: 'coverage only: stays non-mission',
    presences: [{ name: 'A', kind: 'spm-regional-office' }],
  },
  {
    id: 'spm-field',
    why: 'field SPM: DPO leads under note-2017, DPPA under adopted-2019',
    presences: [{ name: 'A', kind: 'spm-field' }],
  },
  {
    id: 'spm-political-process',
    why: 'SPM that DPPA leads under both doctrines',
    presences: [{ name: 'A', kind: 'spm-political-process' }],
  },
  { id: 'pko', why: 'peacekeeping, DPO leads', presences: [{ name: 'A', kind: 'pko' }] },
  {
    id: 'pko+spm-political-process',
    why: 'two presences of different departments (Lebanon)',
    presences: [
      { name: 'A', kind: 'pko' },
      { name: 'B', kind: 'spm-political-process' },
    ],
  },
  {
    id: 'pko-with-task',
    why: 'a mission holding a mandated task (issue 12): plans, handovers, pending and orphaned tasks',
    presences: [{ name: 'A', kind: 'pko', tasks: ['rule-of-law'] }],
  },
  {
    id: 'spm-field+regional-office',
    why: 'mission beside coverage',
    presences: [
      { name: 'A', kind: 'spm-field' },
      { name: 'B', kind: 'spm-regional-office' },
    ],
  },
];

/**
 * A country without a UN country team, holding a task: no plan and no handover may give a task to
 * the team. Not among `START_CASES`: from it the default space would nearly double (43,952
 * states against 23,844) for the handful of edges that name the team, so the tests explore it
 * alone, exhaustively, under both doctrines (tests/verify.test.ts); pass it in `starts` to
 * explore it with `verifyCountryMachine`.
 */
export const NO_COUNTRY_TEAM_START: StartCase = {
  id: 'pko-with-task-no-team',
  why: 'a mission holding a task in a country without a UN country team (receiver-exists)',
  presences: [{ name: 'A', kind: 'pko', tasks: ['rule-of-law'] }],
  countryTeam: false,
};

export function toStartInput(start: StartCase, doctrine: Doctrine): CountryInput {
  return {
    country: VERIFY_COUNTRY,
    region: 'africa',
    doctrine,
    month: START_MONTH,
    presences: start.presences.map((p) => ({ ...p })),
    ...(start.countryTeam === false ? { countryTeam: false } : {}),
  };
}

/** Events the universe offers in a state whose month is `month`: all of them take `month + 1`. */
export function getWellFormedEvents(
  month: Month,
  names: readonly string[] = PRESENCE_NAMES,
): CountryEvent[] {
  const next = addMonths(month, 1);
  const events: CountryEvent[] = [];
  for (const name of names) {
    for (const kind of PRESENCE_KINDS) {
      events.push({ type: 'DEPLOY', month: next, presence: { name, kind } });
    }
  }
  for (const type of [
    'RENEW_MANDATE',
    'FINAL_MANDATE',
    'BEGIN_TRANSITION',
    'DRAWDOWN',
    'WITHDRAW',
  ] as const) {
    for (const name of names) events.push({ type, month: next, presence: name });
  }
  events.push({ type: 'COMPLETE_HANDOVER', month: next });
  events.push({ type: 'RELAPSE', month: next });
  for (const cause of EXIT_CAUSES) events.push({ type: 'FORCED_EXIT', month: next, cause });
  events.push({ type: 'ENGAGE_PREVENTION', month: next });
  events.push({ type: 'STAND_DOWN', month: next });
  events.push({ type: 'RESTRUCTURE', month: next });
  for (const service of UNIVERSE_SERVICES)
    events.push({ type: 'REQUEST_SERVICE', month: next, service });
  events.push(...getTaskEvents(next, names));
  return events;
}

/**
 * One mandated task is enough for the task rules (issue 12): a mission starting out holding it
 * (start case pko-with-task), received by another presence, a plan
 * that gives it a receiver (the country team, or another presence) with or without the WPS
 * element, a plan that leaves it out, and its handover to the country team or another presence.
 */
export const UNIVERSE_TASK: Task = 'rule-of-law';

function getTaskEvents(next: Month, names: readonly string[]): CountryEvent[] {
  const task = UNIVERSE_TASK;
  const events: CountryEvent[] = [];
  // The same events for every name (the abstraction identifies states up to a renaming of the
  // names, so the universe must treat them alike); the other name is the receiving presence.
  for (const [i, name] of names.entries()) {
    const other = names[(i + 1) % names.length] as string;
    events.push(
      {
        type: 'ADOPT_PLAN',
        month: next,
        presence: name,
        handover: { [task]: 'country-team' },
        gender: true,
      },
      {
        type: 'ADOPT_PLAN',
        month: next,
        presence: name,
        handover: { [task]: other },
        gender: true,
      },
      {
        type: 'ADOPT_PLAN',
        month: next,
        presence: name,
        handover: { [task]: 'country-team' },
        gender: false,
      },
      { type: 'ADOPT_PLAN', month: next, presence: name, handover: {}, gender: true },
      { type: 'HAND_OVER_TASK', month: next, presence: name, task, to: 'country-team' },
      { type: 'HAND_OVER_TASK', month: next, presence: name, task, to: other },
    );
  }
  return events;
}

/**
 * Events every state must refuse: missing or wrong fields, a month that is not a month, and a
 * month before the country's current one. Typed loosely on purpose.
 */
export function getInvalidEvents(month: Month): CountryEvent[] {
  const next = addMonths(month, 1);
  const stale = addMonths(month, -1);
  const raw: unknown[] = [
    { type: 'DEPLOY', month: next },
    { type: 'DEPLOY', month: next, presence: { name: 'A', kind: 'militia' } },
    { type: 'DEPLOY', month: '2000-13', presence: { name: 'A', kind: 'pko' } },
    { type: 'DEPLOY', month: stale, presence: { name: 'A', kind: 'spm-regional-office' } },
    { type: 'WITHDRAW', month: next, presence: 7 },
    { type: 'WITHDRAW', month: stale, presence: 'A' },
    { type: 'BEGIN_TRANSITION', month: next },
    { type: 'FORCED_EXIT', month: next, cause: 'boredom' },
    { type: 'REQUEST_SERVICE', month: next, service: 'catering' },
    { type: 'RELAPSE', month: stale },
    { type: 'ENGAGE_PREVENTION', month: 'soon' },
    { type: 'ANNEX', month: next },
    {
      type: 'ADOPT_PLAN',
      month: next,
      presence: 'A',
      handover: { 'rule-of-law': 7 },
      gender: true,
    },
    { type: 'HAND_OVER_TASK', month: next, presence: 'A', task: 'catering', to: 'country-team' },
  ];
  return raw as CountryEvent[];
}

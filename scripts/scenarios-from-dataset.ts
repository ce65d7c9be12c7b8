/**
 * Builds the bundled scenario files (`scenarios/<id>.yaml` and `scenarios/README.md`) from the
 * project's dataset of country transitions, `data/transitions.json` (the corrected copy kept in
 * this repository; every correction is listed in `data/CORRECTIONS.md`).
 *
 *   npx tsx scripts/scenarios-from-dataset.ts [path/to/transitions.json]           (re)write the files
 *   npx tsx scripts/scenarios-from-dataset.ts [path/to/transitions.json] --check   compare only
 *
 * Without a path the script reads `data/transitions.json` beside `scripts/`.
 *
 * The output is deterministic: running it twice on the same dataset gives byte-identical files.
 * After writing, every file is parsed back and checked (see `checkScenarioText`).
 *
 * Judgement calls that the dataset does not settle on its own are kept in two tables below,
 * `MONTH_CHOICES` (bare years) and `REGIONAL_COVERAGE` (which countries a regional office covers),
 * and every one of them is repeated as a comment in the file it affects.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, parseDocument } from 'yaml';
import {
  addMonths,
  BACKSTOPS,
  isForcedExit,
  PRESENCE_EXITS,
  RECEIVER_KINDS,
  TASKS,
  type PresenceExit,
} from '../src/domain/index.ts';

// ---------------------------------------------------------------------------------------------
// Dataset shape (only the fields used here are checked)

/** A dated decision behind a month of a presence: `{ at, ref, what }`. */
interface Decision {
  at: string;
  ref: string;
  what: string;
}

// The scenario format's lists, from the one place the schema also reads them.
const EXITS = PRESENCE_EXITS;
type Exit = PresenceExit;
type Backstop = (typeof BACKSTOPS)[number];

/** The dated-decision fields of issue 11, as the dataset and the scenario files spell them. */
interface DecisionFields {
  backstop?: Backstop;
  finalMandate?: string;
  transitionFrom?: string;
  drawdownFrom?: string;
  exit?: Exit;
  exitDecided?: string;
  decisions?: Decision[];
}

const DECISION_MONTHS = ['finalMandate', 'transitionFrom', 'drawdownFrom', 'exitDecided'] as const;

// The task vocabulary and the receiver kinds of issue 12, from the one place the schema reads them.
const TASK_IDS = TASKS;
const FIXED_RECEIVERS = RECEIVER_KINDS;

/** Who took a task: a fixed receiver or a presence of the same scenario, and optionally when. */
interface Handover {
  to: string;
  at?: string;
}

/** The transition plan: whether it names a WPS / gender element, and when it was adopted. */
interface Plan {
  gender: boolean;
  adopted?: string;
}

/** The task fields of issue 12, as the dataset and the scenario files spell them. */
interface TaskFields {
  tasks?: string[];
  handover?: Record<string, Handover>;
  plan?: Plan;
  budget?: number;
  taskSources?: string[];
}

/**
 * The UN country team of a scenario, as the scenario format has it: `false` for none, or the
 * months it is present and its Resident Coordinator where a source names one (every field optional).
 */
type CountryTeam =
  false | { since?: string; until?: string; residentCoordinator?: string; sources?: string[] };

interface DatasetEntry extends DecisionFields, TaskFields {
  acronym: string;
  name: string;
  kind: string;
  start: string;
  end: string | null;
  established_by: string | null;
  confidence: string;
  sources: string[];
  notes?: string;
  end_reason?: string;
  planned_end?: string;
  regional_coverage?: string;
}

interface DatasetCountry {
  country: string;
  iso3: string[];
  un_region_2019: string;
  region_confidence: string;
  region_note?: string;
  countryTeam?: CountryTeam;
  sequence: DatasetEntry[];
}

interface DatasetOffice extends DecisionFields {
  acronym: string;
  name: string;
  kind: string;
  start: string;
  end: string | null;
  coverage: string;
  confidence: string;
  sources: string[];
  notes?: string;
}

interface Dataset {
  /** The month the dataset was compiled (meta.compiled): ongoing presences run to here. */
  compiled: string;
  countries: DatasetCountry[];
  regional_offices: DatasetOffice[];
}

// ---------------------------------------------------------------------------------------------
// Scenario vocabulary

const PRESENCE_KINDS = [
  'pko',
  'spm-field',
  'spm-regional-office',
  'spm-envoy',
  'spm-political-process',
] as const;
type PresenceKind = (typeof PRESENCE_KINDS)[number];

const REGIONS: Record<string, string> = {
  Africa: 'africa',
  'Middle East, Asia and the Pacific': 'middle-east-asia-pacific',
  'Europe, Central Asia and the Americas': 'europe-central-asia-americas',
};
const REGION_IDS = Object.values(REGIONS);

const CONFIDENCES = ['high', 'medium', 'low'];
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const BARE_YEAR = /^\d{4}$/;
const NON_MISSION = 'non-mission';

// ---------------------------------------------------------------------------------------------
// Judgement calls

/**
 * Months chosen for dates the dataset gives as a bare year, keyed `country|acronym|start|end`.
 * A bare year without an entry here gets -01 (start) or -12 (end). Either way the presence is
 * marked `confidence: low` and the line carries a comment. The corrected dataset has no bare
 * year left (UNOMIL and UNOA now carry the months of their resolutions), so the table is empty.
 */
const MONTH_CHOICES: Record<string, { month: string; why: string }> = {};

/**
 * Countries of the dataset that each regional office's `coverage` text plainly includes. Every
 * office of the dataset must be listed (an empty list is a decision too).
 */
const REGIONAL_COVERAGE: Record<string, { countries: string[]; why: string }> = {
  UNOWA: {
    countries: ['Sierra Leone', 'Liberia', "Côte d'Ivoire", 'Guinea-Bissau', 'Mali'],
    why: 'is a West African state by geography (coverage "West Africa")',
  },
  UNOWAS: {
    countries: ['Sierra Leone', 'Liberia', "Côte d'Ivoire", 'Guinea-Bissau', 'Mali'],
    why: 'is a West African state by geography (coverage "West Africa and the Sahel")',
  },
  UNOCA: {
    countries: ['Angola', 'Burundi', 'Chad', 'Democratic Republic of the Congo', 'Rwanda'],
    why: "is named among the office's 11 ECCAS states",
  },
  UNRCCA: {
    countries: [],
    why: 'coverage names five Central Asian states, none of them a country of the dataset',
  },
  'OSESG-GL': {
    countries: ['Angola', 'Burundi', 'Democratic Republic of the Congo', 'Rwanda', 'South Sudan'],
    why: 'signed the Peace, Security and Cooperation Framework (Feb 2013) that the envoy supports',
  },
  'OSESG-HoA': {
    countries: ['Eritrea / Ethiopia (border)', 'Somalia', 'South Sudan'],
    why: 'is a member of IGAD, the region the envoy covers',
  },
};

// ---------------------------------------------------------------------------------------------
// Reading and checking the dataset

class DatasetError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(obj: Record<string, unknown>, key: string, where: string): string {
  const value = obj[key];
  if (typeof value !== 'string' || value === '') {
    throw new DatasetError(`${where}.${key}: expected a non-empty string`);
  }
  return value;
}

function optStr(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new DatasetError(`${where}.${key}: expected a string`);
  return value === '' ? undefined : value;
}

function strList(obj: Record<string, unknown>, key: string, where: string): string[] {
  const value = obj[key];
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new DatasetError(`${where}.${key}: expected a list of strings`);
  }
  return value;
}

function records(value: unknown, where: string): Record<string, unknown>[] {
  if (!Array.isArray(value) || !value.every(isRecord)) {
    throw new DatasetError(`${where}: expected a list of objects`);
  }
  return value;
}

function readEntry(raw: Record<string, unknown>, where: string): DatasetEntry {
  const entry: DatasetEntry = {
    acronym: str(raw, 'acronym', where),
    name: str(raw, 'name', where),
    kind: str(raw, 'kind', where),
    start: str(raw, 'start', where),
    end: optStr(raw, 'end', where) ?? null,
    established_by: optStr(raw, 'established_by', where) ?? null,
    confidence: str(raw, 'confidence', where),
    sources: strList(raw, 'sources', where),
  };
  for (const key of ['notes', 'end_reason', 'planned_end', 'regional_coverage'] as const) {
    const value = optStr(raw, key, where);
    if (value !== undefined) entry[key] = value;
  }
  Object.assign(entry, readDecisionFields(raw, where));
  Object.assign(entry, readTaskFields(raw, where));
  return entry;
}

/** tasks, handover, plan, budget and taskSources of an entry (all optional), shape only. */
function readTaskFields(raw: Record<string, unknown>, where: string): TaskFields {
  const fields: TaskFields = {};
  if (raw.tasks !== undefined) {
    const tasks = strList(raw, 'tasks', where);
    for (const task of tasks) {
      if (!(TASK_IDS as readonly string[]).includes(task)) {
        throw new DatasetError(
          `${where}.tasks: unknown task "${task}" (one of ${TASK_IDS.join(', ')})`,
        );
      }
    }
    if (new Set(tasks).size !== tasks.length) {
      throw new DatasetError(`${where}.tasks: a task is listed twice`);
    }
    fields.tasks = tasks;
  }
  if (raw.handover !== undefined) {
    if (!isRecord(raw.handover)) throw new DatasetError(`${where}.handover: expected a mapping`);
    const handover: Record<string, Handover> = {};
    for (const [task, value] of Object.entries(raw.handover)) {
      const at = `${where}.handover.${task}`;
      if (typeof value === 'string' && value !== '') handover[task] = { to: value };
      else if (isRecord(value)) {
        const h: Handover = { to: str(value, 'to', at) };
        const month = optMonth(value, 'at', at);
        if (month !== undefined) h.at = month;
        for (const key of Object.keys(value)) {
          if (key !== 'to' && key !== 'at') throw new DatasetError(`${at}: unknown field ${key}`);
        }
        handover[task] = h;
      } else throw new DatasetError(`${at}: expected a receiver or { to, at }`);
    }
    fields.handover = handover;
  }
  if (raw.plan !== undefined) {
    if (!isRecord(raw.plan)) throw new DatasetError(`${where}.plan: expected a mapping`);
    if (typeof raw.plan.gender !== 'boolean') {
      throw new DatasetError(`${where}.plan.gender: expected true or false`);
    }
    const plan: Plan = { gender: raw.plan.gender };
    const adopted = optMonth(raw.plan, 'adopted', `${where}.plan`);
    if (adopted !== undefined) plan.adopted = adopted;
    fields.plan = plan;
  }
  if (raw.budget !== undefined) {
    if (typeof raw.budget !== 'number' || !(raw.budget > 0)) {
      throw new DatasetError(`${where}.budget: expected a positive number (USD millions a year)`);
    }
    fields.budget = raw.budget;
  }
  if (raw.taskSources !== undefined) fields.taskSources = strList(raw, 'taskSources', where);
  return fields;
}

/** `countryTeam` of a country: false, or { since, until, residentCoordinator, sources }. */
function readCountryTeam(value: unknown, where: string): CountryTeam {
  const at = `${where}.countryTeam`;
  if (value === false) return false;
  if (!isRecord(value)) throw new DatasetError(`${at}: expected false or a mapping`);
  const team: Exclude<CountryTeam, false> = {};
  for (const key of Object.keys(value)) {
    if (!['since', 'until', 'residentCoordinator', 'sources'].includes(key)) {
      throw new DatasetError(`${at}: unknown field ${key}`);
    }
  }
  const since = optMonth(value, 'since', at);
  const until = optMonth(value, 'until', at);
  const rc = optStr(value, 'residentCoordinator', at);
  if (since !== undefined) team.since = since;
  if (until !== undefined) team.until = until;
  if (rc !== undefined) team.residentCoordinator = rc;
  if (value.sources !== undefined) team.sources = strList(value, 'sources', at);
  return team;
}

/** The month after `month` (YYYY-MM). */
/**
 * The rules of issue 12 that need only the presence itself: handover and plan only with tasks,
 * every handover names a listed task, sources for any task, months within the presence (a
 * handover may fall in the withdrawal month, the month after `to`), and a planned exit with
 * tasks needs a plan with its WPS element and a receiver for every task.
 */
function checkTaskFields(
  f: DecisionFields & TaskFields,
  from: string,
  to: string | undefined,
  key: string,
) {
  const tasks = f.tasks ?? [];
  if (tasks.length === 0) {
    for (const field of ['handover', 'plan', 'budget', 'taskSources'] as const) {
      if (field !== 'budget' && f[field] !== undefined) {
        throw new DatasetError(`${key}.${field}: only a presence with tasks has one`);
      }
    }
    return;
  }
  if ((f.taskSources ?? []).length === 0) {
    throw new DatasetError(`${key}.taskSources: tasks need the record they come from`);
  }
  const last = to === undefined ? '9999-12' : addMonths(to, 1);
  for (const [task, h] of Object.entries(f.handover ?? {})) {
    if (!tasks.includes(task))
      throw new DatasetError(`${key}.handover.${task}: not one of its tasks`);
    if (h.at !== undefined && (h.at < from || h.at > last)) {
      throw new DatasetError(`${key}.handover.${task}.at: ${h.at} is outside ${from}..${last}`);
    }
  }
  const adopted = f.plan?.adopted;
  if (adopted !== undefined && (adopted < from || adopted > (to ?? '9999-12'))) {
    throw new DatasetError(
      `${key}.plan.adopted: ${adopted} is outside ${from}..${to ?? 'ongoing'}`,
    );
  }
  const planned = to !== undefined && !isForcedExit(f.exit);
  if (planned) {
    if (f.plan?.gender !== true) {
      throw new DatasetError(
        `${key}.plan: a planned exit with tasks needs a plan with gender: true`,
      );
    }
    const missing = tasks.filter((t) => f.handover?.[t] === undefined);
    if (missing.length > 0) {
      throw new DatasetError(
        `${key}.handover: a planned exit leaves ${missing.join(', ')} without a receiver`,
      );
    }
  }
}

function optMonth(obj: Record<string, unknown>, key: string, where: string): string | undefined {
  const value = optStr(obj, key, where);
  if (value !== undefined && !MONTH.test(value)) {
    throw new DatasetError(`${where}.${key}: expected a month YYYY-MM, got "${value}"`);
  }
  return value;
}

function optOneOf<T extends string>(
  obj: Record<string, unknown>,
  key: string,
  values: readonly T[],
  where: string,
): T | undefined {
  const value = optStr(obj, key, where);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value)) {
    throw new DatasetError(`${where}.${key}: expected one of ${values.join(', ')}, got "${value}"`);
  }
  return value as T;
}

/** backstop, the decision months, exit and decisions of an entry (all optional). */
function readDecisionFields(raw: Record<string, unknown>, where: string): DecisionFields {
  const fields: DecisionFields = {};
  const backstop = optOneOf(raw, 'backstop', BACKSTOPS, where);
  if (backstop !== undefined) fields.backstop = backstop;
  for (const key of DECISION_MONTHS) {
    const value = optMonth(raw, key, where);
    if (value !== undefined) fields[key] = value;
  }
  const exit = optOneOf(raw, 'exit', EXITS, where);
  if (exit !== undefined) fields.exit = exit;
  if (raw.decisions !== undefined) {
    fields.decisions = records(raw.decisions, `${where}.decisions`).map((d, i) => {
      const at = `${where}.decisions[${i}]`;
      const month = str(d, 'at', at);
      if (!MONTH.test(month)) throw new DatasetError(`${at}.at: expected a month YYYY-MM`);
      return { at: month, ref: str(d, 'ref', at), what: str(d, 'what', at) };
    });
  }
  return fields;
}

/**
 * The order rules of issue 11 on a presence's months: from <= transitionFrom <= drawdownFrom <=
 * to, from <= finalMandate <= to, from <= exitDecided <= to; a forced exit needs exitDecided and
 * exitDecided needs a forced exit; every month a field gives is backed by a decision of that
 * month; every decision lies within the presence.
 */
function checkDecisionFields(f: DecisionFields, from: string, to: string | undefined, key: string) {
  const last = to ?? '9999-12';
  for (const field of DECISION_MONTHS) {
    const month = f[field];
    if (month === undefined) continue;
    if (month < from || month > last) {
      throw new DatasetError(`${key}.${field}: ${month} is outside ${from}..${to ?? 'ongoing'}`);
    }
    if (!(f.decisions ?? []).some((d) => d.at === month)) {
      throw new DatasetError(`${key}.${field}: no decision of ${month} says where it comes from`);
    }
  }
  if (f.transitionFrom !== undefined && f.drawdownFrom !== undefined) {
    if (f.drawdownFrom < f.transitionFrom) {
      throw new DatasetError(`${key}.drawdownFrom: ${f.drawdownFrom} is before transitionFrom`);
    }
  }
  const forced = isForcedExit(f.exit);
  if (forced && f.exitDecided === undefined) {
    throw new DatasetError(`${key}.exitDecided: a forced exit (${f.exit}) needs the month`);
  }
  if (!forced && f.exitDecided !== undefined) {
    throw new DatasetError(`${key}.exitDecided: only a forced exit has one`);
  }
  if (f.exit !== undefined && to === undefined) {
    throw new DatasetError(`${key}.exit: an ongoing presence has no exit yet`);
  }
  for (const d of f.decisions ?? []) {
    if (d.at < from || d.at > last) {
      throw new DatasetError(`${key}.decisions: ${d.at} is outside ${from}..${to ?? 'ongoing'}`);
    }
  }
}

function readDataset(file: string): Dataset {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!isRecord(raw)) throw new DatasetError('top level: expected an object');
  const countries = records(raw.countries, 'countries').map((c, i): DatasetCountry => {
    const where = `countries[${i}]`;
    const country: DatasetCountry = {
      country: str(c, 'country', where),
      iso3: strList(c, 'iso3', where),
      un_region_2019: str(c, 'un_region_2019', where),
      region_confidence: str(c, 'region_confidence', where),
      sequence: records(c.sequence, `${where}.sequence`).map((e, j) =>
        readEntry(e, `${where}.sequence[${j}]`),
      ),
    };
    const note = optStr(c, 'region_note', where);
    if (note !== undefined) country.region_note = note;
    if (c.countryTeam !== undefined) country.countryTeam = readCountryTeam(c.countryTeam, where);
    return country;
  });
  const offices = records(raw.regional_offices, 'regional_offices').map((o, i): DatasetOffice => {
    const where = `regional_offices[${i}]`;
    const office: DatasetOffice = {
      acronym: str(o, 'acronym', where),
      name: str(o, 'name', where),
      kind: str(o, 'kind', where),
      start: str(o, 'start', where),
      end: optStr(o, 'end', where) ?? null,
      coverage: str(o, 'coverage', where),
      confidence: str(o, 'confidence', where),
      sources: strList(o, 'sources', where),
    };
    const notes = optStr(o, 'notes', where);
    if (notes !== undefined) office.notes = notes;
    Object.assign(office, readDecisionFields(o, where));
    return office;
  });
  const meta = isRecord(raw.meta) ? raw.meta : {};
  const compiled = /^(\d{4}-(0[1-9]|1[0-2]))\b/.exec(str(meta, 'compiled', 'meta'))?.[1];
  if (compiled === undefined)
    throw new DatasetError('meta.compiled: expected to start with YYYY-MM');
  return { compiled, countries, regional_offices: offices };
}

// ---------------------------------------------------------------------------------------------
// Building one scenario

/** A value with an optional trailing comment on its line. */
interface Noted<T> {
  value: T;
  comment?: string;
}

interface Presence extends DecisionFields, TaskFields {
  name: Noted<string>;
  title: string;
  kind: Noted<PresenceKind>;
  from: Noted<string>;
  to?: Noted<string>;
  mandate?: string;
  confidence: Noted<string>;
  sources: string[];
  notes?: string;
}

interface Scenario {
  id: string;
  country: string;
  iso3?: Noted<string>;
  region: string;
  regionConfidence: Noted<string>;
  end: string;
  countryTeam?: CountryTeam;
  nonMissionLines: string[];
  presences: Presence[];
}

/** Lowercase kebab slug: accents dropped, parenthetical qualifiers dropped, apostrophes removed. */
function toScenarioId(country: string): string {
  return country
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/['\u2019]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function isPresenceKind(kind: string): kind is PresenceKind {
  return (PRESENCE_KINDS as readonly string[]).includes(kind);
}

/** A month picked for a bare year, keyed `country|acronym|start|end`. */
interface BareYear {
  year: string;
  month: string;
  byConvention: boolean;
}

interface ResolvedMonth {
  month: string;
  comment?: string;
  chosen: boolean;
}

function resolveMonth(
  value: string,
  side: 'start' | 'end',
  key: string,
  bareYears: Map<string, BareYear>,
): ResolvedMonth {
  if (MONTH.test(value)) return { month: value, chosen: false };
  if (!BARE_YEAR.test(value)) throw new DatasetError(`${key}: unreadable month "${value}"`);
  const choiceKey = `${key}|${side}`;
  const choice = MONTH_CHOICES[choiceKey];
  if (choice !== undefined) {
    bareYears.set(choiceKey, { year: value, month: choice.month, byConvention: false });
    if (!choice.month.startsWith(`${value}-`)) {
      throw new DatasetError(`${choiceKey}: chosen month ${choice.month} is outside ${value}`);
    }
    return {
      month: choice.month,
      chosen: true,
      comment: `dataset gives the bare year ${value}; month chosen: ${choice.why}`,
    };
  }
  const month = `${value}-${side === 'start' ? '01' : '12'}`;
  bareYears.set(choiceKey, { year: value, month, byConvention: true });
  return {
    month,
    chosen: true,
    comment: `dataset gives the bare year ${value} and no month; -${side === 'start' ? '01' : '12'} used by convention`,
  };
}

function presenceFromEntry(
  country: DatasetCountry,
  entry: DatasetEntry,
  bareYears: Map<string, BareYear>,
): Presence {
  const key = `${country.country}|${entry.acronym}`;
  if (!isPresenceKind(entry.kind)) throw new DatasetError(`${key}: unknown kind "${entry.kind}"`);
  const from = resolveMonth(entry.start, 'start', key, bareYears);
  const to = entry.end === null ? undefined : resolveMonth(entry.end, 'end', key, bareYears);
  const chosen = from.chosen || (to?.chosen ?? false);

  const fromComments: string[] = [];
  if (from.comment !== undefined) fromComments.push(from.comment);
  if (to === undefined) {
    fromComments.push(
      entry.planned_end === undefined
        ? 'no end in the dataset (ongoing)'
        : `no end in the dataset (ongoing); planned end ${entry.planned_end}`,
    );
  }
  const toComments: string[] = [];
  if (to?.comment !== undefined) toComments.push(to.comment);
  if (entry.end_reason !== undefined) toComments.push(`end reason: ${entry.end_reason}`);

  const presence: Presence = {
    name: { value: entry.acronym },
    title: entry.name,
    kind: { value: entry.kind },
    from: withComment(from.month, fromComments),
    confidence: chosen
      ? {
          value: 'low',
          comment: `dataset says ${entry.confidence}; low because a month had to be chosen`,
        }
      : { value: entry.confidence },
    sources: [...entry.sources],
  };
  if (to !== undefined) {
    presence.to = withComment(to.month, toComments);
    if (to.month < from.month) throw new DatasetError(`${key}: ends before it starts`);
  }
  if (entry.established_by !== null) presence.mandate = entry.established_by;
  if (entry.notes !== undefined) presence.notes = entry.notes;
  copyDecisionFields(entry, presence, presence.from.value, presence.to?.value, key);
  checkTaskFields(entry, presence.from.value, presence.to?.value, key);
  for (const field of ['tasks', 'handover', 'plan', 'budget', 'taskSources'] as const) {
    if (entry[field] !== undefined)
      Object.assign(presence, { [field]: structuredClone(entry[field]) });
  }
  if (to === undefined && entry.end_reason !== undefined) {
    // An ongoing presence with an end reason would lose it; keep it next to the start instead.
    presence.from.comment = joinComments([
      presence.from.comment ?? '',
      `end reason: ${entry.end_reason}`,
    ]);
  }
  return presence;
}

/** Copies the decision fields onto a presence after checking their order rules. */
function copyDecisionFields(
  source: DecisionFields,
  presence: Presence,
  from: string,
  to: string | undefined,
  key: string,
): void {
  checkDecisionFields(source, from, to, key);
  if (source.backstop !== undefined) presence.backstop = source.backstop;
  for (const field of DECISION_MONTHS) {
    const month = source[field];
    if (month !== undefined) presence[field] = month;
  }
  if (source.exit !== undefined) presence.exit = source.exit;
  if (source.decisions !== undefined) presence.decisions = source.decisions.map((d) => ({ ...d }));
}

function presenceFromOffice(office: DatasetOffice, country: string, why: string): Presence {
  const where = `regional office ${office.acronym}`;
  if (office.kind !== 'spm-regional-office' && office.kind !== 'spm-envoy') {
    throw new DatasetError(`${where}: unexpected kind "${office.kind}"`);
  }
  if (!MONTH.test(office.start) || (office.end !== null && !MONTH.test(office.end))) {
    throw new DatasetError(`${where}: start and end must be YYYY-MM`);
  }
  const what = office.kind === 'spm-envoy' ? 'regional envoy' : 'regional office';
  const notes = [
    `${what} covering ${country}; coverage from the dataset's regional_offices entry (${office.coverage})`,
  ];
  if (office.notes !== undefined) notes.push(`Dataset notes on the office: ${office.notes}`);
  const presence: Presence = {
    name: { value: office.acronym, comment: `coverage judgement: ${country} ${why}` },
    title: office.name,
    kind: {
      value: office.kind,
      comment: 'no mandate line: the regional_offices entry names no instrument',
    },
    from: { value: office.start },
    confidence: { value: office.confidence },
    sources: [...office.sources],
    notes: notes.join('. '),
  };
  if (office.end === null) presence.from.comment = 'no end in the dataset (ongoing)';
  else presence.to = { value: office.end };
  copyDecisionFields(office, presence, office.start, office.end ?? undefined, where);
  return presence;
}

function withComment(value: string, comments: string[]): Noted<string> {
  const comment = joinComments(comments);
  return comment === '' ? { value } : { value, comment };
}

function joinComments(comments: string[]): string {
  return comments.filter((c) => c !== '').join('; ');
}

function nonMissionLine(entry: DatasetEntry): string[] {
  const span = entry.end === null ? `${entry.start} onwards` : `${entry.start} to ${entry.end}`;
  const sources = entry.sources.length === 1 ? 'source' : 'sources';
  const lines = [
    `${span}: non-mission setting (UN country team), confidence ${entry.confidence}, ${sources} ${entry.sources.join(', ')}`,
  ];
  if (entry.regional_coverage !== undefined) {
    lines.push(`  regional coverage named by the dataset: ${entry.regional_coverage}`);
  }
  if (entry.notes !== undefined) lines.push(`  notes: ${entry.notes}`);
  return lines;
}

/**
 * Receivers that name a presence: it must be a presence of the same scenario (regional offices
 * and envoys covering the country included), active in the handover month (given, or the month
 * after the outgoing presence's `to`) and not itself drawing down or leaving that month.
 */
function checkReceivers(country: string, presences: Presence[]): void {
  const byName = new Map(presences.map((p) => [p.name.value, p]));
  for (const p of presences) {
    for (const [task, h] of Object.entries(p.handover ?? {})) {
      if ((FIXED_RECEIVERS as readonly string[]).includes(h.to)) continue;
      const key = `${country}|${p.name.value}.handover.${task}`;
      const successor = byName.get(h.to);
      if (successor === undefined || successor === p) {
        throw new DatasetError(
          `${key}: "${h.to}" is neither ${FIXED_RECEIVERS.join(', ')} nor another presence of ${country}`,
        );
      }
      const month = h.at ?? (p.to === undefined ? undefined : addMonths(p.to.value, 1));
      if (month === undefined) {
        throw new DatasetError(`${key}: an ongoing presence's handover needs its month (at)`);
      }
      const active =
        successor.from.value <= month &&
        (successor.to === undefined || month <= successor.to.value);
      const leaving =
        (successor.to !== undefined && successor.to.value === month) ||
        (successor.drawdownFrom !== undefined && successor.drawdownFrom <= month) ||
        (successor.exitDecided !== undefined && successor.exitDecided <= month);
      if (!active || leaving) {
        throw new DatasetError(
          `${key}: ${h.to} is not active and staying in ${month}, the month of the handover`,
        );
      }
    }
  }
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildScenarios(dataset: Dataset): {
  scenarios: Scenario[];
  bareYears: Map<string, BareYear>;
} {
  const bareYears = new Map<string, BareYear>();
  const names = new Set(dataset.countries.map((c) => c.country));
  const offices = new Map(dataset.regional_offices.map((o) => [o.acronym, o]));
  for (const acronym of offices.keys()) {
    if (REGIONAL_COVERAGE[acronym] === undefined) {
      throw new DatasetError(
        `regional office ${acronym}: no coverage decision in REGIONAL_COVERAGE`,
      );
    }
  }
  for (const [acronym, decision] of Object.entries(REGIONAL_COVERAGE)) {
    if (!offices.has(acronym))
      throw new DatasetError(`REGIONAL_COVERAGE: unknown office ${acronym}`);
    for (const name of decision.countries) {
      if (!names.has(name)) throw new DatasetError(`REGIONAL_COVERAGE.${acronym}: unknown ${name}`);
    }
  }

  const scenarios = dataset.countries.map((country): Scenario => {
    const region = REGIONS[country.un_region_2019];
    if (region === undefined) {
      throw new DatasetError(`${country.country}: unknown region "${country.un_region_2019}"`);
    }
    const [firstIso, ...otherIso] = country.iso3;
    const presences: Presence[] = [];
    const nonMissionLines: string[] = [];
    for (const entry of country.sequence) {
      if (entry.kind === NON_MISSION) nonMissionLines.push(...nonMissionLine(entry));
      else presences.push(presenceFromEntry(country, entry, bareYears));
    }
    for (const [acronym, decision] of Object.entries(REGIONAL_COVERAGE)) {
      const office = offices.get(acronym);
      if (office !== undefined && decision.countries.includes(country.country)) {
        presences.push(presenceFromOffice(office, country.country, decision.why));
      }
    }
    presences.sort(
      (a, b) =>
        compareCodePoints(a.from.value, b.from.value) ||
        compareCodePoints(a.name.value, b.name.value),
    );
    const scenario: Scenario = {
      id: toScenarioId(country.country),
      country: country.country,
      region,
      regionConfidence:
        country.region_note === undefined
          ? { value: country.region_confidence }
          : { value: country.region_confidence, comment: `region note: ${country.region_note}` },
      end: dataset.compiled,
      nonMissionLines,
      presences,
    };
    if (firstIso !== undefined) {
      scenario.iso3 =
        otherIso.length === 0
          ? { value: firstIso }
          : { value: firstIso, comment: `the dataset also lists ${otherIso.join(', ')}` };
    }
    if (country.countryTeam !== undefined) scenario.countryTeam = country.countryTeam;
    checkReceivers(country.country, presences);
    return scenario;
  });

  for (const key of Object.keys(MONTH_CHOICES)) {
    if (!bareYears.has(key)) {
      throw new DatasetError(`MONTH_CHOICES.${key}: no such bare year in the dataset any more`);
    }
  }
  const ids = new Set<string>();
  for (const s of scenarios) {
    if (ids.has(s.id)) throw new DatasetError(`duplicate scenario id ${s.id}`);
    ids.add(s.id);
  }
  return { scenarios, bareYears };
}

// ---------------------------------------------------------------------------------------------
// Rendering

function scalar(value: string, comment?: string, quoted = false): Scalar {
  const node = new Scalar(value);
  if (quoted) node.type = Scalar.QUOTE_SINGLE;
  if (comment !== undefined && comment !== '') node.comment = ` ${comment}`;
  return node;
}

function month(noted: Noted<string>): Scalar {
  return scalar(noted.value, noted.comment, true);
}

function pair(key: string, value: Scalar | YAMLSeq | YAMLMap, commentBefore?: string[]): Pair {
  const keyNode = new Scalar(key);
  if (commentBefore !== undefined && commentBefore.length > 0) {
    keyNode.commentBefore = commentBefore.map((line) => ` ${line}`).join('\n');
  }
  return new Pair(keyNode, value);
}

/** A flow mapping `{ k: v, ... }` of scalars. */
function flowMap(entries: [string, Scalar][]): YAMLMap {
  const map = new YAMLMap();
  map.flow = true;
  for (const [k, v] of entries) map.items.push(pair(k, v));
  return map;
}

/** tasks, handover, plan, budget and taskSources of a presence, in that order. */
function taskFieldPairs(p: Presence): Pair[] {
  if (p.tasks === undefined) return [];
  const pairs: Pair[] = [];
  const tasks = new YAMLSeq();
  tasks.flow = true;
  for (const t of p.tasks) tasks.items.push(scalar(t));
  pairs.push(
    pair('tasks', tasks, [
      'Mandated tasks and who took each when the presence ended (issue 12); the record behind them is in taskSources.',
    ]),
  );
  if (p.handover !== undefined) {
    const handover = new YAMLMap();
    for (const task of p.tasks) {
      const h = p.handover[task];
      if (h === undefined) continue;
      handover.items.push(
        pair(
          task,
          h.at === undefined
            ? scalar(h.to)
            : flowMap([
                ['to', scalar(h.to)],
                ['at', scalar(h.at, undefined, true)],
              ]),
        ),
      );
    }
    pairs.push(pair('handover', handover));
  }
  const orphaned = p.tasks.filter((t) => p.handover?.[t] === undefined);
  if (orphaned.length > 0) {
    // On the last pair so far: the handover mapping, or the task list when there is none.
    const last = pairs.at(-1)?.value;
    if (last instanceof YAMLMap || last instanceof YAMLSeq) {
      last.comment = ` no receiver in the record: ${orphaned.join(', ')}`;
    }
  }
  if (p.plan !== undefined) {
    const entries: [string, Scalar][] = [['gender', new Scalar(p.plan.gender)]];
    if (p.plan.adopted !== undefined)
      entries.push(['adopted', scalar(p.plan.adopted, undefined, true)]);
    pairs.push(pair('plan', flowMap(entries)));
  }
  if (p.budget !== undefined) {
    const budget = new Scalar(p.budget);
    budget.minFractionDigits = 1;
    pairs.push(pair('budget', budget));
  }
  if (p.taskSources !== undefined) {
    const sources = new YAMLSeq();
    for (const s of p.taskSources) sources.items.push(scalar(s, undefined, true));
    pairs.push(pair('taskSources', sources));
  }
  return pairs;
}

function countryTeamNode(team: Exclude<CountryTeam, false>): YAMLMap {
  const map = new YAMLMap();
  if (team.since !== undefined) map.items.push(pair('since', scalar(team.since, undefined, true)));
  if (team.until !== undefined) map.items.push(pair('until', scalar(team.until, undefined, true)));
  if (team.residentCoordinator !== undefined) {
    map.items.push(pair('residentCoordinator', scalar(team.residentCoordinator)));
  }
  if (team.sources !== undefined) {
    const sources = new YAMLSeq();
    for (const src of team.sources) sources.items.push(scalar(src));
    map.items.push(pair('sources', sources));
  }
  return map;
}

function presenceNode(p: Presence): YAMLMap {
  const map = new YAMLMap();
  map.items.push(pair('name', scalar(p.name.value, p.name.comment)));
  map.items.push(pair('title', scalar(p.title)));
  map.items.push(pair('kind', scalar(p.kind.value, p.kind.comment)));
  map.items.push(pair('from', month(p.from)));
  if (p.to !== undefined) map.items.push(pair('to', month(p.to)));
  if (p.mandate !== undefined) map.items.push(pair('mandate', scalar(p.mandate)));
  if (p.backstop !== undefined) map.items.push(pair('backstop', scalar(p.backstop)));
  for (const field of ['transitionFrom', 'drawdownFrom', 'finalMandate', 'exitDecided'] as const) {
    const value = p[field];
    if (value === undefined) continue;
    // Where the month comes from: the refs of the decisions of that month.
    const refs = [...new Set((p.decisions ?? []).filter((d) => d.at === value).map((d) => d.ref))];
    map.items.push(pair(field, scalar(value, `from ${refs.join('; ')}`, true)));
  }
  if (p.exit !== undefined) map.items.push(pair('exit', scalar(p.exit)));
  if (p.decisions !== undefined) {
    const list = new YAMLSeq();
    for (const d of p.decisions) {
      const item = new YAMLMap();
      item.flow = true;
      item.items.push(pair('at', scalar(d.at, undefined, true)));
      item.items.push(pair('ref', scalar(d.ref, undefined, true)));
      item.items.push(pair('what', scalar(d.what, undefined, true)));
      list.items.push(item);
    }
    map.items.push(pair('decisions', list));
  }
  map.items.push(...taskFieldPairs(p));
  map.items.push(pair('confidence', scalar(p.confidence.value, p.confidence.comment)));
  const sources = new YAMLSeq();
  for (const url of p.sources) sources.items.push(scalar(url));
  map.items.push(pair('sources', sources));
  if (p.notes !== undefined) map.items.push(pair('notes', scalar(p.notes)));
  return map;
}

function renderScenario(s: Scenario): string {
  const root = new YAMLMap();
  root.items.push(
    pair('country', scalar(s.country), [
      `Scenario for ${s.country}: its UN presences, derived from data/transitions.json by scripts/scenarios-from-dataset.ts (regenerate, do not edit by hand).`,
    ]),
  );
  if (s.iso3 !== undefined) root.items.push(pair('iso3', scalar(s.iso3.value, s.iso3.comment)));
  root.items.push(pair('region', scalar(s.region)));
  root.items.push(
    pair('regionConfidence', scalar(s.regionConfidence.value, s.regionConfidence.comment)),
  );
  root.items.push(
    pair(
      'end',
      scalar(
        s.end,
        'the month the dataset was compiled (meta.compiled): ongoing presences run to here',
        true,
      ),
    ),
  );
  if (s.countryTeam !== undefined) {
    root.items.push(
      pair(
        'countryTeam',
        s.countryTeam === false ? new Scalar(false) : countryTeamNode(s.countryTeam),
      ),
    );
  }
  const presences = new YAMLSeq();
  for (const p of s.presences) presences.items.push(presenceNode(p));
  const before =
    s.nonMissionLines.length === 0
      ? ['No non-mission (UN country team only) period is listed for this country in the dataset.']
      : [
          'Non-mission periods in the dataset (no mission, so not presences):',
          ...s.nonMissionLines,
        ];
  root.items.push(pair('presences', presences, before));
  const doc = new Document();
  doc.contents = root;
  return doc.toString({ lineWidth: 0 });
}

function renderReadme(scenarios: Scenario[], bareYears: Map<string, BareYear>): string {
  const rows = [...scenarios]
    .sort((a, b) => compareCodePoints(a.id, b.id))
    .map((s) => {
      const first = s.presences.map((p) => p.from.value).sort()[0] ?? '';
      const open = s.presences.some((p) => p.to === undefined);
      const last = open
        ? 'ongoing'
        : (s.presences
            .map((p) => p.to?.value ?? '')
            .sort()
            .at(-1) ?? '');
      return [`\`${s.id}\``, s.country, s.region, String(s.presences.length), first, last];
    });
  const header = ['id', 'country', 'region', 'presences', 'first month', 'last month'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const table = [
    line(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...rows.map(line),
  ];
  const choices = [...bareYears].map(([key, b]) => {
    const [country = '', acronym = '', side = ''] = key.split('|');
    const how = b.byConvention ? 'no month implied, convention' : 'month implied by the dataset';
    return `- ${country}, ${acronym}, ${side}: ${b.year} became ${b.month} (${how}).`;
  });
  const coverage = Object.entries(REGIONAL_COVERAGE).map(([acronym, c]) =>
    c.countries.length === 0
      ? `- ${acronym}: none of these countries.`
      : `- ${acronym}: ${c.countries.join(', ')}.`,
  );
  return [
    '# Bundled scenarios',
    '',
    `One YAML file per country, ${scenarios.length} in all, generated from the project's dataset`,
    '`data/transitions.json` by `scripts/scenarios-from-dataset.ts`. Edit the script or the',
    'dataset, not these files. `data/CORRECTIONS.md` lists every correction made to the dataset',
    'as it was first compiled, with its source.',
    '',
    ...table,
    '',
    '"presences" counts the entries of the file (regional offices included); "last month" is',
    '"ongoing" when at least one presence has no end.',
    '',
    '## Conventions',
    '',
    '- Fields of a file: `country`, `iso3`, `region`, `regionConfidence`, `end`, `countryTeam` (where a',
    '  source names the Resident Coordinator; none does yet), `presences`; fields of a presence: `name`,',
    '  `title`, `kind`, `from`, `to`, `mandate`, `backstop`, `transitionFrom`, `drawdownFrom`,',
    '  `finalMandate`, `exitDecided`, `exit`, `decisions`, `tasks`, `handover`, `plan`, `budget`,',
    '  `taskSources`, `confidence`, `sources`, `notes`.',
    '- `backstop` is the department that directed the presence before 2019: `DPKO` or `DPA` (DPKO',
    '  directed some political missions: UNAMA, UNAMIS, UNIOSIL, BINUB). For presences before',
    '  1992 it names the line (peacekeeping or political) that DPKO and DPA later took over.',
    '- `transitionFrom`, `drawdownFrom`, `finalMandate` and `exitDecided` are the months the record',
    '  gives for transition planning, drawdown, the final mandate and the decision to end a mission',
    '  against its plan. Each is followed by a comment naming the decision it comes from, and every',
    '  one is backed by an entry of `decisions` (`at`, `ref`: resolution or report symbol, `what`).',
    '  A presence gives only the months the record has: a missing month means the step did not',
    '  happen or is not documented. A `ref` whose number was not seen in a source says so',
    '  ("number from background knowledge") in `what`.',
    '- `exit` says how a presence ended: `completed` (mandate completed, even when a follow-on',
    '  presence came), `replaced` (taken over or absorbed by its successor), or a forced exit:',
    '  `host-consent-withdrawn`, `council-veto`, `council-terminated` (with `exitDecided`).',
    "- `tasks`, `handover`, `plan`, `budget` and `taskSources` (issue 12) give a mission's mandated",
    '  tasks, who took each when it left (`country-team`, `government`, `regional-organization`,',
    '  `completed`, or another presence of the file, optionally with the month `at`), whether the',
    '  transition plan named a women, peace and security element (`plan.gender`) and when it was',
    '  adopted, and the record behind them. They are given only where the record names the tasks, and',
    '  on a planned exit only where it also shows the gender element; a forced exit may leave tasks',
    "  without a receiver (a comment lists them). A task handed to a successor is the successor's",
    '  from then on, so the successor lists it too, with its own receiver when it leaves.',
    '- `end` is the month the dataset was compiled, so every replay runs to the latest source and',
    '  presences still going then (no `to`) are shown as ongoing.',
    '- Months are `YYYY-MM`, always single-quoted so that no YAML reader turns them into numbers or',
    '  dates. `to` is the last active month, inclusive; a presence without `to` is still running.',
    '- `region` is the regional ASG portfolio of the 2019 structure: `africa`,',
    '  `middle-east-asia-pacific` or `europe-central-asia-americas`.',
    '- Presences are sorted by `from`, then by `name`. They may overlap: same-month handovers and',
    '  parallel presences are kept as the dataset gives them.',
    '- Periods with only a UN country team are not presences (they are the absence of a mission).',
    '  Each file lists them in comment lines just above `presences:`.',
    '- `mandate`, `sources` and `notes` are copied unchanged from the dataset, including markers',
    '  such as "(from background knowledge)". `confidence` is the dataset\'s own grade, except',
    '  where a month had to be chosen (see below), which lowers it to `low`.',
    '- Extra facts of the dataset that have no field here (end reason, planned end, a note on the',
    '  region, further ISO codes) travel as trailing comments on the line they concern.',
    '- Where the dataset names a year without a month, the month is chosen from what the dataset',
    '  itself implies, otherwise January for a start and December for an end; the presence then',
    '  gets `confidence: low` and the line says why. The cases:',
    ...(choices.length === 0
      ? ['  none: every date of the dataset has its month.']
      : choices.map((c) => `  ${c}`)),
    '- A regional office (`spm-regional-office`) or regional envoy (`spm-envoy`) appears as a',
    '  presence, with its own dates, sources and grade, in every country its coverage clearly',
    '  includes (a judgement stated in a comment on the `name` line):',
    ...coverage.map((c) => `  ${c}`),
    '',
    '## Regenerating',
    '',
    '```sh',
    'npx tsx scripts/scenarios-from-dataset.ts',
    'npx tsx scripts/scenarios-from-dataset.ts --check',
    '```',
    '',
    'The first command rewrites every file here and then parses each one back to check it; the',
    'second changes nothing and exits with 1 if a file differs from what the dataset gives.',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Checking the output

/** Parses a generated file back and returns the problems found (empty when it is sound). */
function checkScenarioText(text: string, file: string): string[] {
  const problems: string[] = [];
  const doc = parseDocument(text);
  for (const e of [...doc.errors, ...doc.warnings]) problems.push(`${file}: ${e.message}`);
  const data: unknown = doc.toJS();
  if (!isRecord(data)) return [...problems, `${file}: not a mapping`];
  if (typeof data.country !== 'string' || data.country === '') problems.push(`${file}: country`);
  if (typeof data.region !== 'string' || !REGION_IDS.includes(data.region)) {
    problems.push(`${file}: region`);
  }
  if (!Array.isArray(data.presences) || data.presences.length === 0) {
    return [...problems, `${file}: presences`];
  }
  let previous = '';
  data.presences.forEach((p: unknown, i) => {
    const where = `${file}: presences[${i}]`;
    if (!isRecord(p)) {
      problems.push(`${where}: not a mapping`);
      return;
    }
    if (typeof p.name !== 'string' || p.name === '') problems.push(`${where}.name`);
    if (typeof p.kind !== 'string' || !isPresenceKind(p.kind)) problems.push(`${where}.kind`);
    if (typeof p.confidence !== 'string' || !CONFIDENCES.includes(p.confidence)) {
      problems.push(`${where}.confidence`);
    }
    if (typeof p.from !== 'string' || !MONTH.test(p.from)) {
      problems.push(`${where}.from`);
      return;
    }
    if (p.to !== undefined && (typeof p.to !== 'string' || !MONTH.test(p.to) || p.to < p.from)) {
      problems.push(`${where}.to`);
    }
    const order = `${p.from} ${typeof p.name === 'string' ? p.name : ''}`;
    if (order < previous) problems.push(`${where}: out of order`);
    previous = order;
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Command line

/** The repository root (the parent of `scripts/`). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The project's dataset, the generator's default input. */
export const DATASET_FILE = path.join(ROOT, 'data', 'transitions.json');

/** Where the generated files go. */
export const SCENARIOS_DIR = path.join(ROOT, 'scenarios');

/**
 * The files the dataset gives (`<id>.yaml` and `README.md`, by file name), in memory. Throws a
 * `DatasetError` (or a `SyntaxError` for broken JSON) naming the entry and field at fault.
 */
export function generateFiles(datasetPath: string = DATASET_FILE): Map<string, string> {
  const { scenarios, bareYears } = buildScenarios(readDataset(datasetPath));
  const files = new Map<string, string>();
  for (const s of scenarios) files.set(`${s.id}.yaml`, renderScenario(s));
  files.set('README.md', renderReadme(scenarios, bareYears));
  return files;
}

export { DatasetError };

function main(argv: string[]): number {
  const args = argv.filter((a) => !a.startsWith('--'));
  const check = argv.includes('--check');
  const datasetPath = args[0] ?? DATASET_FILE;
  if (args.length > 1) {
    console.error('usage: scenarios-from-dataset [transitions.json] [--check]');
    return 2;
  }
  const outDir = SCENARIOS_DIR;

  let files: Map<string, string>;
  try {
    files = generateFiles(datasetPath);
  } catch (error) {
    if (error instanceof DatasetError || error instanceof SyntaxError) {
      console.error(`${datasetPath}: ${error.message}`);
      return 2;
    }
    throw error;
  }

  const problems: string[] = [];
  for (const [name, text] of files) {
    if (name.endsWith('.yaml')) problems.push(...checkScenarioText(text, name));
  }
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    return 1;
  }

  if (check) {
    const stale = [...files].filter(([name, text]) => {
      const file = path.join(outDir, name);
      return !existsSync(file) || readFileSync(file, 'utf8') !== text;
    });
    for (const [name] of stale) console.error(`scenarios/${name} differs from the dataset`);
    if (stale.length === 0) console.log(`scenarios/: ${files.size} files match the dataset`);
    return stale.length === 0 ? 0 : 1;
  }

  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) writeFileSync(path.join(outDir, name), text);
  // Parse back what is now on disk, not the strings in memory.
  const onDisk: string[] = [];
  for (const name of files.keys()) {
    if (name.endsWith('.yaml')) {
      onDisk.push(...checkScenarioText(readFileSync(path.join(outDir, name), 'utf8'), name));
    }
  }
  if (onDisk.length > 0) {
    for (const p of onDisk) console.error(p);
    return 1;
  }
  console.log(`wrote ${files.size} files to ${path.relative(process.cwd(), outDir) || '.'}`);
  return 0;
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main(process.argv.slice(2));
}

/**
 * The scenario file format as a zod schema (DESIGN.md, "Contracts users rely on"), with the
 * cross-field checks a JSON Schema cannot express, and the JSON Schema generated from it.
 *
 * Decisions the contract leaves open:
 * - `presences` is required and may be empty only when both `start` and `end` are given (a
 *   window with no presence is a non-mission setting; without presences and a window there is
 *   nothing to replay).
 * - Months are strings `YYYY-MM` only. YAML 1.2 (the `yaml` package's default) keeps an unquoted
 *   `1999-10` a string, so it is accepted; `2005-12-01` is refused (not a month), and so is the
 *   date a `%YAML 1.1` document makes of it.
 * - Unknown fields are refused, with the closest known field suggested (`form` -> `from`).
 * - `country` and presence names must contain a non-blank character; they are kept as written.
 */
import { z } from 'zod';
import {
  BACKSTOPS,
  DOCTRINES,
  PRESENCE_EXITS,
  PRESENCE_KINDS,
  RECEIVER_KINDS,
  REGIONS,
  TASKS,
  fromMonthIndex,
  isReceiverKind,
  toMonthIndex,
  type Month,
} from '../domain/index.ts';
import type { Scenario, ScenarioPresence } from './types.ts';

/** `YYYY-MM`, month 01..12; the same months as `isMonth` in src/domain/months.ts. */
export const MONTH_REGEX = /^\d{4}-(0[1-9]|1[0-2])$/;

export const CONFIDENCES = ['high', 'medium', 'low'] as const;

export const SCENARIO_FIELDS = [
  'country',
  'iso3',
  'region',
  'regionConfidence',
  'doctrine',
  'start',
  'end',
  'countryTeam',
  'presences',
] as const;

export const PRESENCE_FIELDS = [
  'name',
  'kind',
  'from',
  'to',
  'mandate',
  'title',
  'confidence',
  'sources',
  'notes',
  'transitionLead',
  'backstop',
  'finalMandate',
  'transitionFrom',
  'drawdownFrom',
  'exit',
  'exitDecided',
  'decisions',
  'tasks',
  'handover',
  'plan',
  'budget',
  'taskSources',
] as const;

/** The fields of one dated decision in a presence's `decisions`. */
export const DECISION_FIELDS = ['at', 'ref', 'what'] as const;

/** A short, quoted rendering of a value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? 'an invalid date'
      : `the date ${value.toISOString().slice(0, 10)}`;
  }
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return `a ${typeof value}`;
}

/** A zod error function: "missing required field" when absent, else "expected X, got Y". */
function expected(what: string): (issue: { input?: unknown }) => string {
  return (issue) =>
    issue.input === undefined
      ? 'missing required field'
      : `expected ${what}, got ${describeValue(issue.input)}`;
}

const oneOf = (values: readonly string[]): string => `one of ${values.join(', ')}`;

const month = (description: string) =>
  z
    .string({ error: expected('a month YYYY-MM') })
    .regex(MONTH_REGEX, { error: expected('a month YYYY-MM') })
    .meta({ description });

const text = (description: string) => z.string({ error: expected('a text') }).meta({ description });

const nonBlank = (description: string) =>
  z
    .string({ error: expected('a text') })
    .regex(/\S/, { error: 'must not be empty' })
    .meta({ description });

const confidence = z
  .enum(CONFIDENCES, { error: expected(oneOf(CONFIDENCES)) })
  .meta({ description: 'How sure the source data is: high, medium or low.' });

/** One dated decision behind a presence's months: when, which instrument, what it decided. */
export const decisionSchema = z
  .strictObject(
    {
      at: month('The month of the decision, YYYY-MM.'),
      ref: nonBlank('The instrument, e.g. "S/RES/2333 (2016)".'),
      what: nonBlank('What it decided.'),
    },
    { error: expected('a decision (a mapping with at, ref and what)') },
  )
  .meta({ title: 'Decision' });

const task = z.enum(TASKS, { error: expected(`a task: ${oneOf(TASKS)}`) });

const receiverText = nonBlank(
  `Who receives the task: ${RECEIVER_KINDS.join(', ')}, or the name of another presence of this scenario.`,
);

const texts = (description: string) =>
  z
    .array(z.string({ error: expected('a text') }), { error: expected('a list of texts') })
    .meta({ description });

/** A task's receiver, alone or with the month of the handover. */
export const handoverSchema = z
  .union(
    [
      receiverText,
      z.strictObject({
        to: receiverText,
        at: month(
          'The month the task is handed over, YYYY-MM; default: the month the presence is withdrawn (after `to`).',
        ).optional(),
      }),
    ],
    { error: expected('a receiver, or a mapping with to and at') },
  )
  .meta({ title: 'Handover' });

export const planSchema = z
  .strictObject(
    {
      gender: z.boolean({ error: expected('true or false') }).meta({
        description:
          'The plan names a women, peace and security / gender element (note 2017, paragraph 12). A plan without one is refused.',
      }),
      adopted: month(
        'The month the plan was adopted, YYYY-MM; default: the month transition planning began.',
      ).optional(),
    },
    { error: expected('a plan (a mapping with gender and adopted)') },
  )
  .meta({ title: 'Plan' });

export const countryTeamSchema = z
  .union(
    [
      z.literal(false, { error: expected('false or a mapping') }),
      z.strictObject({
        since: month('First month the UN country team is present, YYYY-MM.').optional(),
        until: month('Last month the UN country team is present, YYYY-MM.').optional(),
        residentCoordinator: nonBlank('The Resident Coordinator, where known.').optional(),
        sources: texts('Where the facts come from.').optional(),
      }),
    ],
    {
      error: expected(
        'false (no country team) or a mapping with since, until, residentCoordinator',
      ),
    },
  )
  .meta({
    title: 'Country team',
    description:
      'The UN country team under the Resident Coordinator: present throughout unless false or bounded by since/until.',
  });

/** One presence: a UN mission or office active in the country over a span of months. */
export const presenceSchema = z
  .strictObject(
    {
      name: nonBlank('Short name (acronym) of the presence, unique among overlapping presences.'),
      kind: z.enum(PRESENCE_KINDS, { error: expected(oneOf(PRESENCE_KINDS)) }).meta({
        description: 'Kind of presence; decides which department supports it under each doctrine.',
      }),
      from: month('First month active, YYYY-MM.'),
      to: month('Last month active, inclusive, YYYY-MM; absent = ongoing to the end.').optional(),
      mandate: text('The mandating instrument, e.g. "S/RES/1270 (1999)".').optional(),
      title: text('Full name of the presence.').optional(),
      confidence: confidence.optional(),
      sources: z
        .array(z.string({ error: expected('a text') }), { error: expected('a list of texts') })
        .meta({ description: 'Where the facts come from (URLs or citations).' })
        .optional(),
      notes: text('Free text.').optional(),
      transitionLead: z
        .int({ error: expected('a whole number of months') })
        .min(1, { error: expected('a whole number of months from 1 to 120') })
        .max(120, { error: expected('a whole number of months from 1 to 120') })
        .meta({
          description: 'Months before `to` at which the final mandate is decided (default 12).',
        })
        .optional(),
      backstop: z
        .enum(BACKSTOPS, { error: expected(oneOf(BACKSTOPS)) })
        .meta({
          description:
            'Before 2019-01, the department that directed the presence: DPA or DPKO (default DPKO for pko, DPA for every other kind).',
        })
        .optional(),
      finalMandate: month(
        'The month the Council (or Assembly) decided this mandate is the last, YYYY-MM.',
      ).optional(),
      transitionFrom: month(
        'The month transition planning began (plan, strategic review, resolution), YYYY-MM.',
      ).optional(),
      drawdownFrom: month('The month the drawdown began, YYYY-MM.').optional(),
      exit: z
        .enum(PRESENCE_EXITS, { error: expected(oneOf(PRESENCE_EXITS)) })
        .meta({
          description:
            'How the presence ended: completed, replaced (by a successor), or a forced exit (host-consent-withdrawn, council-veto, council-terminated).',
        })
        .optional(),
      exitDecided: month(
        'The month the decision to end the presence was taken, YYYY-MM; a forced exit starts its drawdown then.',
      ).optional(),
      decisions: z
        .array(decisionSchema, { error: expected('a list of decisions') })
        .meta({ description: 'The record behind the decision months: resolutions or reports.' })
        .optional(),
      tasks: z
        .array(task, { error: expected('a list of tasks') })
        .meta({ description: `Mandated tasks of the mission: ${TASKS.join(', ')}.` })
        .optional(),
      handover: z
        .partialRecord(task, handoverSchema, {
          error: expected('a mapping from task to receiver'),
        })
        .meta({
          description:
            'Task -> receiver when the presence leaves. A planned exit needs a receiver for every task.',
        })
        .optional(),
      plan: planSchema.optional(),
      budget: z
        .number({ error: expected('a number of USD millions per year') })
        .min(0, { error: expected('a budget of 0 or more') })
        .max(100000, { error: expected('a budget in USD millions, at most 100000') })
        .meta({ description: 'Assessed budget in force, USD millions per year.' })
        .optional(),
      taskSources: texts(
        'Where the tasks, receivers, plan and budget come from (resolutions, reports).',
      ).optional(),
    },
    { error: expected('a presence (a mapping with name, kind and from)') },
  )
  .meta({ title: 'Presence' });

/** The fields of a scenario file, without the cross-field checks. */
export const scenarioObjectSchema = z
  .strictObject({
    country: nonBlank('Name of the country (or territory) the scenario follows.'),
    iso3: z
      .string({ error: expected('an ISO 3166-1 alpha-3 code') })
      .regex(/^[A-Z]{3}$/, { error: expected('three upper-case letters (ISO 3166-1 alpha-3)') })
      .meta({ description: 'ISO 3166-1 alpha-3 code, e.g. SLE.' })
      .optional(),
    region: z.enum(REGIONS, { error: expected(oneOf(REGIONS)) }).meta({
      description: 'The regional ASG portfolio (2019 structure) whose team serves the country.',
    }),
    regionConfidence: confidence.optional(),
    doctrine: z
      .enum(DOCTRINES, { error: expected(oneOf(DOCTRINES)) })
      .meta({ description: 'Which lead rule applies; the CLI flag wins. Default note-2017.' })
      .optional(),
    start: month('First month of the window, YYYY-MM; default: the earliest `from`.').optional(),
    end: month('Last month of the window, YYYY-MM; default: the latest month named.').optional(),
    countryTeam: countryTeamSchema.optional(),
    presences: z.array(presenceSchema, { error: expected('a list of presences') }).meta({
      description: 'The presences; may be empty only when both `start` and `end` are given.',
    }),
  })
  .meta({
    title: 'Scenario',
    description:
      'A country history for pillar-transitions: its region and UN presences over time. Also ' +
      'checked beyond this schema: `to` not before `from`, `end` not before `start`, no two ' +
      'presences with the same name active in the same month.',
  });

/** A cross-field problem: the path of the field to blame and what is wrong. */
export interface CrossFieldIssue {
  path: (string | number)[];
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function monthIndex(value: unknown): number | undefined {
  return typeof value === 'string' && MONTH_REGEX.test(value) ? toMonthIndex(value) : undefined;
}

/**
 * The checks that involve several fields. Works on raw, possibly invalid data: a check runs only
 * where the fields it needs are well-formed, so these issues can be reported next to the schema's.
 */
export function checkCrossFields(raw: unknown): CrossFieldIssue[] {
  if (!isRecord(raw)) return [];
  const issues: CrossFieldIssue[] = [];
  const start = monthIndex(raw.start);
  const end = monthIndex(raw.end);
  if (start !== undefined && end !== undefined && end < start) {
    issues.push({
      path: ['end'],
      message: `${raw.end as Month} is before start ${raw.start as Month}`,
    });
  }
  const presences = Array.isArray(raw.presences) ? (raw.presences as unknown[]) : undefined;
  if (presences?.length === 0 && (raw.start === undefined || raw.end === undefined)) {
    issues.push({
      path: ['presences'],
      message:
        'expected at least one presence (or both `start` and `end` for a window without any)',
    });
  }
  const firstOfName = new Map<string, number>();
  let earliest: number | undefined;
  for (const [index, p] of (presences ?? []).entries()) {
    if (!isRecord(p)) continue;
    // The machine tells presences apart by name, so a name may serve one presence only.
    if (typeof p.name === 'string') {
      const first = firstOfName.get(p.name);
      if (first === undefined) firstOfName.set(p.name, index);
      else {
        issues.push({
          path: ['presences', index, 'name'],
          message: `duplicate presence name ${JSON.stringify(p.name)}: presences[${first}] has the same name; give each presence its own name`,
        });
      }
    }
    const from = monthIndex(p.from);
    if (from !== undefined) earliest = Math.min(earliest ?? from, from);
    const to = p.to === undefined ? Number.POSITIVE_INFINITY : monthIndex(p.to);
    if (from === undefined || to === undefined) continue;
    if (to < from) {
      issues.push({
        path: ['presences', index, 'to'],
        message: `${p.to as Month} is before from ${p.from as Month}`,
      });
    }
    issues.push(...checkDecisionOrder(p, index, from, to));
  }
  issues.push(...checkTasks(presences ?? [], firstOfName));
  if (isRecord(raw.countryTeam)) {
    const since = monthIndex(raw.countryTeam.since);
    const until = monthIndex(raw.countryTeam.until);
    if (since !== undefined && until !== undefined && until < since) {
      issues.push({
        path: ['countryTeam', 'until'],
        message: `${raw.countryTeam.until as Month} is before since ${raw.countryTeam.since as Month}`,
      });
    }
  }
  if (start === undefined && end !== undefined && earliest !== undefined && end < earliest) {
    issues.push({
      path: ['end'],
      message: `${raw.end as Month} is before the window's first month (the earliest from, ${fromMonthIndex(earliest)})`,
    });
  }
  return issues;
}

/**
 * Tasks and their receivers: only missions hold tasks, each listed once; a handover names a task
 * the presence holds or receives from another presence, and a receiver that is a receiver kind or
 * another presence of the scenario.
 */
function checkTasks(presences: unknown[], names: Map<string, number>): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  // Tasks a presence receives from others (a successor) are its own to hand over in turn.
  const received = new Map<unknown, Set<string>>();
  for (const p of presences) {
    if (!isRecord(p) || !isRecord(p.handover)) continue;
    for (const [task, value] of Object.entries(p.handover)) {
      const to = isRecord(value) ? value.to : value;
      if (!received.has(to)) received.set(to, new Set());
      received.get(to)?.add(task);
    }
  }
  for (const [index, p] of presences.entries()) {
    if (!isRecord(p)) continue;
    const tasks = Array.isArray(p.tasks) ? (p.tasks as unknown[]) : undefined;
    if (tasks !== undefined && tasks.length > 0 && p.kind === 'spm-regional-office') {
      issues.push({
        path: ['presences', index, 'tasks'],
        message:
          'a regional office covers the country from outside and holds no mandated tasks; give them to a mission',
      });
    }
    const seen = new Set<unknown>();
    for (const [i, t] of (tasks ?? []).entries()) {
      if (seen.has(t)) {
        issues.push({
          path: ['presences', index, 'tasks', i],
          message: `${describeValue(t)} is listed twice`,
        });
      }
      seen.add(t);
    }
    if (!isRecord(p.handover)) continue;
    for (const [key, value] of Object.entries(p.handover)) {
      if (!seen.has(key) && !(received.get(p.name)?.has(key) ?? false)) {
        issues.push({
          path: ['presences', index, 'handover', key],
          message: `${key} is neither one of this presence's tasks (${tasks?.length ? tasks.join(', ') : 'none listed'}) nor one handed to it`,
        });
      }
      const to = isRecord(value) ? value.to : value;
      if (typeof to !== 'string') continue;
      const field = isRecord(value) ? [key, 'to'] : [key];
      if (to === p.name) {
        issues.push({
          path: ['presences', index, 'handover', ...field],
          message: `${p.name} cannot hand ${key} to itself`,
        });
      } else if (!isReceiverKind(to) && !names.has(to)) {
        issues.push({
          path: ['presences', index, 'handover', ...field],
          message: `unknown receiver ${describeValue(to)}: expected ${RECEIVER_KINDS.join(', ')}, or the name of another presence of this scenario`,
        });
      }
    }
  }
  return issues;
}

/**
 * The order of a presence's decision months: `from <= transitionFrom <= drawdownFrom <= to`,
 * `from <= finalMandate <= to` and `from <= exitDecided <= to`. Planning often starts before the
 * final mandate, so those two are not ordered. Each field is blamed against the nearest bound.
 */
function checkDecisionOrder(
  p: Record<string, unknown>,
  index: number,
  from: number,
  to: number,
): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const after = (field: string, bound: string, boundIndex: number | undefined): void => {
    const value = monthIndex(p[field]);
    if (value === undefined || boundIndex === undefined || value >= boundIndex) return;
    issues.push({
      path: ['presences', index, field],
      message: `${p[field] as Month} is before ${bound} ${p[bound] as Month}`,
    });
  };
  const notAfterTo = (field: string): void => {
    const value = monthIndex(p[field]);
    if (value === undefined || value <= to) return;
    issues.push({
      path: ['presences', index, field],
      message: `${p[field] as Month} is after to ${p.to as Month}`,
    });
  };
  const transitionFrom = monthIndex(p.transitionFrom);
  after('transitionFrom', 'from', from);
  after(
    'drawdownFrom',
    transitionFrom === undefined ? 'from' : 'transitionFrom',
    transitionFrom ?? from,
  );
  after('finalMandate', 'from', from);
  after('exitDecided', 'from', from);
  for (const field of ['transitionFrom', 'drawdownFrom', 'finalMandate', 'exitDecided']) {
    notAfterTo(field);
  }
  return issues;
}

/** The scenario schema: every field and every cross-field check. Its output is a `Scenario`. */
export const scenarioSchema = scenarioObjectSchema.superRefine((value, ctx) => {
  for (const issue of checkCrossFields(value)) {
    ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, input: value });
  }
});

/** The JSON Schema (draft 2020-12) of a scenario file; cross-field checks are described only. */
export function toJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioObjectSchema, { target: 'draft-2020-12' });
}

// Compile-time proof that the schema's output is exactly the `Scenario` type, both ways.
type Output = z.output<typeof scenarioSchema>;
type PresenceOutput = z.output<typeof presenceSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const scenarioTypeMatches: Same<Output, Scenario> = true;
const presenceTypeMatches: Same<PresenceOutput, ScenarioPresence> = true;
void scenarioTypeMatches;
void presenceTypeMatches;

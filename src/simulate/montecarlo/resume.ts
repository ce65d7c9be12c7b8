/**
 * The files of a run directory: run.json (the parameters), countries.jsonl (one line per
 * country, in index order, appended as countries complete) and summary.json. Reading them back
 * lets an interrupted run continue where it stopped; both files are checked like any input:
 * run.json through the one loader with its schema (ranges included), every line of
 * countries.jsonl against the record schema and against the run (each line carries a check
 * derived from the seed, years, doctrine, model and country index).
 */
import { createHash } from 'node:crypto';
import { existsSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { EXIT_CAUSES, PHASES } from '../../../machines/country-types.ts';
import { DEPARTMENTS, DOCTRINES, REGIONS, SERVICES, isMonth } from '../../domain/index.ts';
import { FileError, InputError, quote, type FileIssue } from '../../io/errors.ts';
import { readLines } from '../../io/read.ts';
import { formatPath, loadWithSchema, type SchemaSpec } from '../../io/structured.ts';
import { modelSchema } from './model.ts';
import { taskRecordSchema, type CountryRecord, type SimulationParams } from './trajectory.ts';

export const RUN_FILE = 'run.json';
export const COUNTRIES_FILE = 'countries.jsonl';
export const SUMMARY_FILE = 'summary.json';

/** The ranges `pillar simulate` accepts, for flags and run.json alike. */
export const RUN_LIMITS = { countries: 10_000_000, years: 200 } as const;

/** The content of run.json: the parameters that decide every result, nothing else. */
export function toRunFile(params: SimulationParams): string {
  const { countries, years, seed, doctrine, model } = params;
  return `${JSON.stringify({ command: 'pillar simulate', countries, years, seed, doctrine, model }, null, 2)}\n`;
}

const whole = (min: number, max: number) =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });

const runFileSchema = z.strictObject({
  command: z.literal('pillar simulate').optional(),
  countries: whole(1, RUN_LIMITS.countries),
  years: whole(1, RUN_LIMITS.years),
  seed: whole(0, Number.MAX_SAFE_INTEGER),
  doctrine: z.enum(DOCTRINES, { error: `expected one of ${DOCTRINES.join(', ')}` }),
  model: modelSchema,
});

/** run.json that cannot be resumed: every issue with its field, line and column. */
export class RunFileError extends FileError {
  constructor(issues: FileIssue[]) {
    super(issues.map((i) => ({ ...i, message: `--resume: ${i.message}` })));
    this.name = 'RunFileError';
  }
}

const RUN_SPEC: SchemaSpec<z.infer<typeof runFileSchema>> = {
  schema: runFileSchema,
  toError: (issues) => new RunFileError(issues),
  expected: 'the parameters of a run',
  topLevel: 'a mapping of run parameters',
};

/**
 * Reads and checks run.json of `dir`.
 * @throws InputError when it is missing, RunFileError when it is not a valid run file.
 */
export function readRunFile(dir: string): SimulationParams {
  const path = join(dir, RUN_FILE);
  if (!existsSync(path))
    throw new InputError(`--resume: ${path} does not exist; nothing to resume in ${dir}`);
  const { countries, years, seed, doctrine, model } = loadWithSchema(path, RUN_SPEC, {
    json: true,
  });
  return { countries, years, seed, doctrine, model };
}

/** JSON with the keys of every object sorted: the same data gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A digest of what decides every record of a run: seed, years, doctrine and model. */
export function runKey(params: SimulationParams): string {
  const { seed, years, doctrine, model } = params;
  return createHash('sha256').update(canonical({ seed, years, doctrine, model })).digest('hex');
}

/** The check a record of country `index` carries: 16 hex digits of sha256(run key, index). */
export function recordCheck(key: string, index: number): string {
  return createHash('sha256').update(`${key}:${index}`).digest('hex').slice(0, 16);
}

/** One line of countries.jsonl: the record with its check first. */
export function toCountryLine(key: string, record: CountryRecord): string {
  return `${JSON.stringify({ check: recordCheck(key, record.index), ...record })}\n`;
}

const count = z.int().nonnegative();
const month = z.string().refine(isMonth, { error: 'expected a month YYYY-MM' });
const countryLineSchema = z.strictObject({
  check: z.string().regex(/^[0-9a-f]{16}$/, { error: 'expected the 16-digit check of the run' }),
  index: count,
  country: z.string(),
  region: z.enum(REGIONS),
  team: z.string(),
  periods: z.array(z.tuple([z.enum(PHASES), month, month])),
  handovers: z.array(z.tuple([month, z.enum(DEPARTMENTS), z.enum(DEPARTMENTS)])),
  transitions: z.record(z.string(), count),
  relapses: count,
  forcedExits: z.partialRecord(z.enum(EXIT_CAUSES), count),
  services: z.partialRecord(z.enum(SERVICES), count),
  steps: count,
  refused: z.array(z.strictObject({ step: count, month, event: z.string(), reason: z.string() })),
  violations: z.array(
    z.strictObject({
      step: z.int().min(-1),
      month: month.nullable(),
      invariant: z.string(),
      message: z.string(),
      event: z.string().nullable(),
    }),
  ),
  tasks: taskRecordSchema.optional(),
});

/**
 * The complete lines of countries.jsonl, each checked; the file is cut back after them (an
 * interrupted write leaves at most one partial line, without its line feed, which is dropped).
 * @throws FileError (exit 2) naming the line of a record that is not valid JSON, does not match
 * the record schema, is out of order, belongs to another seed or model, or is one too many.
 */
export function readCompletedCountries(dir: string, params: SimulationParams): CountryRecord[] {
  const path = join(dir, COUNTRIES_FILE);
  if (!existsSync(path)) return [];
  const key = runKey(params);
  const records: CountryRecord[] = [];
  const refuse = (line: number, message: string): never => {
    throw new FileError([{ file: path, path: '', line, message: `--resume: ${message}` }]);
  };
  const read = readLines(
    path,
    (text, line) => {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch {
        return refuse(line, 'not a JSON record (the file was changed or is not from this run)');
      }
      const parsed = countryLineSchema.safeParse(data);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = formatPath(issue?.path ?? []);
        return refuse(line, `${field || 'record'}: ${issue?.message ?? 'invalid'}`);
      }
      const { check, ...record } = parsed.data;
      if (record.index !== records.length)
        refuse(line, `country ${record.index} where ${records.length} was expected`);
      if (records.length >= params.countries)
        refuse(line, `more records than the ${params.countries} countries of the run`);
      if (check !== recordCheck(key, record.index)) {
        refuse(
          line,
          `the record of country ${record.index} is not from this run (check ${quote(check)} does not match the seed, years, doctrine and model of run.json)`,
        );
      }
      records.push(record as CountryRecord);
      return true;
    },
    { what: 'a countries.jsonl file' },
  );
  if (read.partialTail) truncateSync(path, read.completeBytes);
  return records;
}

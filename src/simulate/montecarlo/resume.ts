/**
 * The files of a run directory: run.json (the parameters), countries.jsonl (one line per
 * country, in index order, appended as countries complete) and summary.json. Reading them back
 * lets an interrupted run continue where it stopped.
 */
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../io/errors.ts';
import { isDoctrine } from '../../domain/index.ts';
import { formatPath } from '../../scenario/errors.ts';
import { modelSchema } from './model.ts';
import type { CountryRecord, SimulationParams } from './trajectory.ts';

export const RUN_FILE = 'run.json';
export const COUNTRIES_FILE = 'countries.jsonl';
export const SUMMARY_FILE = 'summary.json';

/** The content of run.json: the parameters that decide every result, nothing else. */
export function toRunFile(params: SimulationParams): string {
  const { countries, years, seed, doctrine, model } = params;
  return `${JSON.stringify({ command: 'pillar simulate', countries, years, seed, doctrine, model }, null, 2)}\n`;
}

/** Reads and checks run.json of `dir`. */
export function readRunFile(dir: string): SimulationParams {
  const path = join(dir, RUN_FILE);
  if (!existsSync(path))
    throw new InputError(`--resume: ${path} does not exist; nothing to resume in ${dir}`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`--resume: ${path} is not JSON: ${(error as Error).message}`);
  }
  const int = (field: string, min: number): number => {
    const value = raw[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new InputError(`--resume: ${path}: ${field} must be an integer >= ${min}`);
    }
    return value;
  };
  const doctrine = raw.doctrine;
  if (!isDoctrine(doctrine))
    throw new InputError(`--resume: ${path}: doctrine must be note-2017 or adopted-2019`);
  const model = modelSchema.safeParse(raw.model);
  if (!model.success) {
    const issue = model.error.issues[0];
    throw new InputError(
      `--resume: ${path}: ${formatPath(['model', ...(issue?.path ?? [])])}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return {
    countries: int('countries', 1),
    years: int('years', 1),
    seed: int('seed', 0),
    doctrine,
    model: model.data,
  };
}

/**
 * The complete, well-formed lines at the start of countries.jsonl, parsed; the file is cut
 * back to them (an interrupted write leaves at most one partial line).
 */
export function readCompletedCountries(dir: string, countries: number): CountryRecord[] {
  const path = join(dir, COUNTRIES_FILE);
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const records: CountryRecord[] = [];
  let offset = 0;
  while (records.length < countries) {
    const newline = text.indexOf('\n', offset);
    if (newline < 0) break;
    let record: CountryRecord;
    try {
      record = JSON.parse(text.slice(offset, newline)) as CountryRecord;
    } catch {
      break;
    }
    if (record.index !== records.length || !Array.isArray(record.periods)) break;
    records.push(record);
    offset = newline + 1;
  }
  if (Buffer.byteLength(text.slice(0, offset)) !== Buffer.byteLength(text)) {
    truncateSync(path, Buffer.byteLength(text.slice(0, offset)));
  }
  return records;
}

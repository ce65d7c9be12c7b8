/**
 * Reading a mapping file (YAML, or JSON for `.json`): another mapping of the legacy units and/or
 * another table of posts, checked against the same legacy units and new homes. Missing parts keep
 * the defaults. A unit or home id that does not exist is bad input (exit 2), not a failed check;
 * only `resources.after[].from` may name a source outside the pillar (the checks refuse it).
 */
import { z } from 'zod';
import type { MappingEntry, ResourceTable } from '../domain/legacy.ts';
import { ScenarioError, closestNames, type ScenarioIssue } from '../scenario/errors.ts';
import { loadWithSchema, parseWithSchema, type Path, type SchemaSpec } from '../io/structured.ts';
import { DEFAULT_PLAN, type RestructuringPlan } from '../domain/restructuring-plan.ts';

/** A mapping file that cannot be read: every issue with its field path, line and column. */
export class MappingFileError extends ScenarioError {
  constructor(issues: ScenarioIssue[]) {
    super(issues);
    this.name = 'MappingFileError';
  }
}

const id = z.string().trim().min(1, 'must not be empty');
const posts = z
  .number()
  .int('posts must be a whole number')
  .nonnegative('posts must not be negative');

const mappingFileSchema = z.strictObject({
  note: z.string().optional(),
  mapping: z
    .array(
      z.strictObject({
        unit: id,
        home: id,
        functions: z.array(id),
        paragraph: z.string().default(''),
        why: z.string().default(''),
      }),
    )
    .optional(),
  resources: z
    .strictObject({
      illustrative: z.boolean(),
      note: z.string().default(''),
      before: z.array(z.strictObject({ unit: id, posts })),
      after: z.array(z.strictObject({ home: id, from: id, posts })),
    })
    .optional(),
});

interface MappingFile {
  mapping?: MappingEntry[];
  resources?: ResourceTable;
}

/** `unknown unit "x" (closest: a, b, c)`: the nearest known ids first. */
function unknownId(what: string, id: string, known: readonly string[]): string {
  return `unknown ${what} ${JSON.stringify(id)} (closest: ${closestNames(id, known).join(', ')})`;
}

/** Every unit and home id the file names that the default plan does not know. */
function checkKnownIds(data: MappingFile): { path: Path; message: string }[] {
  const units = DEFAULT_PLAN.units.map((u) => u.id);
  const homes = DEFAULT_PLAN.homes.map((h) => h.id);
  const issues: { path: Path; message: string }[] = [];
  const expect = (id: string, known: readonly string[], what: string, path: Path): void => {
    if (!known.includes(id)) issues.push({ path, message: unknownId(what, id, known) });
  };
  data.mapping?.forEach((entry, i) => {
    expect(entry.unit, units, 'unit', ['mapping', i, 'unit']);
    expect(entry.home, homes, 'home', ['mapping', i, 'home']);
  });
  data.resources?.before.forEach((row, i) =>
    expect(row.unit, units, 'unit', ['resources', 'before', i, 'unit']),
  );
  data.resources?.after.forEach((row, i) =>
    expect(row.home, homes, 'home', ['resources', 'after', i, 'home']),
  );
  return issues;
}

/** How mapping files are checked by the one loader (src/io/structured.ts). */
const MAPPING_SPEC: SchemaSpec<MappingFile> = {
  schema: mappingFileSchema,
  toError: (issues) => new MappingFileError(issues),
  expected: 'a mapping',
  extra: checkKnownIds,
};

function toPlan(data: MappingFile): RestructuringPlan {
  return {
    ...DEFAULT_PLAN,
    ...(data.mapping === undefined ? {} : { mapping: data.mapping }),
    ...(data.resources === undefined ? {} : { resources: data.resources }),
  };
}

/** A mapping file: YAML, or JSON (a `.json` file must be JSON). @throws MappingFileError */
export function parsePlanText(source: string, file: string): RestructuringPlan {
  return toPlan(parseWithSchema(source, file, MAPPING_SPEC));
}

/** Reads a mapping file. @throws MappingFileError */
export function loadPlanFile(path: string): RestructuringPlan {
  return toPlan(loadWithSchema(path, MAPPING_SPEC));
}

/**
 * Reading a mapping file (YAML or JSON): another mapping of the legacy units and/or another table
 * of posts, checked against the same legacy units and new homes. Missing parts keep the defaults.
 */
import { z } from 'zod';
import type { MappingEntry, ResourceTable } from '../domain/legacy.ts';
import { ScenarioError, type ScenarioIssue } from '../scenario/errors.ts';
import { parseYamlWithSchema, readInputFile } from '../pillar/structure-file.ts';
import type { RestructuringPlan } from './checks.ts';
import { DEFAULT_PLAN } from './plan.ts';

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

/**
 * Parses a mapping file's text into a plan over the default legacy units and homes.
 * @throws MappingFileError naming the file, field path, line and column.
 */
export function parsePlanText(source: string, file: string): RestructuringPlan {
  const data = parseYamlWithSchema(
    source,
    file,
    mappingFileSchema as unknown as z.ZodType<MappingFile>,
    (issues) => new MappingFileError(issues),
  );
  return {
    ...DEFAULT_PLAN,
    ...(data.mapping === undefined ? {} : { mapping: data.mapping }),
    ...(data.resources === undefined ? {} : { resources: data.resources }),
  };
}

/** Reads a mapping file. @throws MappingFileError */
export function loadPlanFile(path: string): RestructuringPlan {
  return parsePlanText(
    readInputFile(path, (issues) => new MappingFileError(issues), 'a mapping file'),
    path,
  );
}

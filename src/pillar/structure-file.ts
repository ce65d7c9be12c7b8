/**
 * Reading a regional structure file (YAML or JSON) into a validated `PillarStructure`, or a
 * `StructureError` listing every problem with its field path, line and column.
 */
import { z } from 'zod';
import { DEPARTMENTS, REGIONS } from '../domain/index.ts';
import type { PillarStructure } from '../domain/structure.ts';
import { ScenarioError, formatPath, type ScenarioIssue } from '../scenario/errors.ts';
import { loadWithSchema, parseWithSchema, type Path, type SchemaSpec } from '../io/structured.ts';

/** A structure file that cannot be used: every issue as `FILE:LINE:COLUMN: PATH: MESSAGE`. */
export class StructureError extends ScenarioError {
  constructor(issues: ScenarioIssue[]) {
    super(issues);
    this.name = 'StructureError';
  }
}

const text = (what: string) =>
  z
    .string({
      error: (issue) =>
        issue.input === undefined ? 'missing required field' : `expected ${what} (text)`,
    })
    .trim()
    .min(1, `${what} must not be empty`);

const divisionSchema = z.strictObject({
  id: text('a division id'),
  name: text('a division name'),
  note: z.string().optional(),
});

const regionSchema = z.strictObject({
  region: z.enum(REGIONS, { error: () => `expected one of ${REGIONS.join(', ')}` }),
  name: text('a region name'),
  asg: text('the regional ASG'),
  divisions: z.array(divisionSchema).min(1, 'a regional ASG needs at least one division'),
});

const crossSchema = z.strictObject({
  id: text('an id'),
  department: z.enum(DEPARTMENTS, { error: () => `expected one of ${DEPARTMENTS.join(', ')}` }),
  asg: text('the ASG'),
  scope: text('the scope'),
  source: text('the source'),
});

/** The schema of a structure file. Region ids are the domain's: the country machine needs them. */
export const structureSchema = z.strictObject({
  id: text('an id'),
  title: text('a title'),
  source: text('a source'),
  regions: z.array(regionSchema).min(1, 'a structure needs at least one regional ASG'),
  crossRegional: z.array(crossSchema).default([]),
});

/** A field path into parsed data. */
export type { Path };

/** Issues zod cannot see: the same region, division id or ASG named twice. */
function checkUnique(structure: PillarStructure): { path: Path; message: string }[] {
  const issues: { path: Path; message: string }[] = [];
  const seen = new Map<string, string>();
  const once = (key: string, path: Path, message: string) => {
    const first = seen.get(key);
    if (first !== undefined) issues.push({ path, message: `${message} (first at ${first})` });
    else seen.set(key, formatPath(path));
  };
  structure.regions.forEach((r, i) => {
    once(`region:${r.region}`, ['regions', i, 'region'], `region ${r.region} appears twice`);
    once(`asg:${r.asg}`, ['regions', i, 'asg'], `ASG ${JSON.stringify(r.asg)} appears twice`);
    r.divisions.forEach((d, j) =>
      once(
        `division:${d.id}`,
        ['regions', i, 'divisions', j, 'id'],
        `division ${d.id} appears twice`,
      ),
    );
  });
  structure.crossRegional.forEach((c, i) =>
    once(`asg:${c.asg}`, ['crossRegional', i, 'asg'], `ASG ${JSON.stringify(c.asg)} appears twice`),
  );
  return issues;
}

/** How structure files are checked by the one loader (src/io/structured.ts). */
const STRUCTURE_SPEC: SchemaSpec<PillarStructure> = {
  schema: structureSchema,
  toError: (issues) => new StructureError(issues),
  expected: 'a structure',
  extra: checkUnique,
};

/**
 * Parses and validates the text of a structure file; `file` names it in messages.
 * @throws StructureError with every problem found.
 */
export function parseStructureText(source: string, file: string): PillarStructure {
  return parseWithSchema(source, file, STRUCTURE_SPEC);
}

/**
 * Reads a structure file.
 * @throws StructureError when the file is missing, unreadable, not a regular file, too large or
 * invalid.
 */
export function loadStructureFile(path: string): PillarStructure {
  return loadWithSchema(path, STRUCTURE_SPEC);
}

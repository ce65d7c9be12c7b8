/**
 * Reading a regional structure file (YAML or JSON) into a validated `PillarStructure`, or a
 * `StructureError` listing every problem with its field path, line and column.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { DEPARTMENTS, REGIONS } from '../domain/index.ts';
import type { PillarStructure } from '../domain/structure.ts';
import { ScenarioError, formatPath, type ScenarioIssue } from '../scenario/errors.ts';
import { isJsonFile, parseJson } from '../scenario/load.ts';

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
export type Path = readonly PropertyKey[];

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

/** Line and column of the node a path points to (the key's when the value is missing). */
function locate(
  doc: Document,
  counter: LineCounter,
  path: Path,
  atKey = false,
): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as { range?: number[] } | null)?.range?.[0];
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
      if (!pair) break;
      const value = pair.value as { range?: number[] } | null;
      const keyOffset = (pair.key as { range?: number[] } | null)?.range?.[0];
      offset =
        (atKey && i === path.length - 1 ? keyOffset : value?.range?.[0]) ?? keyOffset ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as { range?: number[] } | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  if (offset === undefined) return undefined;
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

/**
 * Parses YAML (or JSON) text and validates it with `schema`; every problem becomes an issue with
 * the file, the field path, line and column. `extra` adds checks zod cannot express.
 * @throws the error `toError` builds from the issues.
 */
export function parseYamlWithSchema<T>(
  source: string,
  file: string,
  schema: z.ZodType<T>,
  toError: (issues: ScenarioIssue[]) => Error,
  extra: (data: T) => { path: Path; message: string }[] = () => [],
): T {
  // A .json file must be JSON: YAML alone would accept, say, a trailing comma.
  if (isJsonFile(file)) {
    const json = parseJson(source.replace(/^\uFEFF/, ''), file);
    if (!json.ok) throw toError([json.issue]);
  }
  const counter = new LineCounter();
  const doc = parseDocument(source.replace(/^\uFEFF/, ''), { lineCounter: counter });
  if (doc.errors.length > 0) {
    throw toError(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const message = `invalid YAML: ${(e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`;
        return pos
          ? { file, path: '', line: pos.line, column: pos.col, message }
          : { file, path: '', message };
      }),
    );
  }
  const data: unknown = doc.toJS();
  const issueAt = (path: Path, message: string, atKey = false): ScenarioIssue => {
    const pos = locate(doc, counter, path, atKey);
    return { file, path: formatPath(path), message, ...pos };
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw toError([issueAt([], 'expected a mapping of fields at the top level')]);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw toError(
      result.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) =>
              issueAt([...issue.path, key], `unknown field ${JSON.stringify(key)}`, true),
            )
          : [issueAt(issue.path, issue.message)],
      ),
    );
  }
  const more = extra(result.data);
  if (more.length > 0) throw toError(more.map((d) => issueAt(d.path, d.message)));
  return result.data;
}

/**
 * Parses and validates the text of a structure file; `file` names it in messages.
 * @throws StructureError with every problem found.
 */
export function parseStructureText(source: string, file: string): PillarStructure {
  return parseYamlWithSchema(
    source,
    file,
    structureSchema as unknown as z.ZodType<PillarStructure>,
    (issues) => new StructureError(issues),
    checkUnique,
  );
}

/** Reads a text file, or throws the error `toError` builds for a missing or unreadable one. */
export function readInputFile(
  path: string,
  toError: (issues: ScenarioIssue[]) => Error,
  what: string,
): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? `is a directory, not ${what}`
          : `cannot read the file: ${(error as Error).message}`;
    throw toError([{ file: path, path: '', message }]);
  }
}

/**
 * Reads a structure file.
 * @throws StructureError when the file is missing, unreadable or invalid.
 */
export function loadStructureFile(path: string): PillarStructure {
  const source = readInputFile(path, (issues) => new StructureError(issues), 'a structure file');
  return parseStructureText(source, path);
}

/**
 * Reading scenario files (YAML or JSON) into a validated `Scenario`, or a `ScenarioError` that
 * lists every problem of the file with its field path, line and column.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import {
  LineCounter,
  isMap,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type Pair,
} from 'yaml';
import type { core } from 'zod';
import { ScenarioError, closestNames, formatPath, type ScenarioIssue } from './errors.ts';
import {
  DECISION_FIELDS,
  PRESENCE_FIELDS,
  SCENARIO_FIELDS,
  checkCrossFields,
  describeValue,
  scenarioSchema,
} from './schema.ts';
import type { Scenario } from './types.ts';

type Path = readonly PropertyKey[];
type Position = { line: number; column: number };
type Locate = (path: Path, atKey?: boolean) => Position | undefined;

/** Whether a file name is read as JSON (by its extension); anything else is read as YAML. */
export function isJsonFile(file: string): boolean {
  return extname(file).toLowerCase() === '.json';
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** Finds where a path points in a parsed document: the value's node, or the key's. */
function makeLocator(doc: Document | undefined, counter: LineCounter): Locate {
  return (path, atKey = false) => {
    if (doc === undefined) return undefined;
    let node: unknown = doc.contents;
    let found: { range?: [number, number, number] | null } | undefined = node as YamlNode;
    for (const [i, segment] of path.entries()) {
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((p) => keyOf(p) === segment);
        if (!pair) break;
        const key = pair.key as YamlNode | null;
        const value = pair.value as YamlNode | null;
        found = (last && atKey) || !value?.range ? (key ?? found) : value;
        node = value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as YamlNode | undefined;
        if (!item) break;
        found = item;
        node = item;
      } else break;
    }
    const offset = found?.range?.[0];
    if (offset === undefined) return undefined;
    const { line, col } = counter.linePos(offset);
    return { line, column: col };
  };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** Line and column of a character offset. */
function positionOf(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1] ?? '').length + 1 };
}

type Parsed = { ok: true; data: unknown; locate: Locate } | { ok: false; issues: ScenarioIssue[] };

function parseYamlText(text: string, file: string): Parsed {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        const issue: ScenarioIssue = {
          file,
          path: '',
          message: `invalid YAML: ${firstLine(e.message)}`,
        };
        if (pos) Object.assign(issue, { line: pos.line, column: pos.col });
        return issue;
      }),
    };
  }
  if (doc.contents === null) {
    return {
      ok: false,
      issues: [{ file, path: '', message: 'the file is empty: expected a scenario' }],
    };
  }
  return {
    ok: true,
    data: doc.toJS({ maxAliasCount: 1000 }) as unknown,
    locate: makeLocator(doc, counter),
  };
}

/**
 * Parses JSON text; where it is not valid JSON, the issue: the parser's message and, where it can
 * be found, the line and column.
 */
export function parseJson(
  text: string,
  file: string,
): { ok: true; data: unknown } | { ok: false; issue: ScenarioIssue } {
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (error) {
    const message = (error as Error).message;
    const issue: ScenarioIssue = { file, path: '', message: `invalid JSON: ${message}` };
    const at = /at position (\d+)/.exec(message);
    const yamlError = parseDocument(text).errors[0]?.linePos?.[0];
    const pos = at
      ? positionOf(text, Number(at[1]))
      : yamlError && { line: yamlError.line, column: yamlError.col };
    return { ok: false, issue: pos ? { ...issue, ...pos } : issue };
  }
}

function parseJsonText(text: string, file: string): Parsed {
  const json = parseJson(text, file);
  if (!json.ok) return { ok: false, issues: [json.issue] };
  const data = json.data;
  // JSON is YAML: parsing it again as YAML gives the positions of its keys and values.
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  return { ok: true, data, locate: makeLocator(doc.errors.length ? undefined : doc, counter) };
}

function issueAt(
  file: string,
  locate: Locate,
  path: Path,
  message: string,
  atKey = false,
): ScenarioIssue {
  const issue: ScenarioIssue = { file, path: formatPath(path), message };
  const pos = locate(path, atKey);
  return pos ? { ...issue, ...pos } : issue;
}

function unknownFieldMessage(key: string, path: Path): string {
  const known =
    path.length === 0
      ? SCENARIO_FIELDS
      : path[2] === 'decisions'
        ? DECISION_FIELDS
        : PRESENCE_FIELDS;
  const [near] = closestNames(key, known, 1, 2);
  const hint = near === undefined ? `known fields: ${known.join(', ')}` : `did you mean "${near}"?`;
  return `unknown field ${JSON.stringify(key)} (${hint})`;
}

function toIssues(
  file: string,
  locate: Locate,
  zodIssues: readonly core.$ZodIssue[],
): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  for (const z of zodIssues) {
    if (z.code === 'unrecognized_keys') {
      for (const key of z.keys) {
        issues.push(
          issueAt(file, locate, [...z.path, key], unknownFieldMessage(key, z.path), true),
        );
      }
    } else {
      issues.push(issueAt(file, locate, z.path, z.message));
    }
  }
  return issues;
}

function byPosition(a: ScenarioIssue, b: ScenarioIssue): number {
  const line = (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER);
  return line || (a.column ?? 0) - (b.column ?? 0);
}

/** Validates data already parsed from a file; throws a ScenarioError listing every problem. */
function validate(data: unknown, file: string, locate: Locate): Scenario {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    const issue = issueAt(
      file,
      locate,
      [],
      `expected a mapping of scenario fields at the top level, got ${describeValue(data)}`,
    );
    throw new ScenarioError([issue]);
  }
  const result = scenarioSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issues = toIssues(file, locate, result.error.issues);
  // Cross-field checks run inside the schema only when every field is valid: add them here.
  const seen = new Set(issues.map((i) => `${i.path}\u0000${i.message}`));
  for (const cross of checkCrossFields(data)) {
    const issue = issueAt(file, locate, cross.path, cross.message);
    if (!seen.has(`${issue.path}\u0000${issue.message}`)) issues.push(issue);
  }
  throw new ScenarioError(issues.sort(byPosition));
}

/**
 * Parses and validates the text of a scenario file. `file` names it in messages and chooses the
 * format: `.json` is JSON, anything else YAML (which also reads JSON).
 * @throws ScenarioError with every problem found.
 */
export function parseScenarioText(text: string, file: string): Scenario {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (source.trim() === '') {
    throw new ScenarioError([
      { file, path: '', message: 'the file is empty: expected a scenario' },
    ]);
  }
  const parsed = isJsonFile(file) ? parseJsonText(source, file) : parseYamlText(source, file);
  if (!parsed.ok) throw new ScenarioError(parsed.issues);
  return validate(parsed.data, file, parsed.locate);
}

/**
 * Reads a scenario file (YAML, or JSON for `.json`).
 * @throws ScenarioError when the file is missing, unreadable or invalid.
 */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    if (statSync(path).isDirectory()) {
      throw new ScenarioError([
        { file: path, path: '', message: 'is a directory, not a scenario file' },
      ]);
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EACCES'
          ? 'permission denied'
          : `cannot read the file: ${(error as Error).message}`;
    throw new ScenarioError([{ file: path, path: '', message }]);
  }
  return parseScenarioText(text, path);
}

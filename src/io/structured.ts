/**
 * The one loader of YAML and JSON files with a schema: scenario, model, structure, plan and trace
 * files all go through it. The text comes from readInputText (regular file, size limit, strict
 * UTF-8); parsing is bounded too: nesting depth, and the size of the document once its YAML
 * aliases are expanded (so a "billion laughs" file or 998 aliases of one big list are refused
 * before anything is built). Duplicate keys are refused in JSON as in YAML. Every problem, of the
 * syntax or of the schema, is an issue with the file, the field path, line and column.
 */
import {
  LineCounter,
  Lexer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Document,
  type Node as YamlNode,
  type Pair,
} from 'yaml';
import type { z } from 'zod';
import { FileError, quote, shorten, type FileIssue } from './errors.ts';
import { maxInputBytes, readInputText, limitHint, type ReadOptions } from './read.ts';

/** A field path into parsed data. */
export type Path = readonly PropertyKey[];
/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}
/** Where a field path points in the file: the value's position, or the key's with `atKey`. */
export type Locate = (path: Path, atKey?: boolean) => Position | undefined;

/** Deepest nesting of mappings and lists a file may have (the deepest bundled file has 4). */
export const DEFAULT_MAX_DEPTH = 64;

export interface ParseOptions {
  /** JSON syntax is required; default: the file name ends in `.json`. */
  json?: boolean;
  /** Deepest nesting; default DEFAULT_MAX_DEPTH. */
  maxDepth?: number;
  /** Largest size once aliases are expanded (bytes of scalars plus one per node); default maxInputBytes(). */
  maxExpandedBytes?: number;
  /** What the file should hold, for "the file is empty: expected a scenario". */
  expected?: string;
}

/** Whether a file name is read as JSON (by its extension); anything else is read as YAML. */
export function isJsonFile(file: string): boolean {
  return /\.json$/i.test(file);
}

/** A field path as people write it: `presences[2].from`, `["odd key"]`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$-]*$/.test(segment)) {
      out += out === '' ? shorten(segment) : `.${shorten(segment)}`;
    } else out += `[${JSON.stringify(shorten(String(segment)))}]`;
  }
  return out;
}

class Refusal extends Error {
  constructor(
    readonly offset: number | undefined,
    message: string,
  ) {
    super(message);
  }
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
      if (isAlias(node)) node = node.resolve(doc);
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

/** Line and column of a character offset. */
function positionOf(text: string, offset: number): Position {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Refuses nesting deeper than `maxDepth` before the parser sees it (the YAML parser's cost grows
 * faster than linearly with depth): flow brackets, and runs of `- ` / `? ` on one line.
 */
function checkNesting(text: string, maxDepth: number): void {
  let offset = 0;
  let flow = 0;
  let run = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') {
      flow++;
      if (flow > maxDepth)
        throw new Refusal(offset, `nested deeper than ${maxDepth} levels of [ and {`);
    } else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
    if (token === '-' || token === '?') {
      run++;
      if (run > maxDepth) throw new Refusal(offset, `nested deeper than ${maxDepth} levels`);
    } else if (!/^[ \t]+$/.test(token)) run = 0;
    // The lexer's own markers (document start, scalar, flow end) are not in the source.
    if (!(token.length === 1 && token < ' ' && token !== '\n' && token !== '\t' && token !== '\r'))
      offset += token.length;
  }
}

interface Measure {
  size: number;
  height: number;
}

/**
 * The size (bytes of scalar source plus one per node) and height of the document with every alias
 * expanded, memoised per node so a "billion laughs" costs its source size to measure.
 * @throws Refusal for an alias without its anchor, an alias inside its own anchor, nesting deeper
 * than `maxDepth` or an expanded size above `maxSize`.
 */
function measureDocument(doc: Document, maxDepth: number, maxSize: number): void {
  const memo = new Map<unknown, Measure>();
  const active = new Set<unknown>();
  const visit = (node: unknown, depth: number): Measure => {
    if (node === null || node === undefined) return { size: 1, height: 0 };
    const known = memo.get(node);
    if (known) return known;
    const offset = (node as { range?: [number, number, number] | null }).range?.[0];
    if (depth > maxDepth) throw new Refusal(offset, `nested deeper than ${maxDepth} levels`);
    let result: Measure;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target === undefined) {
        throw new Refusal(
          offset,
          `alias *${shorten(node.source)} has no anchor &${shorten(node.source)} before it`,
        );
      }
      if (active.has(target)) {
        throw new Refusal(offset, `alias *${shorten(node.source)} is inside its own anchor`);
      }
      result = visit(target, depth);
    } else if (isScalar(node)) {
      const range = node.range;
      const length = range ? range[1] - range[0] : String(node.value).length;
      result = { size: length + 1, height: 0 };
    } else if (isMap(node) || isSeq(node)) {
      active.add(node);
      let size = 1;
      let height = 0;
      for (const item of node.items as unknown[]) {
        const key: unknown = isPair(item) && isAlias(item.key) ? item.key.resolve(doc) : undefined;
        if (isPair(item) && (isMap(item.key) || isSeq(item.key) || isMap(key) || isSeq(key))) {
          const at = (item.key as { range?: [number, number, number] | null }).range?.[0];
          throw new Refusal(at, 'a key must be a single value, not a list or a mapping');
        }
        const parts = isPair(item) ? [item.key, item.value] : [item];
        for (const part of parts) {
          const m = visit(part, depth + 1);
          size = Math.min(size + m.size, maxSize + 1);
          height = Math.max(height, m.height + 1);
        }
      }
      active.delete(node);
      result = { size, height };
    } else result = { size: 1, height: 0 };
    if (depth + result.height > maxDepth) {
      throw new Refusal(offset, `nested deeper than ${maxDepth} levels (with aliases expanded)`);
    }
    if (result.size > maxSize) {
      throw new Refusal(
        offset,
        `YAML aliases expand the document beyond ${limitHint(maxSize)}; the expanded size counts, not the file's`,
      );
    }
    memo.set(node, result);
    return result;
  };
  visit(doc.contents, 0);
}

/** Whether YAML text holds nothing but blank lines, comments and document markers. */
function isBlank(text: string): boolean {
  return text.split(/\r?\n/).every((line) => /^\s*(#.*)?$|^(---|\.\.\.)\s*(#.*)?$/.test(line));
}

/** The first line of a YAML error, without the position (the issue carries it). */
function yamlMessage(message: string, maxDepth: number): string {
  if (/Maximum call stack/.test(message)) return `nested deeper than ${maxDepth} levels`;
  const line = message.split('\n')[0] ?? message;
  return shorten(line.replace(/ at line \d+, column \d+:?$/, '').trim(), 160);
}

/** The key written at `offset` (quoted or plain), at most a few dozen characters of it. */
function keyAt(source: string, offset: number): string {
  const text = source.slice(offset, offset + 200);
  const quoted = /^"((?:[^"\\]|\\.)*)"|^'((?:[^']|'')*)'/.exec(text);
  if (quoted) return quoted[1] ?? quoted[2] ?? '';
  return /^[^:,{}[\]\n]*/.exec(text)?.[0]?.trim() ?? '';
}

/** V8's JSON message without the snippet of the file it quotes, and the offset it names. */
function jsonMessage(message: string): { text: string; offset?: number } {
  const at = /at position (\d+)/.exec(message);
  let text = message
    .replace(/, "[\s\S]*$/, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ at position \d+.*$/s, '')
    .replace(/"[\s\S]*" is not valid JSON$/, 'not valid JSON');
  text = shorten(text, 120);
  return at ? { text, offset: Number(at[1]) } : { text };
}

/**
 * Parses YAML or JSON text into plain data and a locator for positions.
 * @throws FileError for a syntax error, a duplicate key, an alias without anchor, nesting or an
 * expanded size beyond the limits.
 */
export function parseStructured(
  text: string,
  file: string,
  options: ParseOptions = {},
): { data: unknown; locate: Locate } {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const json = options.json ?? isJsonFile(file);
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const issue = (message: string, offset?: number): FileError =>
    new FileError([
      offset === undefined
        ? { file, path: '', message }
        : { file, path: '', ...positionOf(source, offset), message },
    ]);
  if (json ? source.trim() === '' : isBlank(source)) {
    throw issue(`the file is empty: expected ${options.expected ?? 'data'}`);
  }
  try {
    checkNesting(source, maxDepth);
  } catch (error) {
    if (error instanceof Refusal) throw issue(error.message, error.offset);
    throw error;
  }
  let jsonData: unknown;
  if (json) {
    try {
      jsonData = JSON.parse(source) as unknown;
    } catch (error) {
      const { text: why, offset } = jsonMessage((error as Error).message);
      const yamlAt = offset === undefined ? parseDocument(source).errors[0]?.pos[0] : undefined;
      throw issue(`invalid JSON: ${why}`, offset ?? yamlAt);
    }
  }
  const counter = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(source, { lineCounter: counter, uniqueKeys: true });
  } catch (error) {
    if (error instanceof RangeError) throw issue(`nested deeper than ${maxDepth} levels`);
    throw error;
  }
  if (doc.errors.length > 0) {
    const kind = json ? 'JSON' : 'YAML';
    throw new FileError(
      doc.errors.map((e): FileIssue => {
        const pos = e.linePos?.[0];
        const message =
          e.code === 'DUPLICATE_KEY'
            ? `invalid ${kind}: duplicate key ${quote(keyAt(source, e.pos[0]))} (a key may appear once in a mapping)`
            : `invalid ${kind}: ${yamlMessage(e.message, maxDepth)}`;
        return pos
          ? { file, path: '', line: pos.line, column: pos.col, message }
          : { file, path: '', message };
      }),
    );
  }
  try {
    measureDocument(doc, maxDepth, options.maxExpandedBytes ?? maxInputBytes());
  } catch (error) {
    if (error instanceof Refusal) throw issue(error.message, error.offset);
    throw error;
  }
  const data = json ? jsonData : (doc.toJS({ maxAliasCount: -1 }) as unknown);
  return { data, locate: makeLocator(doc, counter) };
}

/** How a file of one kind is checked: its schema and the messages that name it. */
export interface SchemaSpec<T> {
  schema: z.ZodType<T>;
  /** Builds the error thrown for the issues (a ScenarioError, a ModelError...). */
  toError: (issues: FileIssue[]) => Error;
  /** What the file holds: `a scenario`, `a model`. */
  expected: string;
  /** What its top level must be; default `a mapping of fields`. */
  topLevel?: string;
  /** The message for an unknown key under `parent` (default `unknown field "key"`). */
  unknownField?: (key: string, parent: Path) => string;
  /** Checks zod cannot express, on valid data. */
  extra?: (data: T) => { path: Path; message: string }[];
  /** Checks to add when the schema fails (cross-field checks it runs only on valid fields). */
  onFailure?: (data: unknown) => { path: Path; message: string }[];
  /** Describes a value for the top-level message (`got a list`). */
  describe?: (value: unknown) => string;
}

function byPosition(a: FileIssue, b: FileIssue): number {
  const line = (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER);
  return line || (a.column ?? 0) - (b.column ?? 0);
}

/**
 * Parses YAML or JSON text and validates it with the spec's schema; every problem becomes an
 * issue with the file, the field path, line and column, sorted by position.
 * @throws the error `spec.toError` builds from the issues.
 */
export function parseWithSchema<T>(
  text: string,
  file: string,
  spec: SchemaSpec<T>,
  options: ParseOptions = {},
): T {
  let parsed: { data: unknown; locate: Locate };
  try {
    parsed = parseStructured(text, file, { expected: spec.expected, ...options });
  } catch (error) {
    if (error instanceof FileError) throw spec.toError(error.issues);
    throw error;
  }
  const { data, locate } = parsed;
  const issueAt = (path: Path, message: string, atKey = false): FileIssue => {
    const pos = locate(path, atKey);
    const issue: FileIssue = { file, path: formatPath(path), message };
    return pos ? { ...issue, ...pos } : issue;
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data) || data instanceof Date) {
    const got = spec.describe ? `, got ${spec.describe(data)}` : '';
    throw spec.toError([
      issueAt([], `expected ${spec.topLevel ?? 'a mapping of fields'} at the top level${got}`),
    ]);
  }
  const result = spec.schema.safeParse(data, { reportInput: true });
  if (!result.success) {
    const issues = result.error.issues.flatMap((z) =>
      z.code === 'unrecognized_keys'
        ? z.keys.map((key) =>
            issueAt(
              [...z.path, key],
              spec.unknownField?.(key, z.path) ?? `unknown field ${quote(key)}`,
              true,
            ),
          )
        : [issueAt(z.path, z.message)],
    );
    const seen = new Set(issues.map((i) => `${i.path}\u0000${i.message}`));
    for (const more of spec.onFailure?.(data) ?? []) {
      const issue = issueAt(more.path, more.message);
      if (!seen.has(`${issue.path}\u0000${issue.message}`)) issues.push(issue);
    }
    throw spec.toError(issues.sort(byPosition));
  }
  const more = spec.extra?.(result.data) ?? [];
  if (more.length > 0) throw spec.toError(more.map((d) => issueAt(d.path, d.message)));
  return result.data;
}

/**
 * Reads a file through readInputText and parseWithSchema. `name` is how messages name the file
 * (default its path).
 * @throws the error `spec.toError` builds, for a file that cannot be read as for a bad one.
 */
export function loadWithSchema<T>(
  path: string,
  spec: SchemaSpec<T>,
  options: ParseOptions & ReadOptions & { name?: string } = {},
): T {
  const name = options.name ?? path;
  let text: string;
  try {
    text = readInputText(path, { what: options.what ?? `${spec.expected} file`, ...options });
  } catch (error) {
    if (error instanceof FileError)
      throw spec.toError(error.issues.map((i) => (i.file === path ? { ...i, file: name } : i)));
    throw error;
  }
  return parseWithSchema(text, name, spec, options);
}

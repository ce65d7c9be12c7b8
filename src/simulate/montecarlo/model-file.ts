/**
 * Loading a model file (YAML or JSON): parse with positions, validate with the schema, and turn
 * every problem into a message naming the file, the field path, and the line and column.
 */
import { formatPath } from '../../scenario/errors.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import { InputError } from '../../cli/shared.ts';
import { modelSchema, type Model } from './model.ts';

/** The bundled default model. */
export const DEFAULT_MODEL_PATH = fileURLToPath(
  new URL('../../../models/default.yaml', import.meta.url),
);

/** `pko.mandateMonths`, `regions["odd key"]`, `list[2]`: the scenario loader's path format. */
export const formatFieldPath = formatPath;

function position(
  doc: Document,
  counter: LineCounter,
  path: readonly PropertyKey[],
): { line: number; col: number } | undefined {
  // The deepest node that exists along the path: a missing field points at its parent.
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = path.length === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]);
    if (depth === 0 && isNode(doc.contents) && doc.contents.range) {
      return counter.linePos(doc.contents.range[0]);
    }
  }
  return undefined;
}

/**
 * Parses and validates model text. Throws an InputError listing every problem as
 * `FILE:LINE:COL: FIELD: MESSAGE`.
 */
export function parseModel(text: string, file: string): Model {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors
        .map((e) => {
          const at = counter.linePos(e.pos[0]);
          return `${file}:${at.line}:${at.col}: ${e.message.split('\n')[0] ?? ''}`;
        })
        .join('\n'),
    );
  }
  const result = modelSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path;
    const at = position(doc, counter, path);
    const where = at ? `${file}:${at.line}:${at.col}` : file;
    const field = formatFieldPath(path);
    return `${where}: ${field === '' ? '(model)' : field}: ${issue.message}`;
  });
  throw new InputError(`invalid model:\n${lines.join('\n')}`);
}

/** Reads a model file (the bundled default when `path` is undefined). */
export function loadModel(path?: string): Model {
  const file = path ?? DEFAULT_MODEL_PATH;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read model ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseModel(text, path ?? 'models/default.yaml');
}

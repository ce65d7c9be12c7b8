/**
 * Loading a model file (YAML or JSON) with the same precise errors as scenario files: every
 * problem names the file, the field path, and the line and column (an unknown field at its own
 * key, with the closest known field suggested).
 */
import { z } from 'zod';
import { parseYamlWithSchema, readInputFile } from '../../pillar/structure-file.ts';
import {
  ScenarioError,
  closestNames,
  formatPath,
  type ScenarioIssue,
} from '../../scenario/errors.ts';
import { getResourcePath } from '../../package-root.ts';
import { modelSchema, type Model } from './model.ts';

/** The bundled default model. */
export const DEFAULT_MODEL_PATH = getResourcePath('models', 'default.yaml');

/**
 * A model file that cannot be used. The message lists every issue, one per line, as
 * `FILE:LINE:COLUMN: PATH: MESSAGE`; the CLI prints it as is and exits with code 2.
 */
export class ModelError extends ScenarioError {
  constructor(issues: ScenarioIssue[]) {
    super(issues);
    this.name = 'ModelError';
  }
}

/** The formatted path of every mapping in the model schema, with the fields it knows. */
function knownFields(): Map<string, { path: PropertyKey[]; fields: string[] }> {
  const out = new Map<string, { path: PropertyKey[]; fields: string[] }>();
  const walk = (schema: z.ZodType, path: PropertyKey[]): void => {
    const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
    if (!(inner instanceof z.ZodObject)) return;
    const shape = inner.shape as Record<string, z.ZodType>;
    out.set(formatPath(path), { path, fields: Object.keys(shape) });
    for (const [key, child] of Object.entries(shape)) walk(child, [...path, key]);
  };
  walk(modelSchema, []);
  return out;
}

const KNOWN_FIELDS = knownFields();

/** `unknown field "x"` becomes `unknown field "x" (did you mean "y"?)` or lists the known ones. */
function withSuggestion(issue: ScenarioIssue): ScenarioIssue {
  const match = /^unknown field (".*")$/.exec(issue.message);
  if (!match?.[1]) return issue;
  const key = JSON.parse(match[1]) as string;
  for (const { path, fields } of KNOWN_FIELDS.values()) {
    if (formatPath([...path, key]) !== issue.path) continue;
    const [near] = closestNames(key, fields, 1, 2);
    const hint =
      near === undefined ? `known fields: ${fields.join(', ')}` : `did you mean "${near}"?`;
    return { ...issue, message: `${issue.message} (${hint})` };
  }
  return issue;
}

function byPosition(a: ScenarioIssue, b: ScenarioIssue): number {
  const line = (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER);
  return line || (a.column ?? 0) - (b.column ?? 0);
}

/** Whether YAML text holds nothing but blank lines, comments and document markers. */
function isBlank(text: string): boolean {
  return text.split(/\r?\n/).every((line) => /^\s*(#.*)?$|^(---|\.\.\.)\s*(#.*)?$/.test(line));
}

/**
 * Parses and validates the text of a model file (YAML, which also reads JSON); `file` names it
 * in messages.
 * @throws ModelError listing every problem as `FILE:LINE:COLUMN: FIELD: MESSAGE`.
 */
export function parseModel(text: string, file: string): Model {
  if (isBlank(text.replace(/^\uFEFF/, ''))) {
    throw new ModelError([{ file, path: '', message: 'the file is empty: expected a model' }]);
  }
  return parseYamlWithSchema(
    text,
    file,
    modelSchema,
    (issues) => new ModelError(issues.map(withSuggestion).sort(byPosition)),
  );
}

/**
 * Reads a model file (the bundled default when `path` is undefined).
 * @throws ModelError when the file is missing, unreadable or invalid.
 */
export function loadModel(path?: string): Model {
  const file = path ?? DEFAULT_MODEL_PATH;
  const text = readInputFile(file, (issues) => new ModelError(issues), 'a model file');
  return parseModel(text, path ?? 'models/default.yaml');
}

/**
 * Loading a model file (YAML or JSON) with the same precise errors as scenario files: every
 * problem names the file, the field path, and the line and column (an unknown field at its own
 * key, with the closest known field suggested).
 */
import { z } from 'zod';
import { quote } from '../../io/errors.ts';
import {
  loadWithSchema,
  parseWithSchema,
  type Path,
  type SchemaSpec,
} from '../../io/structured.ts';
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

/** `unknown field "x" (did you mean "y"?)`, or the known fields listed. */
function unknownField(key: string, parent: Path): string {
  const fields = KNOWN_FIELDS.get(formatPath(parent))?.fields;
  if (fields === undefined) return `unknown field ${quote(key)}`;
  const [near] = closestNames(key, fields, 1, 2);
  const hint =
    near === undefined ? `known fields: ${fields.join(', ')}` : `did you mean "${near}"?`;
  return `unknown field ${quote(key)} (${hint})`;
}

/** How model files are checked by the one loader (src/io/structured.ts). */
const MODEL_SPEC: SchemaSpec<Model> = {
  schema: modelSchema,
  toError: (issues) => new ModelError(issues),
  expected: 'a model',
  unknownField,
};

/**
 * Parses and validates the text of a model file (YAML, which also reads JSON); `file` names it
 * in messages.
 * @throws ModelError listing every problem as `FILE:LINE:COLUMN: FIELD: MESSAGE`.
 */
export function parseModel(text: string, file: string): Model {
  return parseWithSchema(text, file, MODEL_SPEC);
}

/**
 * Reads a model file (the bundled default when `path` is undefined).
 * @throws ModelError when the file is missing, unreadable, not a regular file, too large or
 * invalid.
 */
export function loadModel(path?: string): Model {
  return loadWithSchema(path ?? DEFAULT_MODEL_PATH, MODEL_SPEC, {
    name: path ?? 'models/default.yaml',
  });
}

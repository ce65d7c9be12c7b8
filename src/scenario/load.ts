/**
 * Reading scenario files (YAML or JSON) into a validated `Scenario`, or a `ScenarioError` that
 * lists every problem of the file with its field path, line and column. Reading and parsing go
 * through the one loader (src/io/structured.ts): regular files only, a size limit, strict UTF-8,
 * bounded aliases and nesting, duplicate keys refused.
 */
import { quote } from '../io/errors.ts';
import {
  isJsonFile,
  loadWithSchema,
  parseWithSchema,
  type Path,
  type SchemaSpec,
} from '../io/structured.ts';
import { ScenarioError, closestNames } from './errors.ts';
import {
  DECISION_FIELDS,
  PRESENCE_FIELDS,
  SCENARIO_FIELDS,
  checkCrossFields,
  describeValue,
  scenarioSchema,
} from './schema.ts';
import type { Scenario } from './types.ts';

export { isJsonFile };

function unknownFieldMessage(key: string, path: Path): string {
  const known =
    path.length === 0
      ? SCENARIO_FIELDS
      : path[2] === 'decisions'
        ? DECISION_FIELDS
        : PRESENCE_FIELDS;
  const [near] = closestNames(key, known, 1, 2);
  const hint = near === undefined ? `known fields: ${known.join(', ')}` : `did you mean "${near}"?`;
  return `unknown field ${quote(key)} (${hint})`;
}

/** How scenario files are checked by the one loader. */
export const SCENARIO_SPEC: SchemaSpec<Scenario> = {
  schema: scenarioSchema,
  toError: (issues) => new ScenarioError(issues),
  expected: 'a scenario',
  topLevel: 'a mapping of scenario fields',
  describe: describeValue,
  unknownField: unknownFieldMessage,
  // Cross-field checks run inside the schema only when every field is valid: add them here.
  onFailure: (data) => checkCrossFields(data),
};

/**
 * Parses and validates the text of a scenario file. `file` names it in messages and chooses the
 * format: `.json` is JSON, anything else YAML (which also reads JSON).
 * @throws ScenarioError with every problem found.
 */
export function parseScenarioText(text: string, file: string): Scenario {
  return parseWithSchema(text, file, SCENARIO_SPEC);
}

/**
 * Reads a scenario file (YAML, or JSON for `.json`).
 * @throws ScenarioError when the file is missing, unreadable, not a regular file, too large or
 * invalid.
 */
export function loadScenarioFile(path: string): Scenario {
  return loadWithSchema(path, SCENARIO_SPEC);
}

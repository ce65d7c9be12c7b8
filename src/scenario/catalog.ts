/** The bundled scenarios (scenarios/*.yaml) and finding a scenario by id, country or file. */
import { readdirSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { toSlug } from '../domain/index.ts';
import { loadScenarioFile } from './load.ts';
import {
  BUNDLED_SCENARIO_DIR,
  SCENARIO_EXTENSIONS,
  isFile,
  looksLikeScenarioPath,
  namesScenario,
  unknownScenarioError,
  type BundledScenario,
} from './prebuilt.ts';

export { BUNDLED_SCENARIO_DIR, type BundledScenario };

function bundledFiles(): { id: string; file: string }[] {
  return readdirSync(BUNDLED_SCENARIO_DIR)
    .filter((name) => SCENARIO_EXTENSIONS.includes(extname(name).toLowerCase()))
    .map((name) => ({
      id: basename(name, extname(name)),
      file: resolve(BUNDLED_SCENARIO_DIR, name),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The ids of the bundled scenarios, sorted, without loading them. */
export function listBundledScenarioIds(): string[] {
  return bundledFiles().map((f) => f.id);
}

/**
 * Every bundled scenario, loaded and validated, sorted by id.
 * @throws ScenarioError if a bundled file is invalid.
 */
export function listBundledScenarios(): BundledScenario[] {
  return bundledFiles().map(({ id, file }) => ({ id, file, scenario: loadScenarioFile(file) }));
}

function fromFile(path: string): BundledScenario {
  return {
    id: basename(path, extname(path)),
    file: resolve(path),
    scenario: loadScenarioFile(path),
  };
}

/**
 * A bundled scenario by id (`sierra-leone`, any case), country name (`Sierra Leone`, `Côte
 * d'Ivoire`, `Eritrea / Ethiopia (border)`) or ISO3 code (`SLE`), or else a scenario file by
 * path. An existing file named with a path separator or a scenario extension wins over a bundled
 * id; such a name that is no bundled scenario is always read as a path (so a missing file says
 * "file not found").
 * @throws ScenarioError for an invalid file, a missing file, or an unknown id (with the closest
 * bundled ids suggested).
 */
export function resolveScenario(idOrFile: string): BundledScenario {
  const pathLike = looksLikeScenarioPath(idOrFile);
  if (pathLike && isFile(idOrFile)) return fromFile(idOrFile);
  const slug = toSlug(idOrFile);
  const files = bundledFiles();
  const byId = files.find((f) => f.id === slug);
  if (byId !== undefined) return { ...byId, scenario: loadScenarioFile(byId.file) };
  const match = listBundledScenarios().find((s) => namesScenario(s.scenario, idOrFile));
  if (match) return match;
  if (pathLike || isFile(idOrFile)) return fromFile(idOrFile);
  throw unknownScenarioError(
    idOrFile,
    files.map((f) => f.id),
  );
}

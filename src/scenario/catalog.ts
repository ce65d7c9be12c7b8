/** The bundled scenarios (scenarios/*.yaml) and finding a scenario by id, country or file. */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { toSlug } from '../domain/index.ts';
import { ScenarioError, closestNames } from './errors.ts';
import { loadScenarioFile } from './load.ts';
import { BUNDLED_SCENARIO_DIR, SCENARIO_EXTENSIONS, looksLikeScenarioPath } from './prebuilt.ts';
import type { Scenario } from './types.ts';

export { BUNDLED_SCENARIO_DIR };

/** A scenario with its id (file name without extension) and absolute file path. */
export interface BundledScenario {
  id: string;
  file: string;
  scenario: Scenario;
}

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

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
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
  const bundled = listBundledScenarios();
  const match = bundled.find(
    (s) =>
      toSlug(s.scenario.country) === slug ||
      (s.scenario.iso3 !== undefined && s.scenario.iso3 === idOrFile.trim().toUpperCase()),
  );
  if (match) return match;
  if (pathLike || isFile(idOrFile)) return fromFile(idOrFile);
  const near = closestNames(
    slug,
    files.map((f) => f.id),
    3,
  );
  const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '';
  throw new ScenarioError([
    {
      file: idOrFile,
      path: '',
      message: `no bundled scenario with this id or country, and no such file${hint}`,
    },
  ]);
}

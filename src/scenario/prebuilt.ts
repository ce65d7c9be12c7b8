/**
 * The bundled scenarios as validated when the package was built (`dist/scenarios.json`, written by
 * scripts/build.ts): the commands read them through src/scenario/bundled.ts without loading the
 * YAML parser and the schema (zod), about a third of their start-up. The catalogue is used only
 * while every bundled file is byte for byte the one it was made from (a SHA-256 per file);
 * otherwise, and for files, callers load the files (src/scenario/catalog.ts). This module imports
 * neither yaml nor zod, and must not.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { toSlug } from '../domain/index.ts';
import { getResourcePath } from '../package-root.ts';
import { ScenarioError, closestNames } from './errors.ts';
import type { Scenario } from './types.ts';

/** Absolute path of the bundled scenarios directory, whatever the working directory. */
export const BUNDLED_SCENARIO_DIR: string = getResourcePath('scenarios');

/** Where the build writes the catalogue. */
export const PREBUILT_CATALOGUE: string = getResourcePath('dist', 'scenarios.json');

export const SCENARIO_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];

/** A name that can only be a file: it has a path separator or a scenario extension. */
export function looksLikeScenarioPath(value: string): boolean {
  return /[\\/]/.test(value) || SCENARIO_EXTENSIONS.includes(extname(value).toLowerCase());
}

/** A scenario with its id (file name without extension) and absolute file path. */
export interface BundledScenario {
  id: string;
  file: string;
  scenario: Scenario;
}

/** Whether `path` is an existing regular file. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether `name` names `scenario` by its country (`Côte d'Ivoire`, any case or punctuation) or
 * its ISO3 code (`SLE`, any case): the rule after the id, for both the loader and the catalogue.
 */
export function namesScenario(scenario: Scenario, name: string): boolean {
  return (
    toSlug(scenario.country) === toSlug(name) ||
    (scenario.iso3 !== undefined && scenario.iso3 === name.trim().toUpperCase())
  );
}

/** The error for a name that is no bundled id, country or ISO3 code, and no file. */
export function unknownScenarioError(name: string, ids: readonly string[]): ScenarioError {
  const near = closestNames(toSlug(name), ids, 3);
  const hint = near.length > 0 ? `; did you mean ${near.join(', ')}?` : '';
  return new ScenarioError([
    {
      file: name,
      path: '',
      message: `no bundled scenario with this id or country, and no such file${hint}`,
    },
  ]);
}

/** One bundled file as the catalogue records it. */
interface FileDigest {
  name: string;
  sha256: string;
}

/** What `dist/scenarios.json` holds. */
export interface PrebuiltCatalogue {
  version: 1;
  files: FileDigest[];
  scenarios: { id: string; name: string; scenario: Scenario }[];
}

/** The scenario files of `dir`, sorted by name, with the SHA-256 of their bytes. */
function digestFiles(dir: string): FileDigest[] {
  return readdirSync(dir)
    .filter((name) => SCENARIO_EXTENSIONS.includes(extname(name).toLowerCase()))
    .sort()
    .map((name) => ({
      name,
      sha256: createHash('sha256')
        .update(readFileSync(resolve(dir, name)))
        .digest('hex'),
    }));
}

/** The catalogue of `entries` (every bundled scenario, validated) for the files of `dir`. */
export function makePrebuiltCatalogue(
  dir: string,
  entries: readonly BundledScenario[],
): PrebuiltCatalogue {
  return {
    version: 1,
    files: digestFiles(dir),
    scenarios: entries.map((e) => ({
      id: e.id,
      name: e.file.slice(resolve(dir).length + 1),
      scenario: e.scenario,
    })),
  };
}

/**
 * Every bundled scenario from the catalogue, sorted by id as the catalogue was, or null when there
 * is none, it cannot be read, or a bundled file changed, appeared or went since it was made.
 */
export function readPrebuiltScenarios(
  catalogue: string = PREBUILT_CATALOGUE,
  dir: string = BUNDLED_SCENARIO_DIR,
): BundledScenario[] | null {
  let data: Partial<PrebuiltCatalogue> | null;
  try {
    data = JSON.parse(readFileSync(catalogue, 'utf8')) as Partial<PrebuiltCatalogue> | null;
  } catch {
    return null;
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    data.version !== 1 ||
    !Array.isArray(data.files) ||
    !Array.isArray(data.scenarios) ||
    !data.scenarios.every(
      (s: unknown) =>
        typeof s === 'object' &&
        s !== null &&
        typeof (s as { id?: unknown }).id === 'string' &&
        typeof (s as { name?: unknown }).name === 'string' &&
        typeof (s as { scenario?: unknown }).scenario === 'object' &&
        (s as { scenario?: unknown }).scenario !== null,
    )
  ) {
    return null;
  }
  const recorded = data.files;
  let current: FileDigest[];
  try {
    current = digestFiles(dir);
  } catch {
    return null;
  }
  const same =
    current.length === recorded.length &&
    current.every(
      (f, i) =>
        typeof recorded[i] === 'object' &&
        recorded[i] !== null &&
        f.name === recorded[i].name &&
        f.sha256 === recorded[i].sha256,
    );
  if (!same) return null;
  return data.scenarios.map((s) => ({
    id: s.id,
    file: resolve(dir, s.name),
    scenario: s.scenario,
  }));
}

/**
 * The prebuilt scenarios for the running CLI: only when it runs from the built package (its
 * catalogue was made by this very build's loader); from the TypeScript sources, whose loader may
 * have changed since the last build, null, so the files are loaded.
 */
export function getPrebuiltScenarios(): BundledScenario[] | null {
  return import.meta.url.endsWith('.js') ? readPrebuiltScenarios() : null;
}

/**
 * The scenarios a command names, for every command that takes bundled ids (`replay`, `compare`,
 * `timeline`, `list`, `inspect`): from the catalogue validated at build time while it matches the
 * bundled files (src/scenario/prebuilt.ts), otherwise, and for files, through the loader
 * (src/scenario/catalog.ts), which is imported only then: it brings the YAML parser and the schema,
 * about a third of a command's start-up. Both give the same entries (tests/scenario-prebuilt.test.ts).
 */
import { toSlug } from '../domain/index.ts';
import { getPrebuiltScenarios, looksLikeScenarioPath } from './prebuilt.ts';
import type { Scenario } from './types.ts';

/** A scenario with its id (file name without extension) and absolute file path. */
export interface ScenarioEntry {
  id: string;
  file: string;
  scenario: Scenario;
}

/** Where the catalogue comes from (tests give their own). */
export type PrebuiltReader = () => readonly ScenarioEntry[] | null;

/**
 * The bundled scenarios of one command: the catalogue is read (and the bundled files hashed) only
 * when a bundled name or the whole list needs it, and once.
 */
export class BundledScenarios {
  private prebuilt: readonly ScenarioEntry[] | null | undefined;

  constructor(private readonly readPrebuilt: PrebuiltReader = getPrebuiltScenarios) {}

  private catalogue(): readonly ScenarioEntry[] | null {
    if (this.prebuilt === undefined) this.prebuilt = this.readPrebuilt();
    return this.prebuilt;
  }

  /** Every bundled scenario, sorted by id. */
  async all(): Promise<ScenarioEntry[]> {
    const fast = this.catalogue();
    if (fast !== null) return [...fast];
    return (await import('./catalog.ts')).listBundledScenarios();
  }

  /**
   * A bundled scenario by id, country name or ISO3 code, or a scenario file, as `resolveScenario`
   * finds it: a name that looks like a path goes to the loader before any bundled scenario, an id
   * before a country name or code, and anything the catalogue does not hold to the loader (which
   * reads the file, or refuses the name with the closest bundled ids).
   */
  async resolve(idOrFile: string): Promise<ScenarioEntry> {
    if (!looksLikeScenarioPath(idOrFile)) {
      const fast = this.catalogue();
      if (fast !== null) {
        const slug = toSlug(idOrFile);
        const iso3 = idOrFile.trim().toUpperCase();
        const found =
          fast.find((e) => e.id === slug) ??
          fast.find(
            (e) =>
              toSlug(e.scenario.country) === slug ||
              (e.scenario.iso3 !== undefined && e.scenario.iso3 === iso3),
          );
        if (found !== undefined) return found;
      }
    }
    return (await import('./catalog.ts')).resolveScenario(idOrFile);
  }
}

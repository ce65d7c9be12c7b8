/**
 * The scenarios a command names, for every command that takes bundled ids (`replay`, `compare`,
 * `timeline`, `list`, `inspect`): from the catalogue validated at build time while it matches the
 * bundled files (src/scenario/prebuilt.ts), otherwise, and for files, through the loader
 * (src/scenario/catalog.ts), which is imported only then: it brings the YAML parser and the schema,
 * about a third of a command's start-up. Both give the same entries (tests/scenario-prebuilt.test.ts).
 */
import { toSlug } from '../domain/index.ts';
import {
  getPrebuiltScenarios,
  isFile,
  looksLikeScenarioPath,
  namesScenario,
  unknownScenarioError,
  type BundledScenario,
} from './prebuilt.ts';

export type { BundledScenario };

/** Where the catalogue comes from (tests give their own). */
export type PrebuiltReader = () => readonly BundledScenario[] | null;

/**
 * The bundled scenarios of one command: the catalogue is read (and the bundled files hashed) only
 * when a bundled name or the whole list needs it, and once.
 */
export class BundledScenarios {
  private prebuilt: readonly BundledScenario[] | null | undefined;

  constructor(private readonly readPrebuilt: PrebuiltReader = getPrebuiltScenarios) {}

  private catalogue(): readonly BundledScenario[] | null {
    if (this.prebuilt === undefined) this.prebuilt = this.readPrebuilt();
    return this.prebuilt;
  }

  /** Every bundled scenario, sorted by id. */
  async all(): Promise<BundledScenario[]> {
    const fast = this.catalogue();
    if (fast !== null) return [...fast];
    return (await import('./catalog.ts')).listBundledScenarios();
  }

  /**
   * A bundled scenario by id, country name or ISO3 code, or a scenario file, by the rules of
   * `resolveScenario` (an existing file with a path-like name first, then an id, then a country
   * name or code, then a file, else an unknown name with the closest ids suggested), answered
   * from the catalogue where it can; files, and everything without a catalogue, go to the loader.
   */
  async resolve(idOrFile: string): Promise<BundledScenario> {
    const pathLike = looksLikeScenarioPath(idOrFile);
    const fast = pathLike && isFile(idOrFile) ? null : this.catalogue();
    if (fast !== null) {
      const slug = toSlug(idOrFile);
      const found =
        fast.find((e) => e.id === slug) ?? fast.find((e) => namesScenario(e.scenario, idOrFile));
      if (found !== undefined) return found;
      if (!pathLike && !isFile(idOrFile)) {
        throw unknownScenarioError(
          idOrFile,
          fast.map((e) => e.id),
        );
      }
    }
    return (await import('./catalog.ts')).resolveScenario(idOrFile);
  }
}

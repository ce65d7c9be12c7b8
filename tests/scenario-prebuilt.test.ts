/**
 * The catalogue of bundled scenarios validated at build time (src/scenario/prebuilt.ts): it gives
 * exactly what the loader gives, and is refused as soon as a bundled file differs from the one it
 * was made from; `pillar replay` prints the same with it as without it.
 */
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BundledScenarios } from '../src/scenario/bundled.ts';
import {
  BUNDLED_SCENARIO_DIR,
  listBundledScenarios,
  resolveScenario,
} from '../src/scenario/catalog.ts';
import { makePrebuiltCatalogue, readPrebuiltScenarios } from '../src/scenario/prebuilt.ts';
import { selectScenarios } from '../src/cli/commands/replay.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the bundled scenarios and a catalogue made from it, in a temporary folder. */
function copyWithCatalogue(): { dir: string; catalogue: string } {
  const root = mkdtempSync(join(tmpdir(), 'pillar-prebuilt-'));
  made.push(root);
  const dir = join(root, 'scenarios');
  cpSync(BUNDLED_SCENARIO_DIR, dir, { recursive: true });
  const entries = listBundledScenarios().map((e) => ({
    ...e,
    file: join(dir, e.file.slice(BUNDLED_SCENARIO_DIR.length + 1)),
  }));
  const catalogue = join(root, 'scenarios.json');
  writeFileSync(catalogue, JSON.stringify(makePrebuiltCatalogue(dir, entries)));
  return { dir, catalogue };
}

describe('the scenarios validated at build time', () => {
  it('give every bundled scenario exactly as the loader does, ids, files and contents', () => {
    const { dir, catalogue } = copyWithCatalogue();
    const prebuilt = readPrebuiltScenarios(catalogue, dir);
    const loaded = listBundledScenarios();
    expect(prebuilt?.map((e) => e.id)).toEqual(loaded.map((e) => e.id));
    expect(prebuilt?.map((e) => e.file)).toEqual(
      loaded.map((e) => join(dir, e.file.slice(BUNDLED_SCENARIO_DIR.length + 1))),
    );
    expect(prebuilt?.map((e) => e.scenario)).toEqual(loaded.map((e) => e.scenario));
  });

  it('are refused when a file changed, appeared or went, or the catalogue is missing or bad', () => {
    const changed = copyWithCatalogue();
    appendFileSync(join(changed.dir, 'liberia.yaml'), '# a comment\n');
    expect(readPrebuiltScenarios(changed.catalogue, changed.dir)).toBeNull();

    const added = copyWithCatalogue();
    writeFileSync(join(added.dir, 'zz-new.yaml'), 'country: New\nregion: africa\npresences: []\n');
    expect(readPrebuiltScenarios(added.catalogue, added.dir)).toBeNull();

    const removed = copyWithCatalogue();
    unlinkSync(join(removed.dir, 'liberia.yaml'));
    expect(readPrebuiltScenarios(removed.catalogue, removed.dir)).toBeNull();

    const bad = copyWithCatalogue();
    writeFileSync(bad.catalogue, readFileSync(bad.catalogue, 'utf8').slice(0, 100));
    expect(readPrebuiltScenarios(bad.catalogue, bad.dir)).toBeNull();
    expect(readPrebuiltScenarios(join(bad.dir, 'none.json'), bad.dir)).toBeNull();
    writeFileSync(bad.catalogue, JSON.stringify({ version: 2, files: [], scenarios: [] }));
    expect(readPrebuiltScenarios(bad.catalogue, bad.dir)).toBeNull();

    // Untouched, the copy is taken.
    const same = copyWithCatalogue();
    expect(readPrebuiltScenarios(same.catalogue, same.dir)).not.toBeNull();
  });

  it('leave the scenarios a command selects as the loader gives them', async () => {
    const loaded = listBundledScenarios();
    // From the sources no catalogue is used: the loader's entries.
    expect(await selectScenarios([], true)).toEqual(loaded);
    // With a catalogue (one whose Sierra Leone is marked, to see which path answered): bundled
    // ids, country names and ISO3 codes come from it, files from the loader, --all entirely
    // from it.
    const { dir, catalogue } = copyWithCatalogue();
    const data = JSON.parse(readFileSync(catalogue, 'utf8')) as {
      scenarios: { id: string; scenario: { country: string } }[];
    };
    const marked = data.scenarios.find((e) => e.id === 'sierra-leone');
    if (marked) marked.scenario.country = 'Sierra Leone (catalogue)';
    writeFileSync(catalogue, JSON.stringify(data));
    const prebuilt = readPrebuiltScenarios(catalogue, dir);
    expect(prebuilt).not.toBeNull();
    const ids = ['sierra-leone', 'Sierra Leone', 'SLE', join(BUNDLED_SCENARIO_DIR, 'liberia.yaml')];
    const selected = await selectScenarios(ids, false, () => prebuilt);
    expect(selected.map((e) => [e.id, e.scenario.country])).toEqual([
      ['sierra-leone', 'Sierra Leone (catalogue)'],
      ['sierra-leone', 'Sierra Leone (catalogue)'],
      ['sierra-leone', 'Sierra Leone (catalogue)'],
      ['liberia', 'Liberia'],
    ]);
    const all = await selectScenarios([], true, () => prebuilt);
    expect(all.map((e) => e.id)).toEqual(loaded.map((e) => e.id));
    expect(all.find((e) => e.id === 'sierra-leone')?.scenario.country).toBe(
      'Sierra Leone (catalogue)',
    );
    await expect(selectScenarios(['atlantis'], false, () => prebuilt)).rejects.toThrow(/atlantis/);
    // A file alone never reads the catalogue.
    let reads = 0;
    await selectScenarios([join(BUNDLED_SCENARIO_DIR, 'liberia.yaml')], false, () => {
      reads += 1;
      return prebuilt;
    });
    expect(reads).toBe(0);
  });

  it('resolve every bundled id, country name and ISO3 code to the entry the loader gives', async () => {
    const { dir, catalogue } = copyWithCatalogue();
    const prebuilt = readPrebuiltScenarios(catalogue, dir);
    expect(prebuilt).not.toBeNull();
    const fast = new BundledScenarios(() => prebuilt);
    const names = listBundledScenarios().flatMap((e) => [
      e.id,
      e.id.toUpperCase(),
      e.scenario.country,
      ...(e.scenario.iso3 === undefined ? [] : [e.scenario.iso3, e.scenario.iso3.toLowerCase()]),
    ]);
    expect(names.length).toBeGreaterThan(50);
    for (const name of names) {
      const loaded = resolveScenario(name);
      const found = await fast.resolve(name);
      expect([found.id, found.scenario], name).toEqual([loaded.id, loaded.scenario]);
    }
    expect(await fast.all()).toEqual(prebuilt);
    // A name that is nothing bundled is refused from the catalogue, with the loader's words.
    for (const name of ['atlantis', 'Sierra Leon', 'XYZ']) {
      const loaded = (() => {
        try {
          resolveScenario(name);
        } catch (error) {
          return (error as Error).message;
        }
        return 'accepted';
      })();
      expect(loaded).toMatch(/no bundled scenario with this id or country/);
      await expect(fast.resolve(name)).rejects.toThrow(loaded);
    }
  });

  it('fall back on a catalogue of the wrong shape instead of failing', () => {
    const { dir, catalogue } = copyWithCatalogue();
    for (const text of [
      'null',
      '[]',
      '{"version":1,"files":[null],"scenarios":[]}',
      '{"version":1,"files":[],"scenarios":[null]}',
    ]) {
      writeFileSync(catalogue, text);
      expect(readPrebuiltScenarios(catalogue, dir), text).toBeNull();
    }
  });
});

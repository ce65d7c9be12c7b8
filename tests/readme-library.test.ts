/**
 * README "Use it as a library" and "Write your own scenario": their code blocks run as they are
 * written (the package's import paths mapped to this checkout's sources through package.json's
 * `exports`), and what they print is what the README shows. The consumer test type-checks the
 * same blocks against the packed package.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LIBRARY_EXAMPLES,
  SCENARIO_REPLAY_ARGS,
  getReadmeBlock,
  listReadmeExamples,
  makeWorkDir,
  runLibraryExample,
  toCheckoutImports,
} from '../scripts/readme-library.ts';
import { runInProcess } from './support/cli.ts';

const work = makeWorkDir();
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('README examples', () => {
  it('are all covered here', () => {
    expect(listReadmeExamples()).toEqual(['library-replay', 'library-property', 'scenario']);
  });

  for (const name of LIBRARY_EXAMPLES) {
    it(`${name} runs and prints what the README shows`, () => {
      const result = runLibraryExample(name, work);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(getReadmeBlock('output', name).code);
    });
  }

  it('import only what the package exports', () => {
    expect(() => toCheckoutImports("import { x } from 'pillar-transitions/tests';")).toThrow(
      'which package.json does not export',
    );
  });

  it('the scenario file replays as the README shows', async () => {
    const block = getReadmeBlock('example', 'scenario');
    expect(block.language).toBe('yaml');
    const file = join(work, 'atlantis.yaml');
    writeFileSync(file, block.code);
    const result = await runInProcess(['replay', file, ...SCENARIO_REPLAY_ARGS]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(getReadmeBlock('output', 'scenario').code);
  });
});

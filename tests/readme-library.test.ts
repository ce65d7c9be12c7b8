/**
 * README "Use it as a library" and "Write your own scenario": their code blocks run as they are
 * written (the package's import paths mapped to this checkout's sources through package.json's
 * `exports`), and what they print is what the README shows. The consumer test type-checks the
 * same blocks against the packed package.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runInProcess } from './support/cli.ts';
import { getReadmeBlock, listReadmeExamples } from './support/readme.ts';

const TSX_LOADER = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, { import: string } | string>;
};
// Inside the repository (gitignored), so that fast-check, xstate... resolve from node_modules.
mkdirSync(join(ROOT, '.tmp-pillar'), { recursive: true });
const work = mkdtempSync(join(ROOT, '.tmp-pillar', 'readme-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `dist/src/scenario/index.js` -> the source file it is built from. */
function toSource(built: string): string {
  return join(ROOT, built.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
}

/** The code with every `from 'pillar-transitions...'` pointing at this checkout's sources. */
function toCheckoutImports(code: string): string {
  return code.replace(/from '(pillar-transitions(?:\/[\w-]+)?)'/g, (whole, specifier: string) => {
    const subpath =
      specifier === manifest.name ? '.' : `./${specifier.slice(manifest.name.length + 1)}`;
    const target = manifest.exports[subpath];
    if (target === undefined || typeof target === 'string') {
      throw new Error(`README imports ${specifier}, which package.json does not export`);
    }
    return `from ${JSON.stringify(toSource(target.import))}`;
  });
}

function runExample(name: string): { status: number | null; stdout: string; stderr: string } {
  const file = join(work, `${name}.ts`);
  writeFileSync(file, toCheckoutImports(getReadmeBlock('example', name).code));
  return spawnSync(process.execPath, ['--import', TSX_LOADER, file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('README examples', () => {
  it('are all covered here', () => {
    expect(listReadmeExamples()).toEqual(['library-replay', 'library-property', 'scenario']);
  });

  for (const name of ['library-replay', 'library-property']) {
    it(`${name} runs and prints what the README shows`, () => {
      const result = runExample(name);
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
    const result = await runInProcess(['replay', file, '--doctrine', 'adopted-2019']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(getReadmeBlock('output', 'scenario').code);
  });
});

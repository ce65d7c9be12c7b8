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
  SCENARIO_EXAMPLES,
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
    expect(listReadmeExamples()).toEqual([
      'library-replay',
      'library-property',
      ...SCENARIO_EXAMPLES.map((e) => e.name),
    ]);
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

  for (const example of SCENARIO_EXAMPLES) {
    it(`the scenario file ${example.file} replays as the README shows`, async () => {
      const block = getReadmeBlock('example', example.name);
      expect(block.language).toBe('yaml');
      const file = join(work, example.file);
      writeFileSync(file, block.code);
      const result = await runInProcess(['replay', file, ...example.args]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(getReadmeBlock('output', example.name).code);
    });
  }

  it('the tasks example fails without a receiver for security-sector-reform, and lists it as orphaned once the exit is forced', async () => {
    const code = getReadmeBlock('example', 'scenario-tasks').code;
    const line = '      security-sector-reform: government\n';
    expect(code).toContain(line);
    const missing = join(work, 'missing.yaml');
    writeFileSync(missing, code.replace(line, ''));
    const refused = await runInProcess(['replay', missing, '--doctrine', 'adopted-2019']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /no-task-orphaned failed .* ADOPT_PLAN: .*the plan for UNPKO-T gives no receiver for security-sector-reform/,
    );
    const forced = join(work, 'forced.yaml');
    writeFileSync(
      forced,
      code
        .replace(line, '')
        .replace(
          '    plan: { gender: true } #',
          '    exit: host-consent-withdrawn\n    exitDecided: 2013-01 #',
        ),
    );
    const replayed = await runInProcess(['replay', forced, '--format', 'json']);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    const out = JSON.parse(replayed.stdout) as { orphanedTasks: { task: string; cause: string }[] };
    expect(out.orphanedTasks).toEqual([
      expect.objectContaining({ task: 'security-sector-reform', cause: 'host-consent-withdrawn' }),
    ]);
  });
});

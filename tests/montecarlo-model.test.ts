import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerSimulateCommand } from '../src/cli/commands/simulate.ts';
import { InputError } from '../src/cli/shared.ts';
import { deriveDefaultModel, type TransitionsDataset } from '../src/simulate/montecarlo/derive.ts';
import {
  DEFAULT_MODEL_PATH,
  loadModel,
  parseModel,
} from '../src/simulate/montecarlo/model-file.ts';

const defaultText = readFileSync(DEFAULT_MODEL_PATH, 'utf8');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function refusal(text: string): string {
  try {
    parseModel(text, 'bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error('the model was accepted');
}

describe('model files', () => {
  it('loads the bundled default model', () => {
    const model = loadModel();
    expect(model.name).toBe('default');
    expect(model.pko.mandateMonths).toBeGreaterThan(0);
  });

  it('names the file, line, column and field of a bad value', () => {
    const text = defaultText.replace(
      'finalMandatePerReview: 0.05109',
      'finalMandatePerReview: 1.5',
    );
    const line = text.split('\n').findIndex((l) => l.includes('finalMandatePerReview: 1.5')) + 1;
    expect(refusal(text)).toMatch(
      new RegExp(`bad\\.yaml:${line}:\\d+: pko\\.finalMandatePerReview: .*1`),
    );
  });

  it('refuses an unknown field, a missing one, and a range whose min exceeds its max', () => {
    expect(refusal(defaultText.replace('relapsePerMonth:', 'relapsePerMonht:'))).toMatch(
      /transition.*relapsePerMonht/,
    );
    expect(refusal(defaultText.replace(/^start: .*$/m, ''))).toMatch(
      /bad\.yaml(:\d+:\d+)?: start: /,
    );
    expect(refusal(defaultText.replace('{ min: 2, max: 12 }', '{ min: 12, max: 2 }'))).toMatch(
      /forcedExit\.withdrawalMonths\.max: min must not exceed max/,
    );
  });

  it('reports YAML syntax errors with their position', () => {
    expect(refusal('name: [oops\n')).toMatch(/^bad\.yaml:\d+:\d+: /);
  });

  it('matches what derive.ts computes from the shared dataset', () => {
    const candidates = [
      join('..', 'shared', 'data', 'transitions.json'),
      '/work/shared/data/transitions.json',
    ];
    const path = candidates.find((p) => existsSync(p));
    expect(path, 'shared/data/transitions.json beside the repository').toBeDefined();
    const data = JSON.parse(readFileSync(path as string, 'utf8')) as TransitionsDataset;
    expect(parse(defaultText)).toEqual(deriveDefaultModel(data));
  });
});

describe('pillar simulate --model', () => {
  it('refuses a bad model with exit code 2, a message naming the field, and no output files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillar-mc-model-'));
    dirs.push(dir);
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      defaultText.replace('mandateMonths: 12 # assumption: the', 'mandateMonths: -3 # the'),
    );
    const errors: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk));
      return true;
    });
    const program = new Command('pillar').exitOverride();
    registerSimulateCommand(program);
    try {
      await program.parseAsync(
        ['simulate', '--countries', '5', '--model', file, '--out', join(dir, 'out')],
        {
          from: 'user',
        },
      );
    } finally {
      spy.mockRestore();
    }
    expect(process.exitCode).toBe(2);
    process.exitCode = 0;
    expect(errors.join('')).toMatch(/bad\.yaml:\d+:\d+: spm\.mandateMonths: /);
    expect(errors.join('')).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });
});

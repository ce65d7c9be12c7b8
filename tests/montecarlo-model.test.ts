import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { deriveDefaultModel, type TransitionsDataset } from '../src/simulate/montecarlo/derive.ts';
import {
  DEFAULT_MODEL_PATH,
  ModelError,
  loadModel,
  parseModel,
} from '../src/simulate/montecarlo/model-file.ts';
import { hasStackTrace, runInProcess } from './support/cli.ts';

const defaultText = readFileSync(DEFAULT_MODEL_PATH, 'utf8');
const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-mc-model-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The error a model is refused with. */
function refusal(text: string, file = 'bad.yaml'): ModelError {
  try {
    parseModel(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return error as ModelError;
  }
  throw new Error('the model was accepted');
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  expect(offset, `${needle} in the fixture`).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1) ?? '').length + 1 };
}

/** Replaces `from` (which must occur) in the default model. */
function edited(from: string | RegExp, to: string): string {
  const text = defaultText.replace(from, to);
  expect(text, `${String(from)} in the default model`).not.toBe(defaultText);
  return text;
}

describe('model files', () => {
  it('loads the bundled default model', () => {
    const model = loadModel();
    expect(model.name).toBe('default');
    expect(model.pko.mandateMonths).toBeGreaterThan(0);
  });

  it('reports an unknown top-level key at its own line and column, listing the known fields', () => {
    const text = `${defaultText}bogusKey: 1\n`;
    const at = positionOf(text, 'bogusKey');
    expect(at.line).toBeGreaterThan(60);
    const error = refusal(text);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({
      file: 'bad.yaml',
      path: 'bogusKey',
      line: at.line,
      column: at.column,
    });
    expect(error.issues[0]?.message).toMatch(
      /^unknown field "bogusKey" \(known fields: name, start, regions, /,
    );
    expect(error.message).toMatch(
      new RegExp(`^bad\\.yaml:${at.line}:1: bogusKey: unknown field "bogusKey"`),
    );
  });

  it('reports a misspelt nested key at its own position with a "did you mean"', () => {
    const text = edited('relapsePerMonth:', 'relapsePerMonht:');
    const at = positionOf(text, 'relapsePerMonht');
    expect(refusal(text).message).toContain(
      `bad.yaml:${at.line}:${at.column}: transition.relapsePerMonht: unknown field "relapsePerMonht" (did you mean "relapsePerMonth"?)`,
    );
  });

  it('names the file, line, column and field of an out-of-range value', () => {
    const text = edited('finalMandatePerReview: 0.04593', 'finalMandatePerReview: 1.5');
    const at = positionOf(text, '1.5');
    expect(refusal(text).message).toBe(
      `bad.yaml:${at.line}:${at.column}: pko.finalMandatePerReview: expected a probability from 0 to 1, got 1.5`,
    );
    const negative = edited('mandateMonths: 12 # assumption: the', 'mandateMonths: -3 # the');
    const neg = positionOf(negative, '-3');
    expect(refusal(negative).message).toBe(
      `bad.yaml:${neg.line}:${neg.column}: spm.mandateMonths: expected a whole number of months from 1 to 600, got -3`,
    );
  });

  it('names the file, line, column and field of a value of the wrong type', () => {
    const text = edited('mandateMonths: 12 # assumption\n', 'mandateMonths: twelve\n');
    const at = positionOf(text, 'twelve');
    expect(refusal(text).message).toBe(
      `bad.yaml:${at.line}:${at.column}: pko.mandateMonths: expected a whole number of months from 1 to 600, got "twelve"`,
    );
    const month = edited('start: 2027-01', 'start: 2027-13');
    const m = positionOf(month, '2027-13');
    expect(refusal(month).message).toBe(
      `bad.yaml:${m.line}:${m.column}: start: expected a month YYYY-MM, got "2027-13"`,
    );
  });

  it('says which field is missing, and refuses a range whose min exceeds its max', () => {
    const missing = edited(/^name: .*$/m, '');
    expect(refusal(missing).message).toMatch(/^bad\.yaml:\d+:1: name: missing required field$/);
    const range = edited('{ min: 2, max: 12 }', '{ min: 12, max: 2 }');
    const at = positionOf(range, 'max: 2 }');
    expect(refusal(range).message).toBe(
      `bad.yaml:${at.line}:${at.column + 'max: '.length}: forcedExit.withdrawalMonths.max: min must not exceed max`,
    );
  });

  it('says the file is empty (also when it holds only comments)', () => {
    for (const text of ['', '\n  \n', '# nothing here\n---\n']) {
      expect(refusal(text).message).toBe('bad.yaml: the file is empty: expected a model');
    }
  });

  it('says a missing file is not found, and a folder is not a model file', () => {
    const dir = tempDir();
    const file = join(dir, 'nope.yaml');
    expect(() => loadModel(file)).toThrow(
      new ModelError([{ file, path: '', message: 'file not found' }]),
    );
    expect(() => loadModel(dir)).toThrow(`${dir}: is a directory, not a model file`);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(refusal('name: [oops\n').message).toMatch(/^bad\.yaml:\d+:\d+: invalid YAML: /);
  });

  it("matches what derive.ts computes from the project's dataset (data/transitions.json)", () => {
    const path = fileURLToPath(new URL('../data/transitions.json', import.meta.url));
    const data = JSON.parse(readFileSync(path, 'utf8')) as TransitionsDataset;
    expect(parse(defaultText)).toEqual(deriveDefaultModel(data));
  });
});

describe('pillar simulate --model', () => {
  it('refuses a bad model with exit code 2, a message naming the field, and no output files', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.yaml');
    const text = edited('mandateMonths: 12 # assumption: the', 'mandateMonths: -3 # the');
    writeFileSync(file, text);
    const at = positionOf(text, '-3');
    const result = await runInProcess([
      'simulate',
      '--countries',
      '5',
      '--model',
      file,
      '--out',
      join(dir, 'out'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`bad.yaml:${at.line}:${at.column}: spm.mandateMonths: `);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.stdout).toBe('');
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('refuses a missing model file and an empty one with exit code 2', async () => {
    const dir = tempDir();
    const missing = await runInProcess(['simulate', '--model', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(dir, 'nope.yaml')}: file not found`);
    writeFileSync(join(dir, 'empty.yaml'), '');
    const empty = await runInProcess(['simulate', '--model', join(dir, 'empty.yaml')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('empty.yaml: the file is empty');
  });
});

describe('JSON model files', () => {
  it('are read as JSON: a trailing comma YAML would accept is refused with its position', () => {
    const text = '{\n  "start": "2027-01",\n}\n';
    expect(() => parseModel(text, 'model.json')).toThrow(/^model\.json:3:1: invalid JSON: /);
    // The same text in a .yaml file is YAML, where the comma is allowed.
    expect(() => parseModel(text, 'model.yaml')).not.toThrow(/invalid JSON/);
  });
});

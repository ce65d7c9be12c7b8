/**
 * Every command example in the README is what the command prints now: each ```text block that
 * starts with `$ pillar ...` is run in process and compared line by line (`...` lines stand for
 * lines left out; verify's time and rate are compared as placeholders).
 * Fix with: npm run readme
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  README_FILE,
  findExamples,
  matchesExample,
  rewriteExample,
  runExample,
  toLines,
} from '../scripts/readme-examples.ts';

const examples = findExamples(readFileSync(README_FILE, 'utf8'));

describe('README command examples', () => {
  it('there are examples of replay, compare, simulate, verify and portfolio', () => {
    expect(examples.map((e) => e.args[0])).toEqual(
      expect.arrayContaining(['replay', 'compare', 'simulate', 'verify', 'portfolio']),
    );
  });

  for (const example of examples) {
    it(`$ pillar ${example.args.join(' ')} prints what the README shows`, async () => {
      const { code, text } = await runExample(example.args);
      expect(code).toBe(0);
      const actual = toLines(text);
      expect(
        matchesExample(example.lines, actual),
        `out of date: run npm run readme\n--- README\n${example.lines.join('\n')}\n--- now\n${actual.join('\n')}`,
      ).toBe(true);
    }, 60_000);
  }
});

describe('matching an example with elisions', () => {
  it('a `...` line stands for any run of lines, none included; other lines must be equal', () => {
    expect(matchesExample(['a', '...', 'd'], ['a', 'b', 'c', 'd'])).toBe(true);
    expect(matchesExample(['a', '...', 'b'], ['a', 'b'])).toBe(true);
    expect(matchesExample(['a', '...'], ['a', 'b'])).toBe(true);
    expect(matchesExample(['a', 'b'], ['a', 'b', 'c'])).toBe(false);
    expect(matchesExample(['a', '...', 'x'], ['a', 'b', 'c'])).toBe(false);
    expect(matchesExample(['DPKO'], ['DPO'])).toBe(false);
  });

  it('only the run-time figures of verify are placeholders', () => {
    const shown = ['  states 3  edges 4  time 0.96 s  2853 states/s'];
    expect(matchesExample(shown, ['  states 3  edges 4  time 9.91 s  341 states/s'])).toBe(true);
    expect(matchesExample(shown, ['  states 4  edges 4  time 0.96 s  2853 states/s'])).toBe(false);
  });

  it('a rewritten block keeps its elisions and finds its lines again by their first words', () => {
    const shown = ['head', '...', '    ok   handover:X  shortest 1', '...'];
    const actual = ['head', 'b', 'c', '    ok   handover:X  shortest 2', 'e'];
    expect(rewriteExample(shown, actual)).toEqual([
      'head',
      '...',
      '    ok   handover:X  shortest 2',
      '...',
    ]);
    expect(rewriteExample(['a', 'b'], ['a', 'c', 'd'])).toEqual(['a', 'c', 'd']);
  });
});

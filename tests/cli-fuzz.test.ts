/**
 * Fuzzing the input path: bundled scenario files mutated byte by byte (deletions, insertions of
 * YAML and JSON syntax, control characters, invalid UTF-8, aliases, duplicated and cut lines).
 * At least 10,000 mutants per run go through the whole CLI in process (`runCli`, which runs
 * `createProgram()`: read, load, replay, format, write with --out), and another 10,000 through the
 * reader and the loader in memory, the first 200 that load replayed and formatted in every format.
 * The contract: exit 0, 1 or 2, a message and never a stack trace, and no output file on exit 2.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FileError } from '../src/io/errors.ts';
import { decodeText } from '../src/io/read.ts';
import { parseScenarioText } from '../src/scenario/load.ts';
import { formatTimelines } from '../src/simulate/format.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import { hasStackTrace, ROOT, runInProcess } from './support/cli.ts';
import { getSeed } from './support/fc-seed.ts';

const SEED = getSeed('tests/cli-fuzz.test.ts');
const dir = mkdtempSync(join(tmpdir(), 'pillar-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The bases: the two smallest bundled scenarios as they are, and every bundled scenario cut down
 * to the fields the machine reads (short files keep 10,000 parses within seconds), in YAML with
 * an anchor and an alias, and one in JSON.
 */
const BASES: { name: string; bytes: Buffer }[] = (() => {
  const folder = join(ROOT, 'scenarios');
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: f, bytes: readFileSync(join(folder, f)) }))
    .sort((a, b) => a.bytes.length - b.bytes.length);
  const bases = files.slice(0, 2);
  for (const file of files.slice(0, 12)) {
    const s = parseScenarioText(file.bytes.toString('utf8'), file.name);
    const presences = s.presences
      .slice(0, 3)
      .map(
        (p, i) =>
          `  - ${i === 0 ? '&first ' : ''}name: ${p.name}\n    kind: ${p.kind}\n    from: '${p.from}'\n${p.to ? `    to: '${p.to}'\n` : ''}`,
      );
    const yaml = `country: ${JSON.stringify(s.country)}\nregion: ${s.region}\n${s.end ? `end: '${s.end}'\n` : ''}presences:\n${presences.join('')}`;
    bases.push({ name: file.name, bytes: Buffer.from(yaml) });
  }
  const first = files[0] as { name: string; bytes: Buffer };
  const scenario = parseScenarioText(first.bytes.toString('utf8'), first.name);
  bases.push({
    name: first.name.replace(/\.yaml$/, '.json'),
    bytes: Buffer.from(JSON.stringify({ ...scenario, presences: scenario.presences.slice(0, 3) })),
  });
  return bases;
})();

/** Fragments that matter to YAML and JSON parsers, and to terminals. */
const FRAGMENTS = [
  ':',
  ': ',
  '- ',
  '\n',
  '\n  ',
  '#',
  '&a ',
  '*a',
  '*nope',
  '!!binary ',
  '!!js/function ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '"',
  "'",
  '\\',
  '|',
  '>',
  '---\n',
  '...\n',
  '<<: *a\n',
  '?',
  '%YAML 1.1\n',
  '\t',
  '\r',
  '\u001b[2J',
  '<script>',
  '2001-13',
  '1e999',
  '-0',
  '~',
  'null',
  'true',
  'presences:',
  'kind: pko',
  '[[[[[[[[[[',
  '\uFEFF',
  '\u0000',
];

type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'bytes'; at: number; bytes: number[] }
  | { op: 'replace'; at: number; length: number; text: string }
  | { op: 'duplicate-line'; at: number }
  | { op: 'cut'; at: number };

const position = fc.nat({ max: 1_000_000 });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: position, length: fc.nat({ max: 40 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: position,
    text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 })),
  }),
  fc.record({
    op: fc.constant('bytes' as const),
    at: position,
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    op: fc.constant('replace' as const),
    at: position,
    length: fc.nat({ max: 12 }),
    text: fc.constantFrom(...FRAGMENTS),
  }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: position }),
  fc.record({ op: fc.constant('cut' as const), at: position }),
);

function apply(bytes: Buffer, m: Mutation): Buffer {
  const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
  switch (m.op) {
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text), bytes.subarray(at)]);
    case 'bytes':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
    case 'replace':
      return Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(m.text),
        bytes.subarray(at + m.length),
      ]);
    case 'duplicate-line': {
      const start = bytes.lastIndexOf(0x0a, at - 1) + 1;
      const end = bytes.indexOf(0x0a, at);
      const line = bytes.subarray(start, end < 0 ? bytes.length : end + 1);
      return Buffer.concat([bytes.subarray(0, start), line, bytes.subarray(start)]);
    }
    case 'cut':
      return bytes.subarray(0, at);
  }
}

const mutant = fc
  .record({
    base: fc.nat({ max: BASES.length - 1 }),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }),
  })
  .map(({ base, mutations }) => {
    const source = BASES[base] as { name: string; bytes: Buffer };
    return { name: source.name, bytes: mutations.reduce(apply, source.bytes), mutations };
  });

/**
 * What the CLI does with a file short of writing it: read and parse; with `replay`, also replay
 * and format.
 */
function outcome(name: string, bytes: Buffer, replay: boolean): 'loaded' | 'refused' {
  try {
    const scenario = parseScenarioText(decodeText(bytes, name), name);
    if (!replay) return 'loaded';
    const timeline = replayScenario(scenario, { doctrine: scenario.doctrine ?? 'note-2017' });
    formatTimelines([timeline], 'table', { color: false, asArray: false });
    formatTimelines([timeline], 'markdown', { color: false, asArray: false });
    return 'loaded';
  } catch (error) {
    // Anything else than a FileError with exit code 2 would reach "unexpected error" (exit 70).
    if (!(error instanceof FileError)) throw error;
    expect(error.exitCode).toBe(2);
    expect(error.message).not.toBe('');
    expect(hasStackTrace(error.message)).toBe(false);
    // One bounded line per issue (at most 50 issues, then a count).
    expect(error.message.length).toBeLessThan(51 * 1200);
    return 'refused';
  }
}

describe('fuzzing scenario files', () => {
  it('10,000 mutants through the reader, loader, replay and formatters: loaded or refused with exit 2', () => {
    const seen = { loaded: 0, refused: 0 };
    fc.assert(
      fc.property(mutant, ({ name, bytes }) => {
        // Replaying costs milliseconds: the first 200 mutants that load are replayed too.
        seen[outcome(name, bytes, seen.loaded < 200)]++;
      }),
      { seed: SEED, numRuns: 10_000 },
    );
    // Both sides are exercised: mutants that still load and mutants that are refused.
    expect(seen.loaded).toBeGreaterThan(100);
    expect(seen.refused).toBeGreaterThan(1000);
  }, 180_000);

  it('10,000 mutants through the whole CLI in process: exit 0, 1 or 2, no stack trace, no file on exit 2', async () => {
    let n = 0;
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(mutant, async ({ name, bytes }) => {
        n++;
        const file = join(dir, `${n}-${name}`);
        const out = join(dir, `${n}.out`);
        writeFileSync(file, bytes);
        const result = await runInProcess(['replay', file, '--out', out, '--format', 'json']);
        codes.add(result.code);
        expect([0, 1, 2]).toContain(result.code);
        expect(hasStackTrace(result.stderr)).toBe(false);
        expect(result.stderr).not.toContain('unexpected error');
        if (result.code === 2) {
          expect(existsSync(out)).toBe(false);
          expect(result.stderr).not.toBe('');
        } else expect(existsSync(out)).toBe(true);
        rmSync(file, { force: true });
        rmSync(out, { force: true });
      }),
      { seed: SEED, numRuns: 10_000 },
    );
    expect(n).toBeGreaterThanOrEqual(10_000);
    // Both sides are exercised: mutants the CLI replays and mutants it refuses.
    expect(codes.has(2)).toBe(true);
    expect(codes.has(0) || codes.has(1)).toBe(true);
  }, 300_000);
});

/**
 * The README's command examples are produced by the code: every ```text block whose first line is
 * `$ pillar <args>` shows what that command prints. A line `...` in a block stands for lines left
 * out (any number, none included); every other line must be what the command prints, except the
 * figures that change from run to run (verify's time and states per second), which are compared
 * as placeholders. tests/readme-examples.test.ts checks every block;
 *
 *   npm run readme            rewrite the blocks from what the commands print now
 *   npm run readme -- --check exit 1 when a block is out of date
 *
 * A rewritten block keeps its elisions: the lines it showed are looked up in the new output by
 * their first words, and the stretches between them stay `...`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/main.ts';

export const README_FILE = resolve(fileURLToPath(new URL('.', import.meta.url)), '../README.md');

export interface ReadmeExample {
  /** The arguments after `pillar`. */
  args: string[];
  /** The lines shown after the command line. */
  lines: string[];
  /** Line indexes (0-based) of the command line and of the closing fence in the README. */
  start: number;
  end: number;
}

/** Every ```text block of `readme` that starts with `$ pillar ...`. */
export function findExamples(readme: string): ReadmeExample[] {
  const all = readme.split('\n');
  const examples: ReadmeExample[] = [];
  for (let i = 0; i < all.length; i++) {
    if (all[i] !== '```text') continue;
    const command = all[i + 1] ?? '';
    const end = all.findIndex((l, j) => j > i && l === '```');
    if (end < 0) break;
    if (command.startsWith('$ pillar ')) {
      examples.push({
        args: command.slice('$ pillar '.length).split(/\s+/).filter(Boolean),
        lines: all.slice(i + 2, end),
        start: i + 1,
        end,
      });
    }
    i = end;
  }
  return examples;
}

/** Figures that differ between runs of the same command, replaced by placeholders. */
export function normalize(line: string): string {
  return line.replace(/time [\d.]+ s(\s+)[\d.]+ states\/s/, 'time # s$1# states/s').trimEnd();
}

/**
 * What `pillar <args>` prints to stdout, run in this process without colour (stderr, where
 * progress and timings go, is kept apart).
 */
export async function runExample(
  args: readonly string[],
): Promise<{ code: number; text: string; stderr: string }> {
  const chunks: string[] = [];
  const errors: string[] = [];
  const color = process.env.NO_COLOR;
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((stream) => Object.getOwnPropertyDescriptor(stream, 'write'));
  const sinkTo =
    (into: string[]) =>
    (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      rest.find((r): r is () => void => typeof r === 'function')?.();
      return true;
    };
  process.env.NO_COLOR = '1';
  process.stdout.write = sinkTo(chunks);
  process.stderr.write = sinkTo(errors);
  let code: number;
  try {
    code = await runCli(args);
  } finally {
    streams.forEach((stream, i) => {
      const original = originals[i];
      if (original) Object.defineProperty(stream, 'write', original);
      else delete (stream as { write?: unknown }).write;
    });
    if (color === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = color;
  }
  return { code, text: chunks.join(''), stderr: errors.join('') };
}

const ELISION = '...';

/**
 * Whether `actual` (the command's lines) is what `shown` shows: equal line by line, where a
 * `...` line matches any run of lines.
 */
export function matchesExample(shown: readonly string[], actual: readonly string[]): boolean {
  const want = shown.map(normalize);
  const got = actual.map(normalize);
  // memoised search: can want[i..] match got[j..]?
  const memo = new Map<string, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === want.length) result = j === got.length;
    else if (want[i] === ELISION) result = match(i + 1, j) || (j < got.length && match(i, j + 1));
    else result = j < got.length && want[i] === got[j] && match(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** The output's lines, without the final newline. */
export function toLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The first two words of a line: how a shown line is found again in new output. */
function keyOf(line: string): string {
  return line.trim().split(/\s+/).slice(0, 2).join(' ');
}

/**
 * The new block for an example: the whole output when the block elides nothing, else the lines
 * it showed, found again in the new output by their first words (in order), with `...` between
 * them wherever the old block had it.
 */
export function rewriteExample(shown: readonly string[], actual: readonly string[]): string[] {
  if (!shown.includes(ELISION)) return [...actual];
  const out: string[] = [];
  let j = 0;
  let pendingElision = false;
  for (const line of shown) {
    if (line === ELISION) {
      pendingElision = true;
      continue;
    }
    const key = keyOf(line);
    const found = actual.findIndex((l, k) => k >= j && (pendingElision ? keyOf(l) === key : true));
    if (found < 0) continue;
    if (pendingElision && (out.length > 0 || found > 0) && out.at(-1) !== ELISION)
      out.push(ELISION);
    out.push(actual[found] as string);
    j = found + 1;
    pendingElision = false;
  }
  if (pendingElision || j < actual.length) out.push(ELISION);
  return out;
}

/** The README with every example rewritten from what its command prints now. */
export async function regenerateReadme(readme: string): Promise<string> {
  const all = readme.split('\n');
  const examples = findExamples(readme);
  for (const example of [...examples].reverse()) {
    const { text } = await runExample(example.args);
    const lines = rewriteExample(example.lines, toLines(text));
    all.splice(example.start + 1, example.end - example.start - 1, ...lines);
  }
  return all.join('\n');
}

async function main(args: string[]): Promise<number> {
  const readme = readFileSync(README_FILE, 'utf8');
  if (args.includes('--check')) {
    let stale = 0;
    for (const example of findExamples(readme)) {
      const { text } = await runExample(example.args);
      if (!matchesExample(example.lines, toLines(text))) {
        stale++;
        process.stderr.write(
          `out of date: README.md line ${example.start + 1}: $ pillar ${example.args.join(' ')}\n`,
        );
      }
    }
    if (stale > 0) process.stderr.write('run: npm run readme\n');
    return stale > 0 ? 1 : 0;
  }
  const next = await regenerateReadme(readme);
  if (next !== readme) writeFileSync(README_FILE, next);
  process.stdout.write(
    next === readme ? 'README.md examples are current\n' : `wrote ${README_FILE}\n`,
  );
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}

/**
 * The README's library examples (`<!-- readme-example:NAME -->` blocks): each TypeScript block runs
 * as written, with the package's import paths mapped to this checkout's sources through
 * package.json's `exports`, and the YAML block replays through the CLI. `npm run readme` writes
 * what they print into the `<!-- readme-output:NAME -->` blocks; tests/readme-library.test.ts
 * checks them.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const README_FILE = join(ROOT, 'README.md');
const TSX_LOADER = new URL('../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

export interface ReadmeBlock {
  language: string;
  code: string;
}

/** The fenced block right after the marker `<!-- readme-KIND:NAME -->` in `readme`. */
export function getReadmeBlock(
  kind: 'example' | 'output',
  name: string,
  readme: string = readFileSync(README_FILE, 'utf8'),
): ReadmeBlock & { start: number; end: number } {
  const marker = `<!-- readme-${kind}:${name} -->`;
  const at = readme.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no ${marker}`);
  const from = at + marker.length;
  const match = /^\s*```(\w*)\n([\s\S]*?)\n```/.exec(readme.slice(from));
  if (match === null) throw new Error(`README.md: no code block after ${marker}`);
  const body = match[2] ?? '';
  const start = from + match[0].length - body.length - 4;
  return { language: match[1] ?? '', code: `${body}\n`, start, end: start + body.length };
}

/** The names of every `readme-example` in README.md, in order. */
export function listReadmeExamples(readme: string = readFileSync(README_FILE, 'utf8')): string[] {
  return [...readme.matchAll(/<!-- readme-example:([\w-]+) -->/g)].map((m) => m[1] ?? '');
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, { import: string } | string>;
};

/** `dist/src/scenario/index.js` -> the source file it is built from. */
function toSource(built: string): string {
  return join(ROOT, built.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
}

/** The code with every `from 'pillar-transitions...'` pointing at this checkout's sources. */
export function toCheckoutImports(code: string): string {
  return code.replace(/from '(pillar-transitions(?:\/[\w-]+)?)'/g, (_whole, specifier: string) => {
    const subpath =
      specifier === manifest.name ? '.' : `./${specifier.slice(manifest.name.length + 1)}`;
    const target = manifest.exports[subpath];
    if (target === undefined || typeof target === 'string') {
      throw new Error(`README imports ${specifier}, which package.json does not export`);
    }
    return `from ${JSON.stringify(toSource(target.import))}`;
  });
}

/** A scratch folder inside the repository (gitignored), so packages resolve from node_modules. */
export function makeWorkDir(): string {
  mkdirSync(join(ROOT, '.tmp-pillar'), { recursive: true });
  return mkdtempSync(join(ROOT, '.tmp-pillar', 'readme-'));
}

/** Runs the TypeScript example `name` in a fresh Node process from the sources. */
export function runLibraryExample(
  name: string,
  work: string,
): { status: number | null; stdout: string; stderr: string } {
  const file = join(work, `${name}.ts`);
  writeFileSync(file, toCheckoutImports(getReadmeBlock('example', name).code));
  return spawnSync(process.execPath, ['--import', TSX_LOADER, file], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** The TypeScript examples. */
export const LIBRARY_EXAMPLES = ['library-replay', 'library-property'] as const;
/** The scenario files of "Write your own scenario": the file each is saved as, and the replay's arguments. */
export const SCENARIO_EXAMPLES = [
  { name: 'scenario', file: 'atlantis.yaml', args: ['--doctrine', 'adopted-2019'] },
  { name: 'scenario-tasks', file: 'atlantis-tasks.yaml', args: ['--doctrine', 'adopted-2019'] },
] as const;

async function main(): Promise<void> {
  const { runExample } = await import('./readme-examples.ts');
  const work = makeWorkDir();
  const outputs = new Map<string, string>();
  try {
    for (const name of LIBRARY_EXAMPLES) {
      const result = runLibraryExample(name, work);
      if (result.status !== 0 || result.stderr !== '') {
        throw new Error(`README example ${name} failed:\n${result.stderr}`);
      }
      outputs.set(name, result.stdout);
    }
    for (const example of SCENARIO_EXAMPLES) {
      const file = join(work, example.file);
      writeFileSync(file, getReadmeBlock('example', example.name).code);
      const { text } = await runExample(['replay', file, ...example.args]);
      outputs.set(example.name, text);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  let readme = readFileSync(README_FILE, 'utf8');
  for (const [name, text] of outputs) {
    const block = getReadmeBlock('output', name, readme);
    readme = readme.slice(0, block.start) + text.replace(/\n$/, '') + readme.slice(block.end);
  }
  writeFileSync(README_FILE, readme);
  console.log(`wrote ${README_FILE} (library examples)`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}

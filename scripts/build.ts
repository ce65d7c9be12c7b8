/**
 * `npm run build`: compiles src/ and machines/ to dist/ (ESM JavaScript, declarations, source
 * maps with their sources inline). tsc rewrites the sources' `.ts` import paths to `.js` in the
 * JavaScript but not in the declarations, so this script does that for the `.d.ts` files. Then it
 * writes dist/scenarios.json, the bundled scenarios validated (src/scenario/prebuilt.ts).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');

/** A relative import path ending in `.ts` (not `.d.ts`), quoted, in a declaration file. */
const TS_SPECIFIER = /(['"])(\.{1,2}\/[^'"]*?)(?<!\.d)\.ts\1/g;

/** The declaration text with its relative `.ts` import paths turned into `.js`. */
export function rewriteDeclaration(text: string): string {
  return text.replace(
    TS_SPECIFIER,
    (_, quote: string, path: string) => `${quote}${path}.js${quote}`,
  );
}

function declarationFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

function build(): number {
  rmSync(DIST, { recursive: true, force: true });
  const tsc = spawnSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(ROOT, 'tsconfig.build.json'),
    ],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) return tsc.status ?? 1;
  for (const file of declarationFiles(DIST)) {
    const text = readFileSync(file, 'utf8');
    const rewritten = rewriteDeclaration(text);
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
  return 0;
}

/**
 * dist/scenarios.json: every bundled scenario as the loader validates it, with a digest of each
 * file, so that the CLI can replay a bundled id without the YAML parser and the schema.
 */
async function writeScenarioCatalogue(): Promise<void> {
  const { listBundledScenarios, BUNDLED_SCENARIO_DIR } = await import('../src/scenario/catalog.ts');
  const { makePrebuiltCatalogue } = await import('../src/scenario/prebuilt.ts');
  const catalogue = makePrebuiltCatalogue(BUNDLED_SCENARIO_DIR, listBundledScenarios());
  writeFileSync(join(DIST, 'scenarios.json'), `${JSON.stringify(catalogue)}\n`);
}

const status = build();
if (status === 0) await writeScenarioCatalogue();
process.exitCode = status;

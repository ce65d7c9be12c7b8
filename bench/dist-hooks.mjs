/**
 * Module resolve hook for `npm run bench`: an import of the project's own sources (`src/`,
 * `machines/`) loads the built JavaScript in `dist/` instead, so the bench measures the code
 * users run (the package), not the sources as tsx transpiles them on the fly. The bench's own
 * files stay TypeScript. Registered by bench/use-dist.mjs.
 */
import { existsSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const root = new URL('../', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  const url = result.url;
  if (!url.startsWith(root) || !url.endsWith('.ts')) return result;
  const path = url.slice(root.length);
  if (!path.startsWith('src/') && !path.startsWith('machines/')) return result;
  const built = `${root}dist/${path.slice(0, -'.ts'.length)}.js`;
  if (!existsSync(fileURLToPath(built))) {
    throw new Error(`bench: ${built} is missing; run npm run build first`);
  }
  return { url: built, format: 'module', shortCircuit: true };
}

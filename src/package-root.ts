/**
 * Where the package's resources are (scenarios/, models/, structures/, schema/ and the inspector's
 * static files): found from the package root, the nearest folder above this module whose
 * package.json is this package's. The same lookup works from the TypeScript sources (src/), from
 * the built JavaScript (dist/src/) and from an installed copy (node_modules/pillar-transitions/).
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'pillar-transitions';

let root: string | undefined;
let version = '';

function isPackageRoot(folder: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as {
      name?: unknown;
      version?: unknown;
    };
    if (manifest.name !== PACKAGE_NAME) return false;
    version = typeof manifest.version === 'string' ? manifest.version : '';
    return true;
  } catch {
    return false;
  }
}

/** The package's root folder (the one holding its package.json), found once and remembered. */
export function getPackageRoot(): string {
  if (root !== undefined) return root;
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isPackageRoot(folder)) return (root = folder);
    const parent = dirname(folder);
    if (parent === folder) {
      throw new Error(
        `${PACKAGE_NAME}: no package.json of ${PACKAGE_NAME} above ${import.meta.url}`,
      );
    }
    folder = parent;
  }
}

/** The package's version, from its package.json. */
export function getPackageVersion(): string {
  getPackageRoot();
  return version;
}

/** The absolute path of a resource, given by its path from the package root. */
export function getResourcePath(...segments: string[]): string {
  return join(getPackageRoot(), ...segments);
}

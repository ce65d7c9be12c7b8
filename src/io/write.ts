/**
 * The one way outputs are written. A file is written whole or not at all (a temporary file beside
 * it, then renamed); an existing regular file is replaced, as `sort -o` or a compiler's `-o` does;
 * anything else that exists there (a directory, a device node, a FIFO, a socket) is refused, as
 * is a folder that does not exist or is not a folder. Text for the terminal has its control
 * characters escaped, but for the colour codes the formatters add. Every refusal is an InputError
 * (exit code 2) that says why.
 */
import {
  lstatSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError, escapeControl } from './errors.ts';

/** Why a file cannot be written, by error code. */
const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'a file cannot be created there',
  ENOTDIR: 'a part of the path is not a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EEXIST: 'something else was created there meanwhile',
  ENAMETOOLONG: 'the path is too long',
};

function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a file';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** stat or lstat, undefined where nothing is there (also under a file: ENOTDIR). */
function statOf(path: string, link = false): Stats | undefined {
  try {
    return (link ? lstatSync : statSync)(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new InputError(`cannot write ${path}: ${WRITE_ERRORS[code] ?? code}`);
  }
}

// Colour codes the formatters emit (src/simulate/format.ts `paint`); every other escape is shown.
// eslint-disable-next-line no-control-regex
const OWN_SGR = /\u001b\[(?:0|1|2|31|32|33)m/g;

/**
 * `text` safe for a terminal: every control character but line feed and tab made visible
 * (`\u001b`), so names from a file cannot move the cursor, rewrite the title or hide lines; the
 * plain colour codes the formatters add are kept.
 */
export function escapeForTerminal(text: string): string {
  const parts = text.split(OWN_SGR);
  const codes = text.match(OWN_SGR) ?? [];
  let out = '';
  parts.forEach((part, i) => {
    out += escapeControl(part.replace(/\r(?!\n)/g, '\\r'));
    if (i < codes.length) out += codes[i];
  });
  return out;
}

/**
 * Refuses a target that exists and is not a regular file, and a folder that does not exist or
 * is not a folder.
 * @throws InputError (exit 2).
 */
export function checkOutputFile(path: string): string {
  const target = resolve(path);
  const folder = dirname(target);
  const folderStat = statOf(folder);
  if (folderStat === undefined)
    throw new InputError(`cannot write ${path}: folder ${folder} does not exist`);
  if (!folderStat.isDirectory())
    throw new InputError(`cannot write ${path}: ${folder} is not a folder`);
  const existing = statOf(target);
  if (existing?.isDirectory()) throw new InputError(`cannot write ${path}: it is a folder`);
  if (existing !== undefined && !existing.isFile()) {
    throw new InputError(
      `cannot write ${path}: it is ${kindOf(existing)}; --out writes regular files only`,
    );
  }
  return target;
}

/**
 * Writes `text` to `path` all at once (see the module comment). Without a path, or with `-`,
 * writes to stdout with control characters escaped.
 * @throws InputError when the file cannot be written; nothing is left behind.
 */
export function writeOutput(path: string | undefined, text: string): void {
  if (path === undefined || path === '-') {
    const safe = escapeForTerminal(text);
    process.stdout.write(safe.endsWith('\n') ? safe : `${safe}\n`);
    return;
  }
  const target = checkOutputFile(path);
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    // 'wx': never follows or reuses whatever is at the temporary name.
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code !== 'EEXIST') rmSync(temporary, { force: true });
    const why = WRITE_ERRORS[code] ?? `cannot be written (${code || 'error'})`;
    throw new InputError(`cannot write ${path}: ${why}`);
  }
}

/** Deepest folder chain ensureOutputDir creates. */
const MAX_NEW_FOLDERS = 32;

/**
 * Makes sure `dir` is a folder to write into, creating it and missing parents one at a time
 * (never a recursive mkdir: on /proc that loops). A file, a device or anything but a folder
 * where a folder should be is refused.
 * @throws InputError (exit 2).
 */
export function ensureOutputDir(dir: string): void {
  const target = resolve(dir);
  const missing: string[] = [];
  let at = target;
  for (;;) {
    const stats = statOf(at, true);
    if (stats !== undefined) {
      const isDir = stats.isDirectory() || (stats.isSymbolicLink() && statOf(at)?.isDirectory());
      if (!isDir) {
        const what = stats.isSymbolicLink() ? 'a broken link' : kindOf(stats);
        throw new InputError(
          at === target
            ? `cannot write into ${dir}: it is ${what}, not a folder`
            : `cannot write into ${dir}: ${at} is ${what}, not a folder`,
        );
      }
      break;
    }
    missing.push(at);
    if (missing.length > MAX_NEW_FOLDERS)
      throw new InputError(
        `cannot write into ${dir}: more than ${MAX_NEW_FOLDERS} folders to create`,
      );
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const why = WRITE_ERRORS[code] ?? `cannot be created (${code || 'error'})`;
      throw new InputError(`cannot create the folder ${folder}: ${why}`);
    }
  }
}

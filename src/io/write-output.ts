/** Writing a command's output to a file atomically, or to stdout. */
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from './errors.ts';

/**
 * Writes `text` to `path` all at once: into a temporary file beside it, then renamed, so an
 * interrupted or failed run never leaves a partial file. The folder must exist already (a typo in
 * a path should not leave stray folders behind). Without a path, or with `-`, writes to stdout.
 */
const WRITE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'a file cannot be created there',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
};

export function writeOutput(path: string | undefined, text: string): void {
  if (path === undefined || path === '-') {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  const target = resolve(path);
  const folder = dirname(target);
  const folderStat = statSync(folder, { throwIfNoEntry: false });
  if (folderStat === undefined)
    throw new InputError(`cannot write ${path}: folder ${folder} does not exist`);
  if (!folderStat.isDirectory())
    throw new InputError(`cannot write ${path}: ${folder} is not a folder`);
  if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError(`cannot write ${path}: it is a folder`);
  }
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? '';
    const why = WRITE_ERRORS[code] ?? (error as Error).message.replace(temporary, path);
    throw new InputError(`cannot write ${path}: ${why}`);
  }
}

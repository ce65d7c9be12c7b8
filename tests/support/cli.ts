/**
 * Running `pillar` in tests: in-process through `runCli` (stdout and stderr captured), or as a
 * real subprocess running the TypeScript sources (`node --import tsx src/cli/main.ts`), so the
 * tests see the code as it is now, built or not. The built launcher, bin/pillar.js, is tested by
 * tests/package-consumer.test.ts on the packed tarball.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The repository root, the CLI's entry point, and tsx's loader (an absolute URL, whatever the cwd). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
/** Node's arguments that run `pillar` from the TypeScript sources (append the CLI's own). */
export const FROM_SOURCES: readonly string[] = ['--import', TSX_LOADER, MAIN];

type Write = typeof process.stdout.write;

function capture(stream: NodeJS.WriteStream, sink: string[]): () => void {
  const original = Object.getOwnPropertyDescriptor(stream, 'write');
  stream.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((r): r is () => void => typeof r === 'function');
    callback?.();
    return true;
  };
  return () => {
    if (original) Object.defineProperty(stream, 'write', original);
    else delete (stream as { write?: Write }).write;
  };
}

/** Runs `pillar ...args` in this process; stdout and stderr are captured, not printed. */
export async function runInProcess(args: readonly string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const restoreOut = capture(process.stdout, out);
  const restoreErr = capture(process.stderr, err);
  let code: number;
  try {
    code = await runCli(args);
  } finally {
    restoreOut();
    restoreErr();
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs `pillar ...args` from the sources as a subprocess, from `cwd` (default: the repository). */
export function runSubprocess(
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): CliResult {
  const result = spawnSync(process.execPath, [...FROM_SOURCES, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Whether `text` holds a stack-trace line (`    at fn (file:line:col)`). */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+[:(]/m.test(text);
}

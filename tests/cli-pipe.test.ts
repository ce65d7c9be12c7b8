/**
 * Where the output goes is not always willing: a reader that stops early (`pillar replay --all |
 * head`) closes the pipe, and a redirection can hit a full disk. Neither may end in a stack trace.
 * A closed pipe drops what the reader did not take and the command keeps its own exit code; a
 * failed write is one line on stderr and exit code 2. Real subprocesses (the sources through
 * tsx), since only a real pipe or device fails this way; nothing here is timed (the pipe is closed
 * before the command starts, so every write fails, not only those after a race).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FROM_SOURCES, ROOT, hasStackTrace } from './support/cli.ts';
import { TASK_SCENARIO } from './support/task-scenario.ts';

const LAUNCHER = fileURLToPath(new URL('../bin/pillar.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pillar-pipe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A planned exit that leaves human-rights without a receiver: `replay` exits 1. */
function writeFailingScenario(): string {
  const file = join(dir, 'orphaned.json');
  writeFileSync(file, JSON.stringify(TASK_SCENARIO));
  return file;
}

interface Ended {
  code: number | null;
  signal: string | null;
  stderr: string;
}

/**
 * Runs `pillar ...args` (from the sources, or `command`) with stdout on `stdout`: `closed`, a pipe
 * whose reading end is closed before the command starts (every write fails with EPIPE, whatever
 * the timing), or a file descriptor.
 */
function runWithStdout(
  args: readonly string[],
  stdout: 'closed' | number,
  command: readonly string[] = FROM_SOURCES,
): Promise<Ended> {
  const child = spawn(process.execPath, [...command, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', stdout === 'closed' ? 'pipe' : stdout, 'pipe'],
  });
  child.stdout?.destroy();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
}

const runWithClosedPipe = (args: readonly string[], command?: readonly string[]) =>
  runWithStdout(args, 'closed', command);

/** Runs `pillar ...args` with stdout on `/dev/full` (every write fails with ENOSPC). */
async function runIntoFullDevice(args: readonly string[]): Promise<Ended> {
  const full = openSync('/dev/full', 'w');
  try {
    return await runWithStdout(args, full);
  } finally {
    closeSync(full);
  }
}

describe('output to a reader that stops or a device that is full', () => {
  it('a closed pipe: the command ends with its own exit code, without a word', async () => {
    const ok = await runWithClosedPipe(['replay', '--all', '--format', 'json']);
    expect({ code: ok.code, signal: ok.signal, stderr: ok.stderr }).toEqual({
      code: 0,
      signal: null,
      stderr: '',
    });
    // A command that exits 1 (an invariant broken) keeps its 1, and its report on stderr.
    const failing = await runWithClosedPipe(['replay', writeFailingScenario()]);
    expect(failing.code).toBe(1);
    expect(failing.stderr).toMatch(/invariant no-task-orphaned failed/);
    expect(failing.stderr).not.toMatch(/EPIPE/);
    expect(hasStackTrace(failing.stderr), failing.stderr).toBe(false);
    // `pillar --version` alone is answered by the launcher itself, before the CLI loads.
    const version = await runWithClosedPipe(['--version'], [LAUNCHER]);
    expect({ code: version.code, stderr: version.stderr }).toEqual({ code: 0, stderr: '' });
  }, 120_000);

  it.runIf(existsSync('/dev/full'))(
    'a full device: one line naming standard output, exit code 2, no stack trace',
    async () => {
      const ended = await runIntoFullDevice(['replay', 'sierra-leone']);
      expect(ended.code).toBe(2);
      expect(ended.stderr).toMatch(/^pillar: cannot write to standard output: ENOSPC/);
      expect(ended.stderr.trim().split('\n')).toHaveLength(1);
      expect(hasStackTrace(ended.stderr)).toBe(false);
    },
    60_000,
  );
});

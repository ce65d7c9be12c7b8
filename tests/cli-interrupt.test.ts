/**
 * Ctrl-C (SIGINT) ends a command with exit code 130 and one line on stderr, never a stack trace;
 * what `simulate --out` wrote before stays a run `--resume` accepts. The signal is sent once the
 * run has written its first records (the test waits for them; nothing here is timed).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FROM_SOURCES, ROOT } from './support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pillar-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Resolves once `file` exists with at least `bytes` bytes (checked between reads of the child's output). */
async function waitForFile(file: string, bytes: number, exited: () => boolean): Promise<void> {
  while (!(existsSync(file) && statSync(file).size >= bytes)) {
    if (exited()) throw new Error(`the run ended before ${file} had ${bytes} bytes`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('pillar interrupted with Ctrl-C', () => {
  it('simulate --out exits 130 with one line, and leaves a run that --resume completes', async () => {
    const out = join(dir, 'run');
    // Many more countries than the run gets through before the signal.
    const args = ['simulate', '--countries', '40000', '--years', '10', '--seed', '7'];
    const child = spawn(process.execPath, [...FROM_SOURCES, ...args, '--out', out], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdout.resume();
    let done = false;
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, signal) => {
        done = true;
        resolve({ code, signal });
      }),
    );
    await waitForFile(join(out, 'countries.jsonl'), 10_000, () => done);
    child.kill('SIGINT');
    const { code, signal } = await exit;
    expect({ code, signal }).toEqual({ code: 130, signal: null });
    expect(stderr).toMatch(/pillar: interrupted\n$/);
    expect(stderr).not.toMatch(/\n\s+at /);
    // The run is resumable: run.json names it, and every complete line is a record.
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as { countries: number };
    expect(run.countries).toBe(40_000);
    const before = readFileSync(join(out, 'countries.jsonl'), 'utf8').split('\n').length - 1;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(40_000);
    // --resume finishes it.
    const resumed = spawn(process.execPath, [...FROM_SOURCES, ...args, '--out', out, '--resume'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let resumeErr = '';
    resumed.stderr.on('data', (chunk: Buffer) => (resumeErr += chunk.toString('utf8')));
    const resumedCode = await new Promise<number | null>((resolve) => resumed.on('exit', resolve));
    expect(resumeErr.match(/error|unexpected/i), resumeErr).toBeNull();
    expect(resumedCode).toBe(0);
    const after = readFileSync(join(out, 'countries.jsonl'), 'utf8').split('\n').length - 1;
    expect(after).toBe(40_000);
  }, 180_000);
});

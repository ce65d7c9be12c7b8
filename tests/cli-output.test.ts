import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, statusLine, writeOutput } from '../src/cli/shared.ts';

const dir = mkdtempSync(join(tmpdir(), 'pillar-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string): string {
  try {
    writeOutput(path, 'text');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error(`writeOutput(${path}) did not refuse`);
}

describe('writeOutput', () => {
  it('should write the whole text and leave no temporary file', () => {
    writeOutput(join(dir, 'out.txt'), 'hello\n');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('hello\n');
    expect(readdirSync(dir)).toEqual(['out.txt']);
  });

  it('should refuse a folder that does not exist, and create none', () => {
    expect(refusal(join(dir, 'typo', 'out.txt'))).toBe(
      `cannot write ${join(dir, 'typo', 'out.txt')}: folder ${join(dir, 'typo')} does not exist`,
    );
    expect(existsSync(join(dir, 'typo'))).toBe(false);
  });

  it('should refuse a path under a file, and a folder as the target', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    expect(refusal(join(dir, 'plain', 'out.txt'))).toContain('is not a folder');
    expect(refusal(dir)).toContain('it is a folder');
  });

  it('should say why a file cannot be created, without naming its temporary file', () => {
    const message = refusal('/proc/pillar-output-test');
    expect(message).toMatch(/^cannot write \/proc\/pillar-output-test: /);
    expect(message).not.toContain('.tmp');
  });
});

describe('statusLine', () => {
  it('is for terminals only, rewrites in place at most once per interval, and ends or clears', () => {
    expect(statusLine(100, { isTTY: false, write: () => true })).toBeUndefined();
    const written: string[] = [];
    const line = statusLine(60_000, { isTTY: true, write: (text: string) => written.push(text) });
    line?.show('first');
    line?.show('too soon');
    expect(written).toEqual(['\r\u001b[Kfirst']);
    line?.clear();
    expect(written.at(-1)).toBe('\r\u001b[K');
    line?.show('done', true);
    expect(written.at(-1)).toBe('\r\u001b[Kdone\n');
    // A line that ended stays: nothing to clear.
    line?.clear();
    expect(written).toHaveLength(3);
  });
});

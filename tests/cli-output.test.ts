import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, writeOutput } from '../src/cli/shared.ts';

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

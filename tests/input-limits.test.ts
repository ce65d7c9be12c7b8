/**
 * The attacks of issue 14 on input files, outputs and resume, each as a test: exit code, message,
 * and boundedness where it can be measured without timing (bytes read, size of stderr). Fixtures
 * are generated here, in a temporary folder; nothing large is committed.
 */
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileError } from '../src/io/errors.ts';
import {
  DEFAULT_MAX_INPUT_BYTES,
  MAX_INPUT_BYTES_ENV,
  lastBytesRead,
  readInputBytes,
} from '../src/io/read.ts';
import { hasStackTrace, runInProcess, type CliResult } from './support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'pillar-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  delete process.env[MAX_INPUT_BYTES_ENV];
});

let counter = 0;
function file(name: string, content: string | Buffer): string {
  const path = join(dir, `${++counter}-${name}`);
  writeFileSync(path, content);
  return path;
}

const SCENARIO = `country: Testland
region: africa
presences:
  - name: UNTEST
    kind: pko
    from: '2001-01'
    to: '2003-06'
`;

/** Exit 2 with one bounded message, no stack trace, nothing on stdout. */
function expectRefused(result: CliResult, message: string | RegExp): void {
  expect(result.code).toBe(2);
  if (typeof message === 'string') expect(result.stderr).toContain(message);
  else expect(result.stderr).toMatch(message);
  expect(hasStackTrace(result.stderr)).toBe(false);
  expect(result.stderr).not.toContain('unexpected error');
  expect(result.stderr.length).toBeLessThan(2000);
  expect(result.stdout).toBe('');
}

function mkfifo(name: string): string {
  const path = join(dir, `${++counter}-${name}`);
  const made = spawnSync('mkfifo', [path]);
  expect(made.status).toBe(0);
  return path;
}

describe('input files: kind and size', () => {
  it('refuses /dev/zero without reading a byte, for replay, verify --replay and simulate --model', async () => {
    expectRefused(
      await runInProcess(['replay', '/dev/zero']),
      '/dev/zero: is a character device, not a scenario file',
    );
    expect(lastBytesRead).toBe(0);
    expectRefused(
      await runInProcess(['verify', '--replay', '/dev/zero']),
      '/dev/zero: cannot read the trace file (is a character device, not a trace file)',
    );
    expectRefused(
      await runInProcess(['simulate', '--model', '/dev/zero']),
      '/dev/zero: is a character device, not a model file',
    );
    expect(lastBytesRead).toBe(0);
  });

  it('refuses a FIFO without blocking on it, and a directory', async () => {
    const fifo = mkfifo('pipe.yaml');
    expectRefused(await runInProcess(['replay', fifo]), `${fifo}: is a FIFO (named pipe)`);
    expectRefused(await runInProcess(['simulate', '--model', fifo]), 'is a FIFO (named pipe)');
    const folder = join(dir, 'folder.yaml');
    mkdirSync(folder);
    expectRefused(await runInProcess(['replay', folder]), `${folder}: is a directory`);
  });

  it('refuses a file above the limit from its size, before reading, and says how to raise it', async () => {
    // A sparse 20 GB file: costs nothing on disk, would exhaust memory if read.
    const huge = file('huge.json', '');
    truncateSync(huge, 20 * 1024 ** 3);
    const result = await runInProcess(['replay', huge]);
    expectRefused(
      result,
      `${huge}: is ${20 * 1024 ** 3} bytes, more than the limit of ${DEFAULT_MAX_INPUT_BYTES} bytes (raise it with --max-input-bytes or ${MAX_INPUT_BYTES_ENV})`,
    );
    expect(lastBytesRead).toBe(0);
  });

  it('lowers and raises the limit with --max-input-bytes and the environment variable', async () => {
    const scenario = file('ok.yaml', SCENARIO);
    expectRefused(
      await runInProcess(['--max-input-bytes', '50', 'replay', scenario]),
      `more than the limit of 50 bytes`,
    );
    expect((await runInProcess(['replay', scenario, '--max-input-bytes', '1k'])).code).toBe(0);
    process.env[MAX_INPUT_BYTES_ENV] = '60';
    expectRefused(await runInProcess(['replay', scenario]), 'more than the limit of 60 bytes');
    process.env[MAX_INPUT_BYTES_ENV] = 'lots';
    expectRefused(await runInProcess(['replay', scenario]), `${MAX_INPUT_BYTES_ENV}: expected`);
    delete process.env[MAX_INPUT_BYTES_ENV];
    expectRefused(
      await runInProcess(['--max-input-bytes', 'lots', 'replay', scenario]),
      /--max-input-bytes.*Expected a number of bytes/,
    );
  });

  it('stops reading at the limit where the size is not known in advance (/proc)', () => {
    expect(statSync('/proc/self/maps').size).toBe(0);
    expect(() => readInputBytes('/proc/self/maps', { maxBytes: 100 })).toThrow(FileError);
    expect(lastBytesRead).toBe(101);
  });

  it('never echoes /proc/self/environ', async () => {
    process.env.PILLAR_SECRET_PROBE = 'do-not-print-this-value';
    try {
      const result = await runInProcess(['replay', '/proc/self/environ']);
      expectRefused(result, /\/proc\/self\/environ:1:\d+: control character U\+0000 at offset \d+/);
      expect(result.stderr).not.toContain('do-not-print-this-value');
      expect(result.stderr).not.toContain(process.env.PATH ?? '/usr/bin');
    } finally {
      delete process.env.PILLAR_SECRET_PROBE;
    }
  });
});

describe('input files: encoding, syntax and cost', () => {
  it('refuses invalid UTF-8 naming the offset, and UTF-16 by its byte order mark', async () => {
    const bad = file('bad.yaml', Buffer.concat([Buffer.from('country: Te'), Buffer.from([0xff])]));
    expectRefused(
      await runInProcess(['replay', bad]),
      `${bad}:1:12: invalid UTF-8: byte 0xFF at offset 11`,
    );
    const utf16 = file('utf16.yaml', Buffer.from(`\uFEFF${SCENARIO}`, 'utf16le'));
    expectRefused(await runInProcess(['replay', utf16]), `${utf16}: is UTF-16LE text`);
  });

  it('refuses duplicate keys in JSON as in YAML, with their position', async () => {
    const json = file('dup.json', '{\n  "country": "A",\n  "country": "B"\n}\n');
    expectRefused(
      await runInProcess(['replay', json]),
      `${json}:3:3: invalid JSON: duplicate key "country"`,
    );
    const yaml = file('dup.yaml', `${SCENARIO}region: asia\n`);
    expectRefused(
      await runInProcess(['replay', yaml]),
      `${yaml}:8:1: invalid YAML: duplicate key "region"`,
    );
  });

  it('refuses an alias without its anchor, and one inside its own anchor, with a position', async () => {
    const orphan = file('orphan.yaml', 'country: *x\n');
    expectRefused(
      await runInProcess(['replay', orphan]),
      `${orphan}:1:10: alias *x has no anchor &x before it`,
    );
    const loop = file('loop.yaml', 'country: &a [*a]\n');
    expectRefused(await runInProcess(['replay', loop]), 'alias *a is inside its own anchor');
  });

  it('refuses a billion laughs, counting the expanded size', async () => {
    let text = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < 10; i++)
      text += `a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(',')}]\n`;
    const laughs = file('laughs.yaml', text);
    expect(text.length).toBeLessThan(1000);
    expectRefused(
      await runInProcess(['replay', laughs]),
      'YAML aliases expand the document beyond',
    );
  });

  it('refuses 998 aliases of one list under the alias count limit that expand past the size limit', async () => {
    const list = `[${Array.from({ length: 1000 }, () => '"xxxxxxxxxx"').join(',')}]`;
    const keys = Array.from({ length: 998 }, (_, i) => `k${i}: *big\n`).join('');
    const text = `${SCENARIO}big: &big ${list}\n${keys}`;
    expect(text.length).toBeLessThan(DEFAULT_MAX_INPUT_BYTES / 100);
    const aliases = file('aliases.yaml', text);
    expectRefused(
      await runInProcess(['replay', aliases]),
      'YAML aliases expand the document beyond',
    );
  });

  it('accepts aliases that stay small', async () => {
    const text = `country: Testland\nregion: africa\npresences:\n  - &p\n    name: UNTEST\n    kind: pko\n    from: '2001-01'\n    to: '2003-06'\n`;
    expect((await runInProcess(['replay', file('small-alias.yaml', text)])).code).toBe(0);
  });

  it('refuses deep nesting in flow and block style before parsing it', async () => {
    const flow = file('deep.yaml', `country: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    expectRefused(
      await runInProcess(['replay', flow]),
      `${flow}:1:74: nested deeper than 64 levels`,
    );
    const block = file('deep-block.yaml', `${'- '.repeat(100_000)}x\n`);
    expectRefused(await runInProcess(['replay', block]), 'nested deeper than 64 levels');
    const json = file('deep.json', `{"country": ${'['.repeat(70)}${']'.repeat(70)}}`);
    expectRefused(await runInProcess(['replay', json]), 'nested deeper than 64 levels');
  });

  it('cuts a huge token in a message instead of echoing it', async () => {
    const key = 'k'.repeat(1_000_000);
    const result = await runInProcess(['replay', file('long-key.json', `{"${key}": 1}`)]);
    expectRefused(result, /unknown field "k{50,60}\.\.\."/);
    const value = 'v'.repeat(2_000_000);
    const long = await runInProcess([
      'replay',
      file('long-value.yaml', `country: Testland\nregion: ${value}\n`),
    ]);
    expectRefused(long, /region: expected one of/);
  });

  it('a YAML syntax error keeps to the parser message, without the file text', async () => {
    const result = await runInProcess([
      'replay',
      file('syntax.json', '{"country": "secret-text",}'),
    ]);
    expectRefused(result, /invalid JSON/);
    expect(result.stderr).not.toContain('secret-text');
  });
});

describe('outputs', () => {
  it('escapes control characters for the terminal and HTML in Markdown', async () => {
    const evil = file(
      'evil.yaml',
      SCENARIO.replace('Testland', '"Evil\\e[2J\\e]0;title\\a<script>x</script>"').replace(
        'UNTEST',
        '"UN\\e[31mX"',
      ),
    );
    const table = await runInProcess(['replay', evil]);
    expect(table.code).toBe(0);
    expect(table.stdout).not.toContain('\u001b');
    expect(table.stdout).not.toContain('\u0007');
    expect(table.stdout).toContain('Evil\\u001b[2J\\u001b]0;title\\u0007');
    const markdown = await runInProcess(['replay', evil, '--format', 'markdown']);
    expect(markdown.stdout).not.toContain('<script>');
    expect(markdown.stdout).toContain('&lt;script&gt;x&lt;/script&gt;');
    const json = await runInProcess(['replay', evil, '--format', 'json']);
    expect(json.stdout).not.toContain('\u001b');
    expect((JSON.parse(json.stdout) as { country: string }).country).toContain('\u001b[2J');
  });

  it('refuses a FIFO or a folder as --out, leaving it as it was', async () => {
    const scenario = file('ok.yaml', SCENARIO);
    const fifo = mkfifo('out.txt');
    const result = await runInProcess(['replay', scenario, '--out', fifo]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `cannot write ${fifo}: it is a FIFO (named pipe); --out writes regular files only`,
    );
    expect(statSync(fifo).isFIFO()).toBe(true);
    expectRefused(await runInProcess(['replay', scenario, '--out', dir]), 'it is a folder');
  });

  it('replaces an existing regular file whole (documented), and refuses a path under a file', async () => {
    const scenario = file('ok.yaml', SCENARIO);
    const out = file('out.json', 'old');
    expect((await runInProcess(['replay', scenario, '--format', 'json', '--out', out])).code).toBe(
      0,
    );
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ country: 'Testland' });
    expectRefused(
      await runInProcess(['replay', scenario, '--out', join(out, 'x.json')]),
      'is not a folder',
    );
  });

  it('simulate --out: a file, a path under a file and /proc are refused with exit 2', async () => {
    const plain = file('plain', 'x');
    const args = ['simulate', '--countries', '1', '--years', '1', '--out'];
    expectRefused(
      await runInProcess([...args, plain]),
      `cannot write into ${plain}: it is a file, not a folder`,
    );
    expectRefused(
      await runInProcess([...args, join(plain, 'run')]),
      `${plain} is a file, not a folder`,
    );
    expectRefused(
      await runInProcess([...args, '/proc/pillar-x/run']),
      'cannot create the folder /proc/pillar-x',
    );
  });

  it('simulate refuses to start over an existing run unless --force', async () => {
    const out = join(dir, 'run-twice');
    const args = ['simulate', '--countries', '2', '--years', '1', '--out', out];
    expect((await runInProcess(args)).code).toBe(0);
    const before = readFileSync(join(out, 'countries.jsonl'), 'utf8');
    expectRefused(
      await runInProcess(args),
      `${out} already holds a run (run.json): continue it with --resume, or start over with --force`,
    );
    expect(readFileSync(join(out, 'countries.jsonl'), 'utf8')).toBe(before);
    expect((await runInProcess([...args, '--force'])).code).toBe(0);
  });

  it('refuses more workers than cores, naming the limit', async () => {
    const cores = availableParallelism();
    const result = await runInProcess([
      'simulate',
      '--countries',
      '1',
      '--workers',
      String(cores + 1),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `Expected a whole number from 1 to ${cores} (the number of cores on this machine)`,
    );
  });
});

describe('resume checks what it resumes', () => {
  async function interruptedRun(seed: number): Promise<string> {
    const out = join(dir, `run-${++counter}`);
    const result = await runInProcess([
      'simulate',
      '--countries',
      '5',
      '--years',
      '1',
      '--seed',
      String(seed),
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    return out;
  }

  it('refuses run.json values out of range, with their position', async () => {
    const out = await interruptedRun(1);
    const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(out, 'run.json'), JSON.stringify({ ...run, countries: 1e15 }, null, 2));
    expectRefused(
      await runInProcess(['simulate', '--resume', '--out', out]),
      `${join(out, 'run.json')}:3:16: countries: --resume: expected a whole number from 1 to 10000000`,
    );
    writeFileSync(join(out, 'run.json'), '[]');
    expectRefused(
      await runInProcess(['simulate', '--resume', '--out', out]),
      'run.json:1:1: --resume: expected a mapping',
    );
  });

  it('refuses a record from another seed, naming the line', async () => {
    const [mine, other] = [await interruptedRun(1), await interruptedRun(2)];
    const lines = readFileSync(join(mine, 'countries.jsonl'), 'utf8').split('\n');
    const foreign = readFileSync(join(other, 'countries.jsonl'), 'utf8').split('\n');
    lines[2] = foreign[2] ?? '';
    writeFileSync(join(mine, 'countries.jsonl'), lines.join('\n'));
    rmSync(join(mine, 'summary.json'));
    expectRefused(
      await runInProcess(['simulate', '--resume', '--out', mine]),
      `${join(mine, 'countries.jsonl')}:3: --resume: the record of country 2 is not from this run`,
    );
  });

  it('refuses a malformed or misplaced record, naming the line; drops only a partial last line', async () => {
    const out = await interruptedRun(3);
    const path = join(out, 'countries.jsonl');
    const good = readFileSync(path, 'utf8');
    const lines = good.split('\n');
    writeFileSync(path, [lines[0], '{"index": 1}', ...lines.slice(2)].join('\n'));
    expectRefused(
      await runInProcess(['simulate', '--resume', '--out', out]),
      `${path}:2: --resume: `,
    );
    writeFileSync(path, [lines[0], 'not json', ...lines.slice(2)].join('\n'));
    expectRefused(
      await runInProcess(['simulate', '--resume', '--out', out]),
      `${path}:2: --resume: not a JSON record`,
    );
    writeFileSync(path, [lines[0], lines[0], ...lines.slice(2)].join('\n'));
    expectRefused(
      await runInProcess(['simulate', '--resume', '--out', out]),
      `${path}:2: --resume: country 0 where 1 was expected`,
    );
    // A crash mid-line: that line is dropped and the run completes to the same bytes.
    writeFileSync(path, `${lines.slice(0, 3).join('\n')}\n${(lines[3] ?? '').slice(0, 30)}`);
    expect((await runInProcess(['simulate', '--resume', '--out', out])).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(good);
  });
});

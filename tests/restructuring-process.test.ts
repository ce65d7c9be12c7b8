import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { restructuringMachine } from '../machines/restructuring.ts';
import { registerRestructuringCommand } from '../src/cli/commands/restructuring.ts';
import { EXIT_INVARIANT, InputError } from '../src/cli/shared.ts';
import { RESTRUCTURING_MAPPING } from '../src/domain/legacy.ts';
import {
  DEFAULT_PLAN,
  MappingFileError,
  getMilestoneEvents,
  runRestructuring,
  type RestructuringReport,
} from '../src/restructuring/index.ts';

/** A file path as a literal regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function runCommand(args: string[]): Promise<unknown> {
  const program = new Command('pillar')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerRestructuringCommand(program);
  try {
    await program.parseAsync(['restructuring', ...args], { from: 'user' });
    return null;
  } catch (error) {
    return error;
  }
}

describe('the restructuring process', () => {
  it('should go from the note to monitoring through the recorded milestones, in order', () => {
    const outcome = runRestructuring();
    expect(outcome.state).toBe('implemented.monitoring');
    expect(outcome.history.map((h) => [h.date, h.document])).toEqual([
      ['2017-09-11', "Secretary-General's note to Member States"],
      ['2017-10-13', 'A/72/525'],
      ['2017-12', 'A/RES/72/199'],
      ['2018-03', 'A/72/772'],
      ['2018-07-05', 'A/RES/72/262 C'],
      ['2019-01-01', 'entry into force'],
    ]);
    expect(outcome.refused).toEqual([]);
  });

  it('should give the state at a date', () => {
    expect(runRestructuring({ until: '2017-09' }).state).toBe('proposed');
    expect(runRestructuring({ until: '2018-03' }).state).toBe('endorsed.detailedProposal');
    expect(runRestructuring({ until: '2018-12-31' }).state).toBe('endorsed.approved');
  });

  it('should refuse acts out of order or back in time, leaving the snapshot as it was', () => {
    const actor = createActor(restructuringMachine, { input: {} }).start();
    const before = actor.getSnapshot();
    actor.send({ type: 'APPROVE', date: '2018-07-05', document: 'A/RES/72/262 C' });
    actor.send({ type: 'REPORT', date: '2016-01', document: 'too early' });
    actor.send({ type: 'REPORT', date: 'October', document: 'no date' });
    expect(actor.getSnapshot()).toBe(before);
  });

  it('should not implement a mapping the checks refuse, nor adopt such an adjustment', () => {
    const bad = { ...DEFAULT_PLAN, mapping: RESTRUCTURING_MAPPING.slice(1) };
    const outcome = runRestructuring({ plan: bad });
    expect(outcome.state).toBe('endorsed.approved');
    expect(outcome.refused[0]?.reason).toContain('dpa-regional-divisions');
    const events = [
      ...getMilestoneEvents(),
      { type: 'ADJUST' as const, date: '2019-06', document: 'review', plan: bad },
      { type: 'ADJUST' as const, date: '2019-07', document: 'review', text: 'working methods' },
    ];
    const adjusted = runRestructuring({ events });
    expect(adjusted.refused.map((r) => r.event.date)).toEqual(['2019-06']);
    expect(adjusted.history.at(-1)).toMatchObject({
      event: 'ADJUST',
      date: '2019-07',
      state: 'implemented.monitoring',
    });
  });
});

describe('pillar restructuring command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-restructuring-'));

  it('should print the mapping, the process state and the verdicts, flagging the illustrative posts', async () => {
    const out = join(dir, 'r.txt');
    expect(await runCommand(['--out', out])).toBeNull();
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('Process: implemented.monitoring');
    expect(text).toContain('ILLUSTRATIVE FIGURES, NOT REAL POSTS');
    expect(text).toMatch(/holds +one-home/);
    expect(text).toMatch(/DPKO +Office of Operations +-> +Single political-operational structure/);
  });

  it('should give JSON and the state at a date', async () => {
    const out = join(dir, 'r.json');
    expect(await runCommand(['--format', 'json', '--at', '2017-10-31', '--out', out])).toBeNull();
    const report = JSON.parse(readFileSync(out, 'utf8')) as RestructuringReport;
    expect(report.process.state).toBe('reported');
    expect(report.holds).toBe(true);
    expect(report.resources).toMatchObject({ illustrative: true, before: 600, after: 600 });
  });

  it('should write the verdicts and exit 1 for a planted bad mapping file', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      `mapping:\n${RESTRUCTURING_MAPPING.filter((m) => m.unit !== 'dpko-police')
        .map(
          (m) => `  - { unit: ${m.unit}, home: ${m.home}, functions: [${m.functions.join(', ')}] }`,
        )
        .join('\n')}\n`,
    );
    const out = join(dir, 'bad.txt');
    const error = await runCommand(['--mapping', file, '--out', out]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(EXIT_INVARIANT);
    expect((error as Error).message).toContain('dpko-police');
    expect(readFileSync(out, 'utf8')).toMatch(/FAILS +one-home/);
  });

  it('should refuse a malformed mapping file with its line and column, and a bad date', async () => {
    const file = join(dir, 'malformed.yaml');
    writeFileSync(
      file,
      'mapping:\n  - unit: dpa-electoral\n    home: dppa-electoral\n    functions: electoral-assistance\n',
    );
    const out = join(dir, 'never.txt');
    const error = await runCommand(['--mapping', file, '--out', out]);
    expect(error).toBeInstanceOf(MappingFileError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:16: mapping\\[0\\]\\.functions: `,
      ),
    );
    expect(await runCommand(['--at', 'soon', '--out', out])).toBeInstanceOf(InputError);
    expect(existsSync(out)).toBe(false);
  });
  it('should read a .json mapping as JSON: a trailing comma is invalid JSON at its line and column', async () => {
    const file = join(dir, 'trailing.json');
    const text = '{"country": "Testland", "region": "africa",}';
    writeFileSync(file, text);
    const out = join(dir, 'never-json.txt');
    const error = await runCommand(['--mapping', file, '--out', out]);
    expect(error).toBeInstanceOf(MappingFileError);
    expect((error as MappingFileError).exitCode).toBe(2);
    const column = text.lastIndexOf('}') + 1;
    expect((error as Error).message).toMatch(
      new RegExp(`^${escape(file)}:1:${column}: invalid JSON: `),
    );
    expect((error as Error).message).not.toContain('unknown field');
    expect(existsSync(out)).toBe(false);
    // The same text in a YAML file is read as YAML (a flow mapping may end with a comma).
    const yamlFile = join(dir, 'trailing.yaml');
    writeFileSync(yamlFile, text);
    expect(((await runCommand(['--mapping', yamlFile, '--out', out])) as Error).message).toContain(
      'unknown field "country"',
    );
  });

  it('should locate a schema problem of a valid .json mapping by line and column', async () => {
    const file = join(dir, 'fields.json');
    writeFileSync(
      file,
      '{\n  "mapping": [\n    { "unit": "dpa-electoral", "home": "dppa-electoral", "functions": 7 }\n  ]\n}\n',
    );
    const error = await runCommand(['--mapping', file]);
    expect(error).toBeInstanceOf(MappingFileError);
    expect((error as Error).message).toMatch(
      new RegExp(`^${escape(file)}:3:71: mapping\\[0\\]\\.functions: `),
    );
  });

  it('should refuse unknown unit and home ids as bad input (exit 2), naming the closest ids', async () => {
    const file = join(dir, 'typo.yaml');
    const entries = RESTRUCTURING_MAPPING.map((m) =>
      m.unit === 'dpko-police' ? { ...m, unit: 'dpko-polce', home: 'dpo-polic' } : m,
    );
    writeFileSync(
      file,
      `mapping:\n${entries
        .map(
          (m) => `  - { unit: ${m.unit}, home: ${m.home}, functions: [${m.functions.join(', ')}] }`,
        )
        .join(
          '\n',
        )}\nresources:\n  illustrative: true\n  before: [{ unit: pbso-finance, posts: 1 }]\n  after: [{ home: dppa-peacebuilding, from: outside-the-pillar, posts: 1 }]\n`,
    );
    const out = join(dir, 'never-typo.txt');
    const error = await runCommand(['--mapping', file, '--out', out]);
    expect(error).toBeInstanceOf(MappingFileError);
    expect((error as MappingFileError).exitCode).toBe(2);
    const line = entries.findIndex((m) => m.unit === 'dpko-polce') + 2;
    const messages = (error as MappingFileError).issues.map((i) => [i.path, i.line, i.message]);
    expect(messages).toEqual([
      [`mapping[${line - 2}].unit`, line, 'unknown unit "dpko-polce" (closest: dpko-police)'],
      [
        `mapping[${line - 2}].home`,
        line,
        expect.stringMatching(/^unknown home "dpo-polic" \(closest: dpo-police/),
      ],
      [
        'resources.before[0].unit',
        entries.length + 4,
        expect.stringMatching(/^unknown unit "pbso-finance" \(closest: pbso-financing/),
      ],
    ]);
    // A source outside the pillar is what the check resources-within-pillar is for: not bad input.
    expect(messages.map((m) => String(m[2]))).not.toContainEqual(
      expect.stringContaining('outside-the-pillar'),
    );
    expect(existsSync(out)).toBe(false);
  });

  it('should refuse an --at day that is not in the calendar, and take one that is', async () => {
    const out = join(dir, 'at.json');
    const error = await runCommand(['--at', '2019-02-30', '--out', out]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      '--at: 2019-02-30 is no day of the calendar (February 2019 has 28 days)',
    );
    expect(await runCommand(['--at', '2019-04-31', '--out', out])).toBeInstanceOf(InputError);
    expect(existsSync(out)).toBe(false);
    expect(await runCommand(['--at', '2018-12-31', '--format', 'json', '--out', out])).toBeNull();
    expect((JSON.parse(readFileSync(out, 'utf8')) as RestructuringReport).process.state).toBe(
      'endorsed.approved',
    );
    // A leap day exists.
    expect(await runCommand(['--at', '2020-02-29', '--out', out])).toBeNull();
  });
});

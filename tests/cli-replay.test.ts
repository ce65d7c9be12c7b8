/**
 * `pillar replay` and `pillar list`, in-process and as subprocesses. Expected values come from the
 * scenario files and DOMAIN.md's monthly rule (an oracle written here), not from the code under test.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { exitCodeFor } from '../src/cli/main.ts';
import { assertInvariants, exitCodeForTimelines } from '../src/cli/commands/replay.ts';
import { useColor } from '../src/cli/shared.ts';
import { INVARIANT_IDS } from '../src/invariants/index.ts';
import { loadScenarioFile } from '../src/scenario/load.ts';
import { formatTable } from '../src/simulate/format.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import { PLANTED_BUGS } from './support/planted-bugs.ts';
import { hasStackTrace, ROOT, runInProcess, runSubprocess } from './support/cli.ts';

// ---- the oracle: DOMAIN.md's monthly rule over the raw YAML -------------------------------
interface RawPresence {
  name: string;
  kind: string;
  from: string;
  to?: string;
}
interface RawScenario {
  country: string;
  start?: string;
  end?: string;
  presences: RawPresence[];
}
const DPO_KINDS: Record<string, string[]> = {
  'note-2017': ['pko', 'spm-field'],
  'adopted-2019': ['pko'],
};
const index = (m: string): number => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
const month = (i: number): string =>
  `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;

const SCENARIO_DIR = join(ROOT, 'scenarios');
const IDS = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();
const raw = (id: string): RawScenario =>
  parse(readFileSync(join(SCENARIO_DIR, `${id}.yaml`), 'utf8')) as RawScenario;

function oracleWindow(s: RawScenario): { start: string; end: string } {
  const named = s.presences.flatMap((p) => (p.to ? [p.from, p.to] : [p.from]));
  if (s.start) named.push(s.start);
  if (s.end) named.push(s.end);
  const start = s.start ?? month(Math.min(...s.presences.map((p) => index(p.from))));
  const end = s.end ?? month(Math.max(...named.map(index)));
  return { start, end };
}

/** For each month of the window: active presence names (sorted) and the lead. */
function oracleMonths(s: RawScenario, doctrine: string) {
  const { start, end } = oracleWindow(s);
  const months: { month: string; presences: string[]; lead: string }[] = [];
  for (let i = index(start); i <= index(end); i++) {
    const m = month(i);
    const active = s.presences.filter((p) => p.from <= m && (p.to === undefined || m <= p.to));
    const dpo = active.some((p) => (DPO_KINDS[doctrine] ?? []).includes(p.kind));
    months.push({
      month: m,
      presences: active.map((p) => p.name).sort(),
      lead: dpo ? 'DPO' : 'DPPA',
    });
  }
  return months;
}

function oracleHandovers(s: RawScenario, doctrine: string) {
  const months = oracleMonths(s, doctrine);
  return months.slice(1).flatMap((m, i) => {
    const prev = months[i]!;
    return prev.lead === m.lead ? [] : [{ at: m.month, from: prev.lead, to: m.lead }];
  });
}

// ---- the JSON contract -------------------------------------------------------------------
interface PeriodJson {
  from: string;
  to: string;
  phase: string;
  presences: string[];
  lead: string;
  informed: string;
  team: string;
  stage: string | null;
}
interface TimelineJson {
  country: string;
  iso3?: string;
  doctrine: string;
  team: { id: string; region: string; asg: string };
  periods: PeriodJson[];
  handovers: { at: string; from: string; to: string }[];
  invariants: { id: string; holds: boolean; step?: unknown }[];
  window: { start: string; end: string };
}

/** Checks one timeline against the contract and the oracle, field by field. */
function expectMatchesOracle(t: TimelineJson, s: RawScenario, doctrine: string): void {
  expect(t.country).toBe(s.country);
  expect(t.doctrine).toBe(doctrine);
  expect(Object.keys(t.team).sort()).toEqual(['asg', 'id', 'region']);
  const { start, end } = oracleWindow(s);
  expect(t.periods[0]?.from).toBe(start);
  expect(t.periods.at(-1)?.to).toBe(end);
  t.periods.forEach((p, i) => {
    expect(Object.keys(p).sort()).toEqual([
      'from',
      'informed',
      'lead',
      'phase',
      'presences',
      'stage',
      'team',
      'to',
    ]);
    expect(index(p.from)).toBeLessThanOrEqual(index(p.to));
    if (i > 0) expect(index(p.from)).toBe(index(t.periods[i - 1]!.to) + 1);
    expect(p.team).toBe(t.team.id);
    expect(['nonMission', 'specialPoliticalMission', 'peacekeeping', 'transition']).toContain(
      p.phase,
    );
    expect(p.informed).toBe(p.lead === 'DPO' ? 'DPPA' : 'DPO');
  });
  const expected = oracleMonths(s, doctrine);
  const actual = t.periods.flatMap((p) => {
    const out = [];
    for (let i = index(p.from); i <= index(p.to); i++) {
      out.push({ month: month(i), presences: [...p.presences].sort(), lead: p.lead });
    }
    return out;
  });
  expect(actual).toEqual(expected);
  // a new period whenever something changes: two neighbours never hold the same state
  t.periods.slice(1).forEach((p, i) => {
    const q = t.periods[i]!;
    const same =
      p.phase === q.phase &&
      p.stage === q.stage &&
      p.lead === q.lead &&
      p.team === q.team &&
      p.presences.join() === q.presences.join();
    expect(same, `${p.from} repeats ${q.from}`).toBe(false);
  });
  expect(t.handovers).toEqual(oracleHandovers(s, doctrine));
  for (const h of t.handovers) expect(Object.keys(h).sort()).toEqual(['at', 'from', 'to']);
  expect(t.invariants.map((i) => i.id)).toEqual([...INVARIANT_IDS]);
  for (const inv of t.invariants) expect(inv).toEqual({ id: inv.id, holds: true });
}

const scratch = mkdtempSync(join(tmpdir(), 'pillar-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('pillar replay --format json (the contract)', () => {
  it.each([
    ['note-2017', [{ at: '2014-04', from: 'DPO', to: 'DPPA' }]],
    ['adopted-2019', [{ at: '2006-01', from: 'DPO', to: 'DPPA' }]],
  ])('Sierra Leone under %s', async (doctrine, handovers) => {
    const r = await runInProcess([
      'replay',
      'sierra-leone',
      '--doctrine',
      doctrine,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.endsWith('}\n')).toBe(true);
    const t = JSON.parse(r.stdout) as TimelineJson;
    expect(t.handovers).toEqual(handovers);
    expect(t.iso3).toBe('SLE');
    expect(t.team).toEqual({ id: 'africa/sierra-leone', region: 'africa', asg: 'ASG for Africa' });
    // UNOMSIL (pko) from 1998-07; UNOWAS is ongoing, so the window ends at the latest month named.
    expect(t.window).toEqual({ start: '1998-07', end: '2026-11' });
    expect(t.periods[0]).toMatchObject({
      from: '1998-07',
      phase: 'peacekeeping',
      presences: ['UNOMSIL'],
      lead: 'DPO',
      informed: 'DPPA',
    });
    // UNIPSIL (the last field mission) ends 2014-03: only the regional office UNOWA is left.
    const after = t.periods.find((p) => p.from === '2014-04');
    expect(after).toMatchObject({
      phase: 'nonMission',
      presences: ['UNOWA'],
      lead: 'DPPA',
      informed: 'DPO',
    });
    // UNIOSIL (spm-field) from 2006-01: DPO under the note, DPPA as adopted.
    const uniosil = t.periods.find((p) => p.from === '2006-01');
    expect(uniosil?.lead).toBe(doctrine === 'note-2017' ? 'DPO' : 'DPPA');
    expectMatchesOracle(t, raw('sierra-leone'), doctrine);
  });

  it.each(['note-2017', 'adopted-2019'])(
    '--all under %s: an array, every scenario consecutive and covering its window',
    async (doctrine) => {
      const r = await runInProcess(['replay', '--all', '--doctrine', doctrine, '--format', 'json']);
      expect(r.code).toBe(0);
      const all = JSON.parse(r.stdout) as TimelineJson[];
      expect(all).toHaveLength(IDS.length);
      expect(IDS.length).toBe(24);
      all.forEach((t, i) => expectMatchesOracle(t, raw(IDS[i]!), doctrine));
    },
  );

  it('several ids give an array in the order named', async () => {
    const r = await runInProcess(['replay', 'mali', 'sierra-leone', '--format', 'json']);
    const all = JSON.parse(r.stdout) as TimelineJson[];
    expect(all.map((t) => t.country)).toEqual(['Mali', 'Sierra Leone']);
  });

  it("the flag wins over the file's doctrine, which wins over the default", async () => {
    const file = join(scratch, 'sl-adopted.yaml');
    writeFileSync(
      file,
      `${readFileSync(join(SCENARIO_DIR, 'sierra-leone.yaml'), 'utf8')}\ndoctrine: adopted-2019\n`,
    );
    const own = JSON.parse(
      (await runInProcess(['replay', file, '--format', 'json'])).stdout,
    ) as TimelineJson;
    expect(own.doctrine).toBe('adopted-2019');
    expect(own.handovers).toEqual([{ at: '2006-01', from: 'DPO', to: 'DPPA' }]);
    const flag = JSON.parse(
      (await runInProcess(['replay', file, '--doctrine', 'note-2017', '--format', 'json'])).stdout,
    ) as TimelineJson;
    expect(flag.doctrine).toBe('note-2017');
    expect(flag.handovers).toEqual([{ at: '2014-04', from: 'DPO', to: 'DPPA' }]);
    const plain = JSON.parse(
      (await runInProcess(['replay', 'sierra-leone', '--format', 'json'])).stdout,
    ) as TimelineJson;
    // Real histories replay as they happened unless told otherwise.
    expect(plain.doctrine).toBe('historical');
  });
});

describe('pillar replay: table, csv, markdown', () => {
  it('table: header, one row per period with the handover marker, one line per invariant, no colour', async () => {
    const r = await runInProcess(['replay', 'sierra-leone', '--doctrine', 'note-2017']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(`${String.fromCharCode(27)}[`);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toContain('Sierra Leone');
    expect(lines[0]).toContain('africa/sierra-leone');
    expect(lines[0]).toContain('note-2017');
    expect(lines[0]).toContain('1998-07..2026-11');
    const rows = lines.filter((l) => /^\d{4}-\d{2} /.test(l));
    expect(rows[0]).toMatch(/^1998-07\s/);
    expect(rows.at(-1)).toMatch(/^2016-02\s+2026-11\s/);
    const marked = rows.filter((l) => l.includes('\u21c4'));
    expect(marked).toHaveLength(1);
    expect(marked[0]).toMatch(/^2014-04 .*DPPA\s+DPO\s+\u21c4 DPO\u2192DPPA$/);
    // aligned: the lead column starts at the same offset in every row
    const leadAt = rows.map((l) => l.search(/ (DPO|DPPA) /));
    expect(new Set(leadAt).size).toBe(1);
    const checks = lines.filter((l) => l.startsWith('\u2713 '));
    expect(checks.map((l) => l.slice(2))).toEqual([...INVARIANT_IDS]);
  });

  it('csv: a header and one properly split row per period', async () => {
    const r = await runInProcess(['replay', 'sierra-leone', '--format', 'csv']);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header).toBe(
      'country,doctrine,team,from,to,months,phase,stage,presences,lead,informed,handover',
    );
    const json = JSON.parse(
      (await runInProcess(['replay', 'sierra-leone', '--format', 'json'])).stdout,
    ) as TimelineJson;
    expect(rows).toHaveLength(json.periods.length);
    const both = rows.find((l) => l.includes('2016-01,2016-01'));
    expect(both).toBe(
      'Sierra Leone,historical,dpa/africa/sierra-leone,2016-01,2016-01,1,nonMission,earlyWarning,UNOWA;UNOWAS,DPA,DPKO,',
    );
  });

  it('markdown: a table per scenario and the invariant list', async () => {
    const r = await runInProcess(['replay', 'sierra-leone', 'liberia', '--format', 'markdown']);
    expect(r.stdout.match(/^## /gm)).toHaveLength(2);
    expect(r.stdout).toContain('| from | to | months |');
    expect(r.stdout.match(/^- \u2713 `/gm)).toHaveLength(2 * INVARIANT_IDS.length);
  });

  it('colour only for a terminal without NO_COLOR, never into a file', () => {
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    const noColor = process.env.NO_COLOR;
    try {
      Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
      delete process.env.NO_COLOR;
      expect(useColor(undefined)).toBe(true);
      expect(useColor('out.txt')).toBe(false);
      process.env.NO_COLOR = '1';
      expect(useColor(undefined)).toBe(false);
      Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
      delete process.env.NO_COLOR;
      expect(useColor(undefined)).toBe(false);
    } finally {
      if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
      if (noColor === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = noColor;
    }
  });
});

describe('pillar replay --all --summary', () => {
  it('one row per country and a total; every invariant held under every doctrine', async () => {
    const r = await runInProcess(['replay', '--all', '--summary', '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as {
      rows: {
        country: string;
        months: number;
        handovers: Record<string, number>;
        discontinuities: number;
        invariants: Record<string, { held: number; total: number }>;
      }[];
      total: { countries: number; months: number };
      allHold: boolean;
    };
    expect(s.rows).toHaveLength(24);
    expect(s.total.countries).toBe(24);
    expect(s.allHold).toBe(true);
    const sl = s.rows.find((row) => row.country === 'Sierra Leone');
    // 1998-07..2026-11 inclusive: 28 years and 5 months
    expect(sl?.months).toBe(341);
    expect(sl?.handovers).toEqual({ 'note-2017': 1, 'adopted-2019': 1, historical: 1 });
    expect(sl?.discontinuities).toBe(1);
    for (const row of s.rows) {
      const w = oracleWindow(raw(IDS[s.rows.indexOf(row)]!));
      expect(row.months).toBe(index(w.end) - index(w.start) + 1);
      for (const d of ['note-2017', 'adopted-2019', 'historical']) {
        expect(row.invariants[d]).toEqual({
          held: INVARIANT_IDS.length,
          total: INVARIANT_IDS.length,
          failed: [],
        });
      }
    }
    expect(s.total.months).toBe(s.rows.reduce((n, row) => n + row.months, 0));
  });

  it('table: 24 rows, a rule and a total line', async () => {
    const r = await runInProcess(['replay', '--all', '--summary']);
    const lines = r.stdout.trimEnd().split('\n');
    const n = INVARIANT_IDS.length;
    const held = `${n}/${n} \u2713`;
    const row = new RegExp(`${held}\\s+${held}\\s+${held}$`);
    expect(lines.filter((l) => row.test(l))).toHaveLength(24);
    const all = `${24 * n}/${24 * n} \u2713`;
    expect(lines.at(-1)).toMatch(
      new RegExp(`^total \\(24 countries\\).*${all}\\s+${all}\\s+${all}$`),
    );
    expect(lines.at(-2)).toMatch(/^\u2500+$/);
  });
});

describe('exit codes and errors (in-process)', () => {
  const sierraLeone = loadScenarioFile(join(SCENARIO_DIR, 'sierra-leone.yaml'));

  it('exit code from timelines: 1 when an invariant fails, else 0', () => {
    const healthy = replayScenario(sierraLeone, { doctrine: 'note-2017' });
    const bug = PLANTED_BUGS.find((b) => b.caughtBy === 'lead-by-doctrine')!;
    const broken = replayScenario(sierraLeone, { doctrine: 'note-2017', machine: bug.machine });
    expect(exitCodeForTimelines([healthy])).toBe(0);
    expect(exitCodeForTimelines([healthy, broken])).toBe(1);
    let thrown: unknown;
    try {
      assertInvariants([healthy, broken]);
    } catch (error) {
      thrown = error;
    }
    const { code, message } = exitCodeFor(thrown);
    expect(code).toBe(1);
    expect(message).toContain(
      'Sierra Leone (note-2017): invariant lead-by-doctrine failed at step',
    );
    const table = formatTable([broken], { color: false });
    expect(table).toMatch(
      /^\u2717 lead-by-doctrine {2}(initial state|step \d+), \d{4}-\d{2}, .+: lead is /m,
    );
  });

  it('unexpected errors exit 70 with a message', () => {
    expect(exitCodeFor(new TypeError('boom'))).toEqual({
      code: 70,
      message: 'pillar: unexpected error: boom',
    });
  });

  it('unknown id: exit 2, the message names it, no stack trace, no output', async () => {
    const r = await runInProcess(['replay', 'atlantis']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^atlantis: no bundled scenario/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('a bad file: exit 2 with file, line, column and field path', async () => {
    const file = join(scratch, 'bad.yaml');
    writeFileSync(
      file,
      'country: X\nregion: moon\npresences:\n  - name: A\n    kind: pko\n    from: 2001-01\n',
    );
    const r = await runInProcess(['replay', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:2:9: region:`);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it.each([
    [['replay', 'sierra-leone', '--format', 'xml'], /argument 'xml' is invalid/],
    [['replay', 'sierra-leone', '--doctrine', 'note-2018'], /argument 'note-2018' is invalid/],
    [['replay'], /name at least one scenario/],
    [['replay', '--all', 'mali'], /not both/],
    [['replay', '--all', '--summary', '--doctrine', 'note-2017'], /leave out --doctrine/],
    [['list', '--format', 'csv'], /argument 'csv' is invalid/],
    [['frobnicate'], /unknown command/],
  ])('%j: exit 2', async (args, message) => {
    const r = await runInProcess(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('--out writes the whole output; bad input leaves no file at all', async () => {
    const good = join(scratch, 'good.json');
    expect(
      (await runInProcess(['replay', 'sierra-leone', '--format', 'json', '--out', good])).code,
    ).toBe(0);
    const direct = await runInProcess(['replay', 'sierra-leone', '--format', 'json']);
    expect(readFileSync(good, 'utf8')).toBe(direct.stdout);
    const bad = join(scratch, 'nested', 'bad.json');
    const r = await runInProcess([
      'replay',
      'sierra-leone',
      'atlantis',
      '--format',
      'json',
      '--out',
      bad,
    ]);
    expect(r.code).toBe(2);
    expect(existsSync(bad)).toBe(false);
    expect(
      existsSync(join(scratch, 'nested')) && readdirSync(join(scratch, 'nested')).length > 0,
    ).toBe(false);
  });

  it.each(['list', 'replay', 'compare'])(
    '%s --help has an example and exits 0',
    async (command) => {
      const r = await runInProcess([command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toContain(`$ pillar ${command}`);
    },
  );
});

describe('pillar list', () => {
  it('json: every bundled scenario with counts, window and kinds from its file', async () => {
    const r = await runInProcess(['list', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as {
      id: string;
      country: string;
      region: string;
      presences: number;
      first: string;
      last: string;
      kinds: string[];
    }[];
    expect(list.map((l) => l.id)).toEqual(IDS);
    for (const l of list) {
      const s = raw(l.id) as RawScenario & { region: string };
      expect(l.country).toBe(s.country);
      expect(l.region).toBe(s.region);
      expect(l.presences).toBe(s.presences.length);
      expect({ start: l.first, end: l.last }).toEqual(oracleWindow(s));
      expect([...l.kinds].sort()).toEqual([...new Set(s.presences.map((p) => p.kind))].sort());
    }
  });

  it('table: a header and one row per scenario', async () => {
    const r = await runInProcess(['list']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+country\s+region\s+presences\s+first\s+last\s+kinds$/);
    expect(lines).toHaveLength(25);
    expect(lines.find((l) => l.startsWith('sierra-leone '))).toMatch(
      /Sierra Leone\s+africa\s+6\s+1998-07\s+2026-11\s+pko, spm-field, spm-regional-office$/,
    );
  });
});

describe('as a subprocess', () => {
  it('replays from another working directory, exit 0', () => {
    const r = runSubprocess(
      ['replay', 'sierra-leone', '--doctrine', 'adopted-2019', '--format', 'json'],
      { cwd: scratch },
    );
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as TimelineJson).handovers).toEqual([
      { at: '2006-01', from: 'DPO', to: 'DPPA' },
    ]);
  });

  it('bad input: exit 2, one-line message, no stack trace, no --out file', () => {
    const out = join(scratch, 'never.json');
    const r = runSubprocess(['replay', 'atlantis', '--format', 'json', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^atlantis: no bundled scenario/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('usage error: exit 2', () => {
    const r = runSubprocess(['replay', 'sierra-leone', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('the npm start summary: exit 0, no colour in a pipe', () => {
    const r = runSubprocess(['replay', '--all', '--summary'], { env: { NO_COLOR: '' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(`${String.fromCharCode(27)}[`);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toMatch(/^total \(24 countries\)/);
  });
});

describe('source caveats', () => {
  it('should name presences of medium or low confidence and mandates from background knowledge', async () => {
    // scenarios/angola.yaml: UNAVEM I is medium confidence with a mandate marked "(number from
    // background knowledge)"; UNAVEM III is high with such a mandate; UNMA is medium (its end
    // month is from background knowledge); every other presence of Angola is high confidence.
    const json = JSON.parse(
      (await runInProcess(['replay', 'angola', '--format', 'json'])).stdout,
    ) as { caveats: unknown[] };
    expect(json.caveats).toEqual([
      {
        presence: 'UNAVEM I',
        confidence: 'medium',
        mandate: 'S/RES/626 (1988) (number from background knowledge)',
      },
      { presence: 'UNAVEM III', mandate: 'S/RES/976 (1995) (number from background knowledge)' },
      { presence: 'UNMA', confidence: 'medium' },
    ]);
    // scenarios/liberia.yaml: UNOMIL is medium (its end month is from background knowledge).
    const table = (await runInProcess(['replay', 'liberia'])).stdout;
    expect(table).toContain('source caveats: UNOMIL confidence medium');
    // scenarios/chad.yaml: every presence high confidence, no mandate from background knowledge.
    const chad = (await runInProcess(['replay', 'chad'])).stdout;
    expect(chad).not.toContain('source caveats');
  });
});

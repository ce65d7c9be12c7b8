/**
 * The project's dataset (data/transitions.json) and the bundled scenarios generated from it
 * (issue 11): the files are what the generator makes of the dataset, every presence carries the
 * dated-decision fields with the record behind each month, the corrections the issue names are
 * in, and the generator refuses decision months out of order, naming the field.
 *
 * The expected facts below are written out by hand from the Security Council record, not read
 * from the files under test.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RECEIVER_KINDS, TASKS } from '../src/domain/index.ts';
import { listBundledScenarios } from '../src/scenario/index.ts';
import { replayScenario } from '../src/simulate/replay.ts';
import type { ScenarioPresence } from '../src/scenario/types.ts';
import {
  DATASET_FILE,
  DatasetError,
  SCENARIOS_DIR,
  generateFiles,
} from '../scripts/scenarios-from-dataset.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const bundled = listBundledScenarios();
const scratch = mkdtempSync(join(tmpdir(), 'pillar-dataset-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let edits = 0;
/** The dataset with one edit to one presence of one country, written to a scratch file. */
function editDataset(
  country: string,
  acronym: string,
  edit: (entry: Record<string, unknown>) => void,
): string {
  const data = JSON.parse(readFileSync(DATASET_FILE, 'utf8')) as {
    countries: { country: string; sequence: Record<string, unknown>[] }[];
  };
  const entry = data.countries
    .find((c) => c.country === country)
    ?.sequence.find((e) => e.acronym === acronym);
  expect(entry).toBeDefined();
  edit(entry as Record<string, unknown>);
  edits++;
  const file = join(scratch, `edited-${edits}.json`);
  writeFileSync(file, JSON.stringify(data));
  return file;
}

/** The generator's message for a dataset file it must refuse. */
function refusal(file: string): string {
  try {
    generateFiles(file);
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return (error as Error).message;
  }
  throw new Error('expected a DatasetError');
}

const MONTH_FIELDS = ['transitionFrom', 'drawdownFrom', 'finalMandate', 'exitDecided'] as const;
const FORCED = ['host-consent-withdrawn', 'council-veto', 'council-terminated'];

function presence(id: string, name: string): ScenarioPresence {
  const scenario = bundled.find((b) => b.id === id)?.scenario;
  expect(scenario, `bundled scenario ${id}`).toBeDefined();
  const found = scenario?.presences.find((p) => p.name === name);
  expect(found, `${id}: presence ${name}`).toBeDefined();
  return found as ScenarioPresence;
}

/** The ref of the decision of `month`, where the presence gives one. */
function refAt(p: ScenarioPresence, month: string | undefined): string[] {
  return (p.decisions ?? []).filter((d) => d.at === month).map((d) => d.ref);
}

describe('data/transitions.json and scenarios/', () => {
  it('the bundled files are exactly what the generator makes of the dataset', () => {
    const files = generateFiles();
    const onDisk = readdirSync(SCENARIOS_DIR).sort();
    expect([...files.keys()].sort()).toEqual(onDisk);
    for (const [name, text] of files) {
      expect(readFileSync(join(SCENARIOS_DIR, name), 'utf8'), name).toBe(text);
    }
  });

  it('the dataset lives in the repository, and no relative path in the code leads out of it', () => {
    expect(DATASET_FILE).toBe(join(ROOT, 'data', 'transitions.json'));
    // How code reaches a file by a relative path, imports and module-relative URLs, resolved from
    // its file's folder, stays inside the checkout: a clone anywhere runs the same.
    const relative =
      /(?:from\s+|import\(\s*)['"](\.\.?\/[^'"]*)['"]|new URL\(\s*['"](\.[^'"]*)['"],\s*import\.meta\.url/g;
    let checked = 0;
    for (const dir of ['src', 'scripts', 'tests', 'bench']) {
      for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
        if (!/\.(ts|js|json|ya?ml)$/.test(file)) continue;
        const text = readFileSync(join(ROOT, dir, file), 'utf8');
        for (const [, imported, url] of text.matchAll(relative)) {
          const path = (imported ?? url) as string;
          const target = resolve(dirname(join(ROOT, dir, file)), path);
          const inside = `${target}/`.startsWith(ROOT.endsWith('/') ? ROOT : `${ROOT}/`);
          expect(inside, `${dir}/${file} names ${path}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('every mission presence has a backstop, and every decision month a decision of that month', () => {
    let months = 0;
    for (const { id, scenario } of bundled) {
      for (const p of scenario.presences) {
        const where = `${id}: ${p.name}`;
        expect(['DPA', 'DPKO'], `${where}.backstop`).toContain(p.backstop);
        if (p.kind === 'pko') expect(p.backstop, `${where}: a PKO`).toBe('DPKO');
        const last = p.to ?? scenario.end ?? '9999-12';
        for (const field of MONTH_FIELDS) {
          const month = p[field];
          if (month === undefined) continue;
          months++;
          expect(
            refAt(p, month).length,
            `${where}.${field} ${month}: its decision`,
          ).toBeGreaterThan(0);
          expect(month >= p.from && month <= last, `${where}.${field} within the presence`).toBe(
            true,
          );
        }
        if (p.transitionFrom !== undefined && p.drawdownFrom !== undefined) {
          expect(p.transitionFrom <= p.drawdownFrom, `${where}: planning before drawdown`).toBe(
            true,
          );
        }
        const forced = p.exit !== undefined && FORCED.includes(p.exit);
        expect(p.exitDecided !== undefined, `${where}: exitDecided iff a forced exit`).toBe(forced);
        for (const d of p.decisions ?? []) {
          expect(d.ref.trim(), `${where}: a decision without a reference`).not.toBe('');
          expect(d.at >= p.from && d.at <= last, `${where}: decision ${d.at} within`).toBe(true);
        }
      }
    }
    expect(months).toBeGreaterThan(30);
  });

  it('each decision month of a scenario file names the decision it comes from', () => {
    for (const name of readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml'))) {
      const text = readFileSync(join(SCENARIOS_DIR, name), 'utf8');
      for (const line of text.split('\n')) {
        if (/^\s+(transitionFrom|drawdownFrom|finalMandate|exitDecided):/.test(line)) {
          expect(line, `${name}: ${line.trim()}`).toMatch(/: '\d{4}-\d{2}' # from \S/);
        }
      }
    }
  });
});

describe('the record, as issue 11 states it', () => {
  it.each([
    // [scenario, presence, field, month, ref of the decision of that month]
    ['liberia', 'UNMIL', 'finalMandate', '2016-12', 'S/RES/2333 (2016)'],
    ['cote-divoire', 'UNOCI', 'finalMandate', '2016-04', 'S/RES/2284 (2016)'],
    ['iraq', 'UNAMI', 'finalMandate', '2024-05', 'S/RES/2732 (2024)'],
    ['guinea-bissau', 'UNIOGBIS', 'finalMandate', '2020-02', 'S/RES/2512 (2020)'],
    ['democratic-republic-of-the-congo', 'MONUSCO', 'drawdownFrom', '2023-12', 'S/RES/2717 (2023)'],
    ['mali', 'MINUSMA', 'exitDecided', '2023-06', 'S/RES/2690 (2023)'],
  ] as const)('%s %s: %s %s (%s)', (id, name, field, month, ref) => {
    const p = presence(id, name);
    expect(p[field]).toBe(month);
    expect(refAt(p, month)).toContain(ref);
  });

  it('forced exits: Mali by the host, Georgia by a veto, with no planning stage', () => {
    const minusma = presence('mali', 'MINUSMA');
    expect(minusma).toMatchObject({ exit: 'host-consent-withdrawn', to: '2023-12' });
    expect(minusma.transitionFrom).toBeUndefined();
    const unomig = presence('georgia', 'UNOMIG');
    expect(unomig).toMatchObject({ exit: 'council-veto', exitDecided: '2009-06', to: '2009-06' });
    expect(unomig.transitionFrom).toBeUndefined();
  });

  it.each([
    ['liberia', 'UNOMIL', '1993-09', '1997-09'],
    ['angola', 'UNOA', '1999-10', '2002-08'],
    ['mali', 'UNOM', '2013-01', '2013-04'],
    ['el-salvador', 'ONUV', '1996-05', '1996-12'],
    ['papua-new-guinea', 'UNPOB', '1998-08', '2003-12'],
    ['south-sudan', 'UNAMIS', '2004-06', '2005-03'],
    ['burundi', 'OSESG-B', '2016-01', '2021-05'],
  ] as const)('%s %s runs %s to %s', (id, name, from, to) => {
    expect(presence(id, name)).toMatchObject({ from, to });
  });

  it('UNOM precedes MINUSMA and UNAMIS precedes UNMIS in their files', () => {
    const order = (id: string) =>
      bundled.find((b) => b.id === id)?.scenario.presences.map((p) => p.name) ?? [];
    const mali = order('mali');
    expect(mali.indexOf('UNOM')).toBeLessThan(mali.indexOf('MINUSMA'));
    const southSudan = order('south-sudan');
    expect(southSudan.indexOf('UNAMIS')).toBeLessThan(southSudan.indexOf('UNMIS'));
  });

  it('envoys and offices that followed missions are there', () => {
    expect(presence('georgia', 'UNRGID')).toMatchObject({ kind: 'spm-envoy', from: '2009-07' });
    expect(presence('burundi', 'OSESG-GL')).toMatchObject({ kind: 'spm-envoy', from: '2013-03' });
    expect(presence('democratic-republic-of-the-congo', 'OSESG-GL').kind).toBe('spm-envoy');
    expect(presence('eritrea-ethiopia', 'OSESG-HoA')).toMatchObject({ from: '2018-10' });
    expect(presence('mozambique', 'PE-Mozambique')).toMatchObject({ from: '2019-07' });
  });

  it('who directed what before 2019: UNAMA by DPKO, UNAMI and UNSMIL by DPA', () => {
    expect(presence('afghanistan', 'UNAMA').backstop).toBe('DPKO');
    expect(presence('iraq', 'UNAMI').backstop).toBe('DPA');
    expect(presence('libya', 'UNSMIL').backstop).toBe('DPA');
    expect(presence('sierra-leone', 'UNIPSIL').backstop).toBe('DPA');
  });
});

describe('the generator refuses decision months out of order', () => {
  /** The dataset with one edit to Liberia's UNMIL, written to a scratch file. */
  const withUnmil = (edit: (unmil: Record<string, unknown>) => void): string =>
    editDataset('Liberia', 'UNMIL', edit);

  it.each([
    ['drawdown before planning', { drawdownFrom: '2015-01' }, /UNMIL\.drawdownFrom: /],
    ['final mandate after the end', { finalMandate: '2018-06' }, /UNMIL\.finalMandate: .*outside/],
    ['transition before the start', { transitionFrom: '2003-01' }, /UNMIL\.transitionFrom: /],
    [
      'a month without its decision',
      { finalMandate: '2017-01' },
      /UNMIL\.finalMandate: no decision/,
    ],
    ['an unknown exit', { exit: 'abandoned' }, /\.exit: expected one of completed, /],
    ['a forced exit without its month', { exit: 'council-veto' }, /UNMIL\.exitDecided: /],
    ['an unknown department', { backstop: 'DPPA' }, /\.backstop: expected one of DPA, DPKO/],
  ] as const)('%s', (_what, change, message) => {
    const file = withUnmil((unmil) => {
      Object.assign(unmil, change);
      // A month that needs its own decision gets one, so that only the order is at fault.
      const fields: Record<string, string> = change;
      const at = fields.drawdownFrom ?? fields.transitionFrom;
      if (at !== undefined) {
        const decisions = unmil.decisions as { at: string; ref: string; what: string }[];
        decisions.push({ at, ref: 'S/RES/0 (test)', what: 'test' });
      }
    });
    expect(refusal(file)).toMatch(message);
  });
});

describe('data/CORRECTIONS.md', () => {
  const text = readFileSync(join(ROOT, 'data', 'CORRECTIONS.md'), 'utf8');
  it('gives a source for every listed change', () => {
    const items = text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(items.length).toBeGreaterThan(50);
    for (const item of items) expect(item, item).toMatch(/ Source: \S/);
  });

  it('lists the corrections issue 11 names', () => {
    for (const needle of [
      'Liberia / UNOMIL, `start`: 1993 -> 1993-09',
      'Angola / UNOA, `start`: 1999 -> 1999-10',
      'Papua New Guinea (Bougainville) / UNPOB, `start`: 1998-06 -> 1998-08',
      'Mali / UNOM: presence added',
      'El Salvador / ONUV: presence added',
      'South Sudan / UNAMIS: presence added',
    ]) {
      expect(text).toContain(needle);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Issue 12: mandated tasks, receivers and transition plans

interface TaskEntry {
  acronym: string;
  start: string;
  end: string | null;
  exit?: string;
  tasks?: string[];
  handover?: Record<string, string | { to: string; at?: string }>;
  plan?: { gender: boolean; adopted?: string };
  taskSources?: string[];
}

const dataset = JSON.parse(readFileSync(DATASET_FILE, 'utf8')) as {
  countries: { country: string; sequence: TaskEntry[] }[];
};

/** Every dataset entry with tasks, with its country. */
const withTasks = dataset.countries.flatMap((c) =>
  c.sequence.filter((e) => (e.tasks ?? []).length > 0).map((e) => ({ country: c.country, e })),
);

function receiverOf(h: string | { to: string; at?: string }): { to: string; at?: string } {
  return typeof h === 'string' ? { to: h } : h;
}

function monthAfter(month: string): string {
  const [y = 0, m = 0] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The bundled scenario of a dataset country. */
function scenarioOf(country: string) {
  const found = bundled.find((b) => b.scenario.country === country)?.scenario;
  expect(found, `a bundled scenario for ${country}`).toBeDefined();
  return found as NonNullable<typeof found>;
}

describe('tasks, receivers and plans (issue 12)', () => {
  it('at least six histories carry tasks, every one with its sources', () => {
    expect(new Set(withTasks.map((t) => t.country)).size).toBeGreaterThanOrEqual(6);
    for (const { country, e } of withTasks) {
      expect((e.taskSources ?? []).length, `${country} ${e.acronym}.taskSources`).toBeGreaterThan(
        0,
      );
      for (const s of e.taskSources ?? []) expect(s.trim()).not.toBe('');
    }
  });

  it('task ids are in the vocabulary, each listed once, and handovers name listed tasks', () => {
    for (const { country, e } of withTasks) {
      const tasks = e.tasks ?? [];
      for (const t of tasks) expect(TASKS, `${country} ${e.acronym}`).toContain(t);
      expect(new Set(tasks).size, `${country} ${e.acronym}: a task twice`).toBe(tasks.length);
      for (const t of Object.keys(e.handover ?? {}))
        expect(tasks, `${e.acronym}.handover`).toContain(t);
    }
  });

  it('every planned exit with tasks gives each task a receiver and has a plan with its gender element', () => {
    let planned = 0;
    for (const { country, e } of withTasks) {
      if (e.end === null || (e.exit !== undefined && FORCED.includes(e.exit))) continue;
      planned++;
      const where = `${country} ${e.acronym}`;
      expect(e.plan?.gender, `${where}: plan.gender`).toBe(true);
      for (const t of e.tasks ?? []) {
        expect(e.handover?.[t], `${where}: a receiver for ${t}`).toBeDefined();
      }
    }
    expect(planned).toBeGreaterThanOrEqual(5);
  });

  it('receivers that name a presence name one of the same country, active and staying that month', () => {
    let named = 0;
    for (const { country, e } of withTasks) {
      const scenario = scenarioOf(country);
      for (const [task, h] of Object.entries(e.handover ?? {})) {
        const { to, at } = receiverOf(h);
        if ((RECEIVER_KINDS as readonly string[]).includes(to)) continue;
        named++;
        const where = `${country} ${e.acronym}.handover.${task} -> ${to}`;
        expect(to, where).not.toBe(e.acronym);
        const successor = scenario.presences.find((p) => p.name === to);
        expect(successor, `${where}: a presence of ${country}`).toBeDefined();
        const month = at ?? monthAfter(e.end ?? '9999-12');
        const s = successor as ScenarioPresence;
        expect(
          s.from <= month && (s.to === undefined || month < s.to),
          `${where} in ${month}`,
        ).toBe(true);
        expect(s.drawdownFrom === undefined || month < s.drawdownFrom, `${where}: leaving`).toBe(
          true,
        );
      }
    }
    expect(named).toBeGreaterThan(10);
  });

  it('plan and handover months lie within the presence (a handover may fall in the withdrawal month)', () => {
    for (const { country, e } of withTasks) {
      const last = e.end ?? '9999-12';
      const adopted = e.plan?.adopted;
      if (adopted !== undefined) {
        expect(adopted >= e.start && adopted <= last, `${country} ${e.acronym}.plan`).toBe(true);
      }
      for (const h of Object.values(e.handover ?? {})) {
        const { at } = receiverOf(h);
        if (at === undefined) continue;
        expect(at >= e.start && at <= monthAfter(last), `${country} ${e.acronym}: ${at}`).toBe(
          true,
        );
      }
    }
  });

  it.each([
    // [country, presence, task, receiver] as the record gives them
    ['Liberia', 'UNMIL', 'protection-of-civilians', 'government'],
    ['Liberia', 'UNMIL', 'security-sector-reform', 'government'],
    ['Liberia', 'UNMIL', 'electoral-assistance', 'completed'],
    ['Sierra Leone', 'UNAMSIL', 'human-rights', 'UNIOSIL'],
    ['Sierra Leone', 'UNIOSIL', 'rule-of-law', 'UNIPSIL'],
    ['Burundi', 'ONUB', 'ddr', 'BINUB'],
    ['Burundi', 'ONUB', 'security-sector-reform', 'BINUB'],
    ['Chad', 'MINURCAT', 'protection-of-civilians', 'government'],
    ['Sierra Leone', 'UNIPSIL', 'political-process', 'country-team'],
    ['Burundi', 'BINUB', 'human-rights', 'BNUB'],
    ['Burundi', 'BNUB', 'rule-of-law', 'country-team'],
    ['Somalia', 'UNTMIS', 'human-rights', 'country-team'],
    ['Georgia', 'UNOMIG', 'political-process', 'UNRGID'],
  ] as const)('%s %s: %s goes to %s', (country, acronym, task, to) => {
    const entry = withTasks.find((t) => t.country === country && t.e.acronym === acronym)?.e;
    expect(entry, `${country} ${acronym} has tasks`).toBeDefined();
    const h = entry?.handover?.[task];
    expect(h).toBeDefined();
    expect(receiverOf(h as string).to).toBe(to);
  });

  it('forced exits leave what the record does not hand over: MINUSMA and UNMEE all, MINURCAT and UNOMIG human rights', () => {
    const minusma = withTasks.find((t) => t.e.acronym === 'MINUSMA')?.e;
    expect(minusma?.exit).toBe('host-consent-withdrawn');
    expect(minusma?.tasks).toContain('protection-of-civilians');
    expect(minusma?.handover).toBeUndefined();
    const unmee = withTasks.find((t) => t.e.acronym === 'UNMEE')?.e;
    expect(unmee).toMatchObject({
      exit: 'council-terminated',
      tasks: ['ceasefire-monitoring', 'mine-action'],
    });
    expect(unmee?.handover).toBeUndefined();
    for (const name of ['MINURCAT', 'UNOMIG']) {
      const e = withTasks.find((t) => t.e.acronym === name)?.e;
      expect(e?.tasks).toContain('human-rights');
      expect(e?.handover?.['human-rights']).toBeUndefined();
    }
  });

  it('the scenario files carry the task fields of the dataset, with their sources', () => {
    for (const { country, e } of withTasks) {
      const text = readFileSync(join(SCENARIOS_DIR, `${idOf(country)}.yaml`), 'utf8');
      const block = text.slice(text.indexOf(`name: ${e.acronym}`));
      expect(block, `${country} ${e.acronym}`).toMatch(/tasks: \[/);
      for (const s of e.taskSources ?? []) expect(block).toContain(s.replaceAll("'", "''"));
    }
  });

  it('the bundled scenarios load the task fields as the dataset gives them', () => {
    for (const { country, e } of withTasks) {
      const loaded = scenarioOf(country).presences.find((p) => p.name === e.acronym) as unknown as
        Record<string, unknown> | undefined;
      expect(loaded?.tasks, `${country} ${e.acronym}.tasks`).toEqual(e.tasks);
      expect(loaded?.handover, `${country} ${e.acronym}.handover`).toEqual(e.handover);
      expect(loaded?.plan, `${country} ${e.acronym}.plan`).toEqual(e.plan);
      expect(loaded?.taskSources, `${country} ${e.acronym}.taskSources`).toEqual(e.taskSources);
    }
  });

  it('every bundled history replays without a refusal, and every task ends with one receiver or orphaned', () => {
    for (const { id, scenario } of bundled) {
      const timeline = replayScenario(scenario);
      expect(timeline.refused, `${id}: refused`).toEqual([]);
      const held = scenario.presences.flatMap((p) =>
        (p.tasks ?? [])
          .filter((t) => p.handover?.[t] !== undefined || p.to !== undefined)
          .map((t) => `${p.name}/${t}`),
      );
      const ended = [
        ...timeline.taskHandovers.map((h) => `${h.presence}/${h.task}`),
        ...timeline.orphanedTasks.map((o) => `${o.presence}/${o.task}`),
      ];
      // Handovers of an ongoing presence happen only when it leaves (UNTMIS has not yet).
      const open = scenario.presences.filter((p) => p.to === undefined).map((p) => `${p.name}/`);
      const expected = held.filter((k) => !open.some((o) => k.startsWith(o)));
      expect([...ended].sort(), `${id}: each task once`).toEqual([...new Set(ended)].sort());
      expect([...ended].sort(), id).toEqual(expected.sort());
    }
  });

  it('the record as replayed: what Mali, Georgia and Eritrea / Ethiopia lost, and who took the rest', () => {
    const replayOf = (id: string) => {
      const found = bundled.find((b) => b.id === id);
      expect(found).toBeDefined();
      return replayScenario((found as NonNullable<typeof found>).scenario);
    };
    const mali = replayOf('mali');
    expect(mali.orphanedTasks.map((o) => [o.presence, o.task, o.cause, o.at])).toEqual([
      ['MINUSMA', 'political-process', 'host-consent-withdrawn', '2024-01'],
      ['MINUSMA', 'protection-of-civilians', 'host-consent-withdrawn', '2024-01'],
      ['MINUSMA', 'human-rights', 'host-consent-withdrawn', '2024-01'],
      ['MINUSMA', 'rule-of-law', 'host-consent-withdrawn', '2024-01'],
    ]);
    const georgia = replayOf('georgia');
    expect(georgia.taskHandovers).toEqual([
      { at: '2009-07', presence: 'UNOMIG', task: 'political-process', to: 'UNRGID' },
    ]);
    expect(georgia.orphanedTasks.map((o) => [o.task, o.cause])).toEqual([
      ['ceasefire-monitoring', 'council-veto'],
      ['human-rights', 'council-veto'],
    ]);
    const eritrea = replayOf('eritrea-ethiopia');
    expect(eritrea.orphanedTasks.map((o) => o.task)).toEqual([
      'ceasefire-monitoring',
      'mine-action',
    ]);
    // The one sourced budget: UNMEE's 2008/09 budget falls away with the mission.
    expect(eritrea.funding?.cliffs.map((c) => [c.presence, c.lastAssessed, c.share])).toEqual([
      ['UNMEE', '2008-07', 1],
    ]);
    const liberia = replayOf('liberia');
    expect(liberia.plans.map((p) => [p.presence, p.gender])).toEqual([['UNMIL', true]]);
    expect(liberia.taskHandovers[0]).toEqual({
      at: '2016-07',
      presence: 'UNMIL',
      task: 'protection-of-civilians',
      to: 'government',
    });
    const sierraLeone = replayOf('sierra-leone');
    expect(sierraLeone.plans.map((p) => p.presence)).toEqual(['UNAMSIL', 'UNIOSIL', 'UNIPSIL']);
    expect(sierraLeone.orphanedTasks).toEqual([]);
  });

  it('CORRECTIONS.md logs every presence that got tasks', () => {
    const text = readFileSync(join(ROOT, 'data', 'CORRECTIONS.md'), 'utf8');
    for (const { country, e } of withTasks) {
      expect(text, `${country} / ${e.acronym}`).toMatch(
        new RegExp(
          `^\\d+\\. ${escape(`${country} / ${e.acronym}`)}( \\(forced exit\\))?: tasks `,
          'm',
        ),
      );
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function idOf(country: string): string {
  const found = bundled.find((b) => b.scenario.country === country);
  return found?.id ?? '';
}

describe('the generator refuses tasks the rules of issue 12 do not allow', () => {
  const edited = editDataset;
  const handover = (e: Record<string, unknown>) => e.handover as Record<string, unknown>;
  type Edit = (e: Record<string, unknown>) => void;
  const cases: [string, string, string, Edit, RegExp][] = [
    [
      'a planned exit leaving a task without a receiver',
      'Liberia',
      'UNMIL',
      (e) => {
        delete handover(e)['human-rights'];
      },
      /UNMIL\.handover: a planned exit leaves human-rights without a receiver/,
    ],
    [
      'a plan without its gender element',
      'Liberia',
      'UNMIL',
      (e) => void (e.plan = { gender: false }),
      /UNMIL\.plan: a planned exit with tasks needs a plan with gender: true/,
    ],
    [
      'a task outside the vocabulary',
      'Liberia',
      'UNMIL',
      (e) => void (e.tasks = ['protection-of-civilians', 'nation-building']),
      /\.tasks: unknown task "nation-building"/,
    ],
    [
      'a receiver that is no presence of the country',
      'Sierra Leone',
      'UNAMSIL',
      (e) => void (handover(e)['human-rights'] = 'UNMIL'),
      /UNAMSIL\.handover\.human-rights: "UNMIL" is neither/,
    ],
    [
      'a successor not yet active in the handover month',
      'Sierra Leone',
      'UNAMSIL',
      (e: Record<string, unknown>) =>
        (handover(e)['human-rights'] = { to: 'UNIOSIL', at: '2005-06' }),
      /UNAMSIL\.handover\.human-rights: UNIOSIL is not active and staying in 2005-06/,
    ],
    [
      'tasks without sources',
      'Mali',
      'MINUSMA',
      (e) => {
        delete e.taskSources;
      },
      /MINUSMA\.taskSources: tasks need the record/,
    ],
  ];
  it.each(cases)('%s', (_what, country, acronym, edit, message) => {
    expect(refusal(edited(country, acronym, edit))).toMatch(message);
  });

  it('a forced exit may leave tasks without a receiver', () => {
    const file = edited('Chad', 'MINURCAT', (e) => delete e.handover);
    expect(() => generateFiles(file)).not.toThrow();
  });
});

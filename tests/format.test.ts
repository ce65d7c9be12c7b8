/** Renderers of timelines: CSV quoting, Markdown escaping, alignment, colour and the JSON shape. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../src/scenario/load.ts';
import {
  csvField,
  describeEvent,
  formatCsv,
  formatJson,
  formatMarkdown,
  formatTable,
  renderColumns,
  toTimelineJson,
} from '../src/simulate/format.ts';
import { replayScenario, type Timeline } from '../src/simulate/replay.ts';
import { ROOT } from './support/cli.ts';

const ESC = String.fromCharCode(27);
const sierraLeone = replayScenario(loadScenarioFile(join(ROOT, 'scenarios', 'sierra-leone.yaml')), {
  doctrine: 'note-2017',
});

/** A small RFC 4180 reader, to check that quoting round-trips. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  return rows;
}

/** Sierra Leone with awkward names: a comma, quotes, a pipe. */
function awkward(): Timeline {
  const t = structuredClone(sierraLeone);
  t.country = 'Bosnia, "and" Herzegovina';
  for (const p of t.periods) p.presences = p.presences.map((n) => `${n} | "x", y`);
  return t;
}

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [' padded', '" padded"'],
    [12, '12'],
  ])('csvField(%j) = %j', (input, output) => {
    expect(csvField(input)).toBe(output);
  });

  it('round-trips awkward names through a CSV reader', () => {
    const t = awkward();
    const rows = readCsv(formatCsv([t]));
    expect(rows[0]).toHaveLength(12);
    expect(rows).toHaveLength(t.periods.length + 1);
    rows.slice(1).forEach((row, i) => {
      const p = t.periods[i]!;
      expect(row).toHaveLength(12);
      expect(row[0]).toBe(t.country);
      expect(row[7]).toBe(p.stage ?? '');
      expect(row[8]!.split(';')).toEqual(p.presences);
      expect([row[3], row[4], row[9], row[10]]).toEqual([p.from, p.to, p.lead, p.informed]);
    });
    expect(
      rows
        .slice(1)
        .filter((r) => r[11] !== '')
        .map((r) => [r[3], r[11]]),
    ).toEqual([['2014-04', 'DPO->DPPA']]);
  });
});

describe('table', () => {
  it('renderColumns aligns every column and right-aligns the ones asked', () => {
    const lines = renderColumns(
      [
        ['a', 'bb', '1'],
        ['ccc', 'd', '100'],
      ],
      [2],
    );
    expect(lines).toEqual(['a    bb    1', 'ccc  d   100']);
  });

  it('colour: ANSI codes only when asked, same text otherwise', () => {
    const plain = formatTable([sierraLeone], { color: false });
    const coloured = formatTable([sierraLeone], { color: true });
    expect(plain).not.toContain(`${ESC}[`);
    expect(coloured).toContain(`${ESC}[32m\u2713${ESC}[0m`);
    expect(coloured.replace(new RegExp(`${ESC}\\[[0-9;]*m`, 'g'), '')).toBe(plain);
  });

  it('a failed invariant shows its step: index, month, event and message', () => {
    const t = structuredClone(sierraLeone);
    t.invariants[4] = {
      id: 'seamless-handover',
      holds: false,
      step: {
        index: 7,
        month: '2014-04',
        event: { type: 'WITHDRAW', month: '2014-04', presence: 'UNIPSIL' },
        message: 'lead changed with no handover',
      },
    };
    const text = formatTable([t], { color: false });
    expect(text).toContain(
      '\u2717 seamless-handover  step 7, 2014-04, WITHDRAW UNIPSIL: lead changed with no handover',
    );
    expect(text.match(/^\u2713 /gm)).toHaveLength(t.invariants.length - 1);
  });

  it('describeEvent names the event and what it is about', () => {
    expect(
      describeEvent({
        type: 'DEPLOY',
        month: '2006-01',
        presence: { name: 'UNIOSIL', kind: 'spm-field' },
      }),
    ).toBe('DEPLOY UNIOSIL (spm-field)');
    expect(
      describeEvent({ type: 'FORCED_EXIT', month: '2010-12', cause: 'host-consent-withdrawn' }),
    ).toBe('FORCED_EXIT host-consent-withdrawn');
    expect(describeEvent({ type: 'COMPLETE_HANDOVER', month: '2014-04' })).toBe(
      'COMPLETE_HANDOVER',
    );
    expect(describeEvent(null)).toBe('initial state');
  });
});

describe('markdown', () => {
  it('escapes pipes so every row keeps its columns', () => {
    const text = formatMarkdown([awkward()]);
    const rows = text.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(sierraLeone.periods.length + 2);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(9);
  });
});

describe('json', () => {
  it('the contract fields, as copies, ending with a newline', () => {
    const text = formatJson([sierraLeone], false);
    expect(text.endsWith('}\n')).toBe(true);
    const j = JSON.parse(text) as Record<string, unknown>;
    for (const key of ['country', 'doctrine', 'team', 'periods', 'handovers', 'invariants'])
      expect(j).toHaveProperty(key);
    expect(formatJson([sierraLeone], true).startsWith('[')).toBe(true);
    const copy = toTimelineJson(sierraLeone);
    copy.periods[0]!.presences.push('changed');
    expect(sierraLeone.periods[0]!.presences).not.toContain('changed');
  });
});

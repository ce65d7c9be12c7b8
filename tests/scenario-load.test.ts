import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ScenarioError,
  formatIssue,
  loadScenarioFile,
  parseScenarioText,
  type ScenarioIssue,
} from '../src/scenario/index.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/scenarios/', import.meta.url));

function fixture(name: string): { file: string; text: string } {
  const file = join(FIXTURES, name);
  return { file, text: readFileSync(file, 'utf8') };
}

/** 1-based line and column of the `nth` occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`fixture has no ${JSON.stringify(needle)} #${nth}`);
  }
  const lines = text.slice(0, at).split('\n');
  return { line: lines.length, column: (lines[lines.length - 1] as string).length + 1 };
}

function failure(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ScenarioError);
    return error as ScenarioError;
  }
  throw new Error('expected a ScenarioError, but the scenario loaded');
}

/** The one issue at `path`, checked to be listed in the message as FILE:LINE:COLUMN: PATH: ... */
function issueAt(error: ScenarioError, path: string): ScenarioIssue {
  const found = error.issues.filter((i) => i.path === path);
  expect(found, `issues at ${path} in:\n${error.message}`).toHaveLength(1);
  const issue = found[0] as ScenarioIssue;
  expect(error.message.split('\n')).toContain(formatIssue(issue));
  return issue;
}

function expectLine(error: ScenarioError, line: string): void {
  expect(error.message.split('\n')).toContain(line);
}

describe('valid files', () => {
  it('loads a YAML file with every field, unquoted months included', () => {
    const { file } = fixture('good.yaml');
    expect(loadScenarioFile(file)).toEqual({
      country: 'Testland',
      iso3: 'TST',
      region: 'africa',
      regionConfidence: 'medium',
      doctrine: 'adopted-2019',
      start: '1999-01',
      end: '2010-12',
      presences: [
        {
          name: 'UNTEST',
          title: 'United Nations Test Mission',
          kind: 'pko',
          from: '1999-10',
          to: '2005-12',
          mandate: 'S/RES/9999 (1999)',
          confidence: 'high',
          sources: ['https://example.org/untest'],
          notes: 'A test.',
          transitionLead: 18,
        },
        { name: 'UNTOFF', kind: 'spm-field', from: '2006-01' },
      ],
    });
  });

  it('loads JSON', () => {
    const scenario = loadScenarioFile(fixture('good.json').file);
    expect(scenario.region).toBe('europe-central-asia-americas');
    expect(scenario.presences.map((p) => [p.name, p.from, p.to])).toEqual([
      ['UNTEST', '2001-03', '2004-02'],
      ['UNTEST-2', '2004-03', undefined],
    ]);
  });

  it('refuses a name used twice even in months that do not touch', () => {
    const text = [
      'country: Testland',
      'region: africa',
      'presences:',
      "  - { name: A, kind: spm-field, from: '2001-01', to: '2003-12' }",
      "  - { name: A, kind: pko, from: '2004-01', to: '2006-12' }",
    ].join('\n');
    const error = failure(() => parseScenarioText(text, 'reuse.yaml'));
    expect(error.issues.map((i) => [i.path, i.line, i.column])).toEqual([
      ['presences[1].name', 5, 13], // the value A
    ]);
    expect(error.message).toContain('duplicate presence name "A": presences[0] has the same name');
  });

  it('refuses an end before the first from when there is no start', () => {
    const text = [
      'country: Testland',
      'region: africa',
      "end: '2003-01'",
      'presences:',
      "  - { name: A, kind: pko, from: '2004-01' }",
    ].join('\n');
    const error = failure(() => parseScenarioText(text, 'early-end.yaml'));
    expect(error.issues.map((i) => [i.path, i.line])).toEqual([['end', 3]]);
    expect(error.message).toContain("2003-01 is before the window's first month");
  });

  it('reads JSON text in a .yaml file (YAML is a superset)', () => {
    const { text } = fixture('good.json');
    expect(parseScenarioText(text, 'copy.yaml')).toEqual(parseScenarioText(text, 'copy.json'));
  });

  it('accepts no presences when the window is explicit', () => {
    expect(loadScenarioFile(fixture('window-only.yaml').file).presences).toEqual([]);
  });
});

describe('bad values, with file, field path, line and column', () => {
  it('unknown kind', () => {
    const { file, text } = fixture('unknown-kind.yaml');
    const error = failure(() => loadScenarioFile(file));
    const { line, column } = positionOf(text, 'peacekeeping');
    expect(issueAt(error, 'presences[0].kind')).toMatchObject({ file, line, column });
    expectLine(
      error,
      `${file}:${line}:${column}: presences[0].kind: expected one of pko, spm-field, spm-regional-office, spm-envoy, spm-political-process, got "peacekeeping"`,
    );
  });

  it('malformed month', () => {
    const { file, text } = fixture('bad-month.yaml');
    const error = failure(() => loadScenarioFile(file));
    const { line, column } = positionOf(text, "'1999-13'");
    expect(error.issues).toHaveLength(1);
    expectLine(
      error,
      `${file}:${line}:${column}: presences[2].from: expected a month YYYY-MM, got "1999-13"`,
    );
  });

  it('`to` before `from` is blamed on `to`', () => {
    const { file, text } = fixture('to-before-from.yaml');
    const error = failure(() => loadScenarioFile(file));
    const { line, column } = positionOf(text, "'2005-05'");
    expect(issueAt(error, 'presences[0].to')).toMatchObject({ line, column });
    expect(error.message).toContain('2005-05 is before from 2005-06');
  });

  it('`end` before `start`', () => {
    const { file, text } = fixture('end-before-start.yaml');
    const error = failure(() => loadScenarioFile(file));
    const { line, column } = positionOf(text, "'2009-12'");
    expect(issueAt(error, 'end')).toMatchObject({ line, column });
  });

  it('unknown region', () => {
    const { file, text } = fixture('unknown-region.yaml');
    const error = failure(() => loadScenarioFile(file));
    const { line, column } = positionOf(text, 'asia');
    expect(issueAt(error, 'region')).toMatchObject({ file, line, column });
    expect(error.message).toContain('got "asia"');
  });

  it('missing fields point at the mapping that lacks them', () => {
    const { file, text } = fixture('missing-field.yaml');
    const error = failure(() => loadScenarioFile(file));
    expect(issueAt(error, 'region')).toMatchObject({ line: 1, column: 1 });
    const presence = positionOf(text, 'name: UNTEST');
    expect(issueAt(error, 'presences[0].kind')).toMatchObject(presence);
    expectLine(
      error,
      `${file}:${presence.line}:${presence.column}: presences[0].kind: missing required field`,
    );
    expect(error.issues).toHaveLength(2);
  });

  it('an unknown field is refused, named, and a near miss suggested', () => {
    const { file, text } = fixture('unknown-field.yaml');
    const error = failure(() => loadScenarioFile(file));
    const { line, column } = positionOf(text, 'form:');
    expect(issueAt(error, 'presences[0].form')).toMatchObject({ line, column });
    expect(issueAt(error, 'presences[0].from').message).toBe('missing required field');
    expect(error.message).toContain('unknown field "form" (did you mean "from"?)');
  });

  it('a name used twice in overlapping months is blamed on the later one', () => {
    const { file, text } = fixture('duplicate-name.yaml');
    const error = failure(() => loadScenarioFile(file));
    const { line, column } = positionOf(text, 'UNTEST', 1);
    expect(issueAt(error, 'presences[1].name')).toMatchObject({ line, column });
    expect(error.message).toContain('duplicate presence name "UNTEST"');
  });

  it('no presence and no explicit window', () => {
    const { file, text } = fixture('empty-presences.yaml');
    const error = failure(() => loadScenarioFile(file));
    expect(issueAt(error, 'presences')).toMatchObject(positionOf(text, '[]'));
  });

  it('collects every issue of a file, in source order', () => {
    const { file, text } = fixture('many-errors.yaml');
    const error = failure(() => loadScenarioFile(file));
    // [path, text in the fixture, offset from that text to the reported node]
    const expected = [
      ['iso3', 'tst', 0],
      ['presences[0].to', "'1999-09'", 0],
      ['presences[1].kind', 'pkx', 0],
      ['presences[1].from', '2005-12-01', 0],
      // A missing field is located at its mapping, which starts after the list dash.
      ['presences[2].name', '- kind: pko', 2],
      ['presences[2].transitionLead', 'transitionLead: 200', 'transitionLead: '.length],
    ] as const;
    expect(error.issues.map((i) => i.path)).toEqual(expected.map(([path]) => path));
    for (const [path, needle, offset] of expected) {
      const at = positionOf(text, needle);
      expect(issueAt(error, path)).toMatchObject({
        file,
        line: at.line,
        column: at.column + offset,
      });
    }
    expect(error.message.split('\n')).toHaveLength(expected.length);
  });
});

describe('files that are not scenarios at all', () => {
  it('empty file', () => {
    const { file } = fixture('empty.yaml');
    const error = failure(() => loadScenarioFile(file));
    expect(error.issues).toEqual([
      { file, path: '', message: 'the file is empty: expected a scenario' },
    ]);
    expect(error.message).toBe(`${file}: the file is empty: expected a scenario`);
  });

  it('a file with only comments is empty too', () => {
    const { file } = fixture('comments-only.yaml');
    expect(failure(() => loadScenarioFile(file)).issues).toHaveLength(1);
  });

  it('invalid YAML gives the parser line and column', () => {
    const { file, text } = fixture('invalid-yaml.yaml');
    const error = failure(() => loadScenarioFile(file));
    expect(error.issues.length).toBeGreaterThanOrEqual(1);
    const first = error.issues[0] as ScenarioIssue;
    expect(first.message).toMatch(/^invalid YAML: /);
    // The unclosed flow sequence `[pko` runs into the next line, where the parser stops.
    expect(first.line).toBe(positionOf(text, "from: '1999-10'").line);
    expect(first.column).toBeTypeOf('number');
    expect(error.message).toMatch(
      new RegExp(`^${escape(file)}:${first.line}:${first.column}: invalid YAML`),
    );
  });

  it('a list at the top level', () => {
    const { file } = fixture('not-a-mapping.yaml');
    const error = failure(() => loadScenarioFile(file));
    expect(error.message).toBe(
      `${file}:1:1: expected a mapping of scenario fields at the top level, got a list`,
    );
  });

  it('invalid JSON', () => {
    const { file, text } = fixture('invalid.json');
    const error = failure(() => loadScenarioFile(file));
    expect(error.issues).toHaveLength(1);
    const issue = error.issues[0] as ScenarioIssue;
    expect(issue.message).toMatch(/^invalid JSON: /);
    // Node reports the offset of the `}` after the trailing comma.
    const brace = positionOf(text, '}', 0);
    expect(issue).toMatchObject({ file, path: '', line: brace.line, column: brace.column });
  });

  it('JSON field errors carry positions too', () => {
    const { file, text } = fixture('bad-fields.json');
    const error = failure(() => loadScenarioFile(file));
    expect(issueAt(error, 'presences[0].to')).toMatchObject(positionOf(text, '"1999-13"'));
    expect(issueAt(error, 'doctrin')).toMatchObject(positionOf(text, '"doctrin"'));
    expect(error.message).toContain('did you mean "doctrine"?');
  });

  it('missing file and directory', () => {
    const missing = join(FIXTURES, 'no-such-file.yaml');
    expect(failure(() => loadScenarioFile(missing)).message).toBe(`${missing}: file not found`);
    expect(failure(() => loadScenarioFile(FIXTURES)).message).toBe(
      `${FIXTURES}: is a directory, not a scenario file`,
    );
  });
});

describe('months as YAML reads them', () => {
  const base = 'country: X\nregion: africa\npresences:\n  - name: A\n    kind: pko\n';

  it('an unquoted YYYY-MM stays a string and is accepted', () => {
    expect(parseScenarioText(`${base}    from: 1999-10\n`, 'm.yaml').presences[0]?.from).toBe(
      '1999-10',
    );
  });

  it('an unquoted date, a number and a YAML 1.1 date are refused with what was read', () => {
    const cases: [string, string][] = [
      ['from: 2005-12-01', 'got "2005-12-01"'],
      ['from: 199910', 'got 199910'],
      ['from: 1999-1', 'got "1999-1"'],
      ['from:', 'got an empty value'],
    ];
    for (const [line, got] of cases) {
      const error = failure(() => parseScenarioText(`${base}    ${line}\n`, 'm.yaml'));
      expect(issueAt(error, 'presences[0].from').message).toBe(`expected a month YYYY-MM, ${got}`);
    }
    const yaml11 = `%YAML 1.1\n---\n${base}    from: 2005-12-01\n`;
    const error = failure(() => parseScenarioText(yaml11, 'm.yaml'));
    expect(issueAt(error, 'presences[0].from').message).toBe(
      'expected a month YYYY-MM, got the date 2005-12-01',
    );
  });
});

describe('format by extension', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('.json is strict JSON, anything else YAML', () => {
    const yamlText =
      'country: X\nregion: africa\npresences: [{name: A, kind: pko, from: "2000-01"}]\n';
    const asJson = join(dir, 'x.json');
    writeFileSync(asJson, yamlText);
    expect(failure(() => loadScenarioFile(asJson)).issues[0]?.message).toMatch(/^invalid JSON/);
    const asYml = join(dir, 'x.yml');
    writeFileSync(asYml, yamlText);
    expect(loadScenarioFile(asYml).country).toBe('X');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { JSON_SCHEMA_FILE, renderJsonSchema } from '../scripts/write-json-schema.ts';
import {
  DOCTRINES,
  PRESENCE_KINDS,
  REGIONS,
  fromMonthIndex,
  isMonth,
  toMonthIndex,
} from '../src/domain/index.ts';
import {
  CONFIDENCES,
  MONTH_REGEX,
  PRESENCE_FIELDS,
  SCENARIO_FIELDS,
  ScenarioError,
  checkCrossFields,
  formatPath,
  parseScenarioText,
  scenarioSchema,
  toJsonSchema,
  type Scenario,
  type ScenarioPresence,
} from '../src/scenario/index.ts';
import { getSeed } from './support/fc-seed.ts';

const seed = getSeed('tests/scenario-schema.test.ts');

describe('scenarioSchema on its own', () => {
  const valid = {
    country: 'X',
    region: 'africa',
    presences: [{ name: 'A', kind: 'pko', from: '2000-01', to: '2001-06' }],
  };

  it('accepts a minimal scenario and returns it unchanged', () => {
    expect(scenarioSchema.parse(valid)).toEqual(valid);
  });

  it('applies the cross-field checks when the fields are valid', () => {
    const bad = {
      ...valid,
      presences: [{ name: 'A', kind: 'pko', from: '2000-01', to: '1999-12' }],
    };
    const result = scenarioSchema.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['presences', 0, 'to']]);
  });

  it('rejects unknown fields and blank names', () => {
    expect(scenarioSchema.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    expect(scenarioSchema.safeParse({ ...valid, country: ' \t' }).success).toBe(false);
  });

  it('matches the domain on which strings are months', () => {
    for (const m of [
      '1999-10',
      '0000-01',
      '2024-12',
      '1999-13',
      '1999-00',
      '1999-1',
      '99-01',
      ' 1999-01',
    ]) {
      expect(MONTH_REGEX.test(m), m).toBe(isMonth(m));
    }
  });

  it('checkCrossFields tolerates malformed data and checks what it can', () => {
    expect(checkCrossFields(null)).toEqual([]);
    expect(checkCrossFields({ presences: 'x', start: 3 })).toEqual([]);
    const issues = checkCrossFields({
      start: '2001-01',
      end: '2000-12',
      presences: [
        { name: 'A', from: '2000-01' },
        { name: 'A', from: 'bad' },
        { name: 'A', from: '2010-01', to: '2010-02' },
        7,
      ],
    });
    expect(issues.map((i) => formatPath(i.path))).toEqual([
      'end',
      'presences[1].name',
      'presences[2].name',
    ]);
  });
});

describe('JSON Schema', () => {
  it('the committed schema/scenario.schema.json is the generated one', () => {
    const committed = readFileSync(JSON_SCHEMA_FILE, 'utf8');
    // Compared as data, so that reformatting the file is no drift; content changes are.
    expect(JSON.parse(committed)).toEqual(JSON.parse(renderJsonSchema()));
  });

  it('lists exactly the fields of the format', () => {
    const schema = toJsonSchema() as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
      $defs?: unknown;
    };
    expect(Object.keys(schema.properties).sort()).toEqual([...SCENARIO_FIELDS].sort());
    expect(schema.required.sort()).toEqual(['country', 'presences', 'region']);
    expect(schema.additionalProperties).toBe(false);
    const presences = schema.properties.presences as {
      items: { properties: object; required: string[] };
    };
    expect(Object.keys(presences.items.properties).sort()).toEqual([...PRESENCE_FIELDS].sort());
    expect(presences.items.required.sort()).toEqual(['from', 'kind', 'name']);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests: valid scenarios survive YAML and JSON; a corrupted field is named.

const FIRST = toMonthIndex('1900-01');
const LAST = toMonthIndex('2099-12');

const tricky = fc.constantFrom(
  "Côte d'Ivoire",
  'Say "no"',
  'yes',
  'null',
  '~',
  '1999-10',
  '0x1F',
  '- dash',
  '# hash',
  'a: b',
  '  padded  ',
  'two\nlines',
  '🇸🇱 Sierra Leone',
  '!tag',
  '&anchor',
  '*alias',
  '{flow}',
  '[list]',
  "it's",
  'back\\slash',
);
const text = fc
  .oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }))
  .filter((s) => /\S/.test(s));

const presenceArb: fc.Arbitrary<ScenarioPresence> = fc
  .record(
    {
      name: text,
      kind: fc.constantFrom(...PRESENCE_KINDS),
      from: fc.integer({ min: FIRST + 1, max: LAST - 1 }),
      span: fc.integer({ min: 0, max: 240 }),
      mandate: text,
      title: text,
      confidence: fc.constantFrom(...CONFIDENCES),
      sources: fc.array(text, { maxLength: 3 }),
      notes: text,
      transitionLead: fc.integer({ min: 1, max: 120 }),
    },
    { requiredKeys: ['name', 'kind', 'from'] },
  )
  .map(({ from, span, ...rest }) => ({
    ...rest,
    from: fromMonthIndex(from),
    ...(span === undefined ? {} : { to: fromMonthIndex(Math.min(LAST, from + span)) }),
  }));

const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record(
    {
      country: text,
      iso3: fc.stringMatching(/^[A-Z]{3}$/),
      region: fc.constantFrom(...REGIONS),
      regionConfidence: fc.constantFrom(...CONFIDENCES),
      doctrine: fc.constantFrom(...DOCTRINES),
      window: fc.tuple(fc.integer({ min: FIRST + 1, max: LAST }), fc.integer({ min: 0, max: 600 })),
      presences: fc.uniqueArray(presenceArb, {
        minLength: 1,
        maxLength: 6,
        selector: (p) => p.name,
      }),
    },
    { requiredKeys: ['country', 'region', 'presences'] },
  )
  .map(({ window, ...rest }) =>
    window === undefined
      ? rest
      : {
          ...rest,
          start: fromMonthIndex(window[0]),
          end: fromMonthIndex(Math.min(LAST, window[0] + window[1])),
        },
  );

const serialisers = {
  yaml: (s: unknown) => ({ text: stringify(s), file: 'generated.yaml' }),
  json: (s: unknown) => ({ text: JSON.stringify(s, null, 2), file: 'generated.json' }),
  jsonInYaml: (s: unknown) => ({ text: JSON.stringify(s), file: 'generated.yaml' }),
};
const formatArb = fc.constantFrom(...(Object.keys(serialisers) as (keyof typeof serialisers)[]));

describe('round trip (property)', () => {
  it('a valid scenario written as YAML or JSON loads back equal', () => {
    fc.assert(
      fc.property(scenarioArb, formatArb, (scenario, format) => {
        const { text: written, file } = serialisers[format](scenario);
        expect(parseScenarioText(written, file)).toEqual(scenario);
      }),
      { seed, numRuns: 300 },
    );
  });
});

type Data = Record<string, unknown> & { presences: Record<string, unknown>[] };
type Corruption = (data: Data, pick: number, choice: number) => (string | number)[];

const BAD_KINDS = ['pkx', 'PKO', 'peacekeeping', '', 'spm', 'spm_field'];
const BAD_MONTHS: unknown[] = [
  '1999-13',
  '1999-00',
  '99-01',
  '1999-1',
  '2005-12-01',
  '1999/10',
  '',
  199910,
  null,
];
const UNKNOWN_KEYS = [
  'form',
  'too',
  'kindd',
  'Name',
  'extra',
  'regions',
  'mandat',
  'with space',
  '$schema',
];

const corruptions: Record<string, Corruption> = {
  wrongKind(data, pick) {
    const i = pick % data.presences.length;
    (data.presences[i] as Record<string, unknown>).kind = BAD_KINDS[pick % BAD_KINDS.length];
    return ['presences', i, 'kind'];
  },
  badMonth(data, pick, choice) {
    const i = pick % data.presences.length;
    const p = data.presences[i] as Record<string, unknown>;
    const bad = BAD_MONTHS[choice % BAD_MONTHS.length];
    const targets: (string | number)[][] = [['presences', i, 'from']];
    if (p.to !== undefined) targets.push(['presences', i, 'to']);
    if (data.start !== undefined) targets.push(['start'], ['end']);
    const path = targets[choice % targets.length] as (string | number)[];
    if (path.length === 1) data[path[0] as string] = bad;
    else p[path[2] as string] = bad;
    return path;
  },
  toBeforeFrom(data, pick, choice) {
    const i = pick % data.presences.length;
    const p = data.presences[i] as Record<string, unknown>;
    p.to = fromMonthIndex(toMonthIndex(p.from as string) - 1 - (choice % 12));
    return ['presences', i, 'to'];
  },
  endBeforeStart(data, pick, choice) {
    if (data.start === undefined) return corruptions.toBeforeFrom?.(data, pick, choice) ?? [];
    data.end = fromMonthIndex(toMonthIndex(data.start as string) - 1 - (choice % 12));
    return ['end'];
  },
  deleteRequired(data, pick, choice) {
    const i = pick % data.presences.length;
    const targets: (string | number)[][] = [
      ['country'],
      ['region'],
      ['presences'],
      ['presences', i, 'name'],
      ['presences', i, 'kind'],
      ['presences', i, 'from'],
    ];
    const path = targets[choice % targets.length] as (string | number)[];
    if (path.length === 1) delete data[path[0] as string];
    else delete (data.presences[i] as Record<string, unknown>)[path[2] as string];
    return path;
  },
  unknownField(data, pick, choice) {
    const key = UNKNOWN_KEYS[choice % UNKNOWN_KEYS.length] as string;
    if (pick % 2 === 0) {
      data[key] = 'x';
      return [key];
    }
    const i = pick % data.presences.length;
    (data.presences[i] as Record<string, unknown>)[key] = 'x';
    return ['presences', i, key];
  },
};

describe('corruption (property)', () => {
  it('a corrupted field makes the load fail with an issue naming that field', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.constantFrom(...Object.keys(corruptions)),
        fc.nat(),
        fc.nat(),
        formatArb,
        (scenario, how, pick, choice, format) => {
          const data = structuredClone(scenario) as unknown as Data;
          const path = formatPath((corruptions[how] as Corruption)(data, pick, choice));
          const { text: written, file } = serialisers[format](data);
          let error: unknown;
          try {
            parseScenarioText(written, file);
          } catch (caught) {
            error = caught;
          }
          expect(error, `${how} at ${path} was accepted`).toBeInstanceOf(ScenarioError);
          const issues = (error as ScenarioError).issues;
          const issue = issues.find((i) => i.path === path);
          expect(
            issue,
            `no issue at ${path} in:\n${(error as ScenarioError).message}`,
          ).toBeDefined();
          expect(issue?.file).toBe(file);
          expect(issue?.line, 'every issue has a line').toBeTypeOf('number');
          expect(issue?.column).toBeTypeOf('number');
          expect((error as ScenarioError).message).toContain(`: ${path}: `);
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});

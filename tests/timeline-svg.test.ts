/**
 * The timeline chart (src/timeline) and `pillar timeline`: the SVG is well-formed XML (checked by
 * a small strict parser below), self-contained, and shows exactly what the replayed timelines
 * hold: one bar per presence, one lead segment per run of equal months, one marker per handover.
 */
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { REGIONS, countMonths, type PresenceKind } from '../src/domain/index.ts';
import { buildTimelineChart, runTimeline } from '../src/cli/commands/timeline.ts';
import { InputError } from '../src/cli/shared.ts';
import { listBundledScenarios } from '../src/scenario/catalog.ts';
import { ScenarioError } from '../src/scenario/errors.ts';
import type { Scenario } from '../src/scenario/types.ts';
import type { Timeline } from '../src/simulate/replay.ts';
import { buildTimelineRow, renderTimelineSvg } from '../src/timeline/index.ts';
import { getSeed } from './support/fc-seed.ts';

import {
  child,
  elements,
  num,
  parseXml,
  textOf,
  withAttr,
  type XmlElement,
} from './support/xml.ts';

const SCENARIO_DIR = new URL('../scenarios/', import.meta.url);
const bundled = readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({
    id: f.replace(/\.yaml$/, ''),
    scenario: parse(readFileSync(new URL(f, SCENARIO_DIR), 'utf8')) as Scenario,
  }));

function load(id: string): Scenario {
  const found = bundled.find((b) => b.id === id);
  if (!found) throw new Error(`no bundled scenario ${id}`);
  return found.scenario;
}

/** Runs of equal lead, computed here from the months independently of the renderer. */
function leadRuns(t: Timeline): { lead: string; from: string; to: string }[] {
  const runs: { lead: string; from: string; to: string }[] = [];
  for (const m of t.months) {
    const last = runs.at(-1);
    if (last && last.lead === m.lead) last.to = m.month;
    else runs.push({ lead: m.lead, from: m.month, to: m.month });
  }
  return runs;
}

function bandOf(root: XmlElement, country: string, doctrine: string): XmlElement {
  const bands = withAttr(root, 'data-band', 'lead').filter(
    (b) => b.attrs.get('data-country') === country && b.attrs.get('data-doctrine') === doctrine,
  );
  expect(bands).toHaveLength(1);
  return bands[0]!;
}

function presencesDrawn(s: Scenario, window: { start: string; end: string }) {
  return s.presences.filter((p) => p.from <= window.end && (p.to ?? window.end) >= window.start);
}

describe('renderTimelineSvg on the bundled scenarios', () => {
  for (const { id, scenario } of bundled) {
    it(`${id}: well-formed, one bar per presence, lead runs and handovers match the timeline`, () => {
      const row = buildTimelineRow(scenario);
      const t = row.timelines[0]!;
      const svg = renderTimelineSvg([row]);
      const root = parseXml(svg);
      expect(root.name).toBe('svg');

      // One bar per presence, named, with the presence's kind and months.
      const bars = withAttr(root, 'data-presence');
      const expected = presencesDrawn(scenario, t.window);
      expect(bars).toHaveLength(expected.length);
      for (const p of expected) {
        const bar = bars.filter(
          (b) => b.attrs.get('data-presence') === p.name && b.attrs.get('data-from') === p.from,
        );
        expect(bar, p.name).toHaveLength(1);
        expect(bar[0]!.attrs.get('data-kind')).toBe(p.kind);
        expect(bar[0]!.attrs.get('data-to')).toBe(p.to ?? t.window.end);
        expect(textOf(child(bar[0]!, 'text'))).toBe(p.name);
        const dashed = child(bar[0]!, 'rect').attrs.has('stroke-dasharray');
        expect(dashed, `${p.name} dashed`).toBe(
          p.confidence === 'medium' || p.confidence === 'low',
        );
      }

      // The lead band: one segment per run of equal months, contiguous, width proportional to length.
      const band = bandOf(root, scenario.country, t.doctrine);
      const segments = withAttr(band, 'data-lead');
      const runs = leadRuns(t);
      expect(
        segments.map((s) => [
          s.attrs.get('data-lead'),
          s.attrs.get('data-from'),
          s.attrs.get('data-to'),
        ]),
      ).toEqual(runs.map((r) => [r.lead, r.from, r.to]));
      const rects = segments.map((s) => child(s, 'rect'));
      const perMonth = num(rects[0]!, 'width') / countMonths(runs[0]!.from, runs[0]!.to);
      rects.forEach((r, k) => {
        expect(num(r, 'width') / countMonths(runs[k]!.from, runs[k]!.to)).toBeCloseTo(perMonth, 1);
        if (k > 0)
          expect(num(r, 'x')).toBeCloseTo(num(rects[k - 1]!, 'x') + num(rects[k - 1]!, 'width'), 1);
      });
      const bandWidth = rects.reduce((sum, r) => sum + num(r, 'width'), 0);
      expect(bandWidth / t.months.length).toBeCloseTo(perMonth, 1);

      // One marker per handover, at the left edge of the new lead's first segment.
      const markers = withAttr(band, 'data-handover');
      expect(markers.map((m) => [m.attrs.get('data-handover'), m.attrs.get('data-at')])).toEqual(
        t.handovers.map((h) => [`${h.from}→${h.to}`, h.at]),
      );
      for (const m of markers) {
        const at = m.attrs.get('data-at')!;
        expect(textOf(child(m, 'text'))).toBe(`${m.attrs.get('data-handover')} ${at}`);
        const apex = Number(child(m, 'polygon').attrs.get('points')!.split(' ')[0]!.split(',')[0]);
        const seg = segments.find((s) => s.attrs.get('data-from') === at)!;
        expect(apex).toBeCloseTo(num(child(seg, 'rect'), 'x'), 1);
      }

      // Phase strip covers the window in runs of equal phase.
      const phases = withAttr(root, 'data-phase');
      expect(phases[0]!.attrs.get('data-from')).toBe(t.window.start);
      expect(phases.at(-1)!.attrs.get('data-to')).toBe(t.window.end);
      expect(phases.map((p) => p.attrs.get('data-phase'))).toEqual(
        phases.map((p) => t.months.find((m) => m.month === p.attrs.get('data-from'))!.phase),
      );

      // The regional team is named on the row.
      const rowEl = withAttr(root, 'data-row', scenario.country);
      expect(rowEl).toHaveLength(1);
      expect(rowEl[0]!.attrs.get('data-team')).toBe(t.team.id);
      expect(svg).toContain(`team ${t.team.id}`);
    });
  }
});

describe('self-contained and accessible', () => {
  const row = buildTimelineRow(load('cote-divoire'), { compare: true });
  const svg = renderTimelineSvg([row]);
  const root = parseXml(svg);

  it('has no URL but the SVG namespace, no script, image, link or external font', () => {
    const urls = svg.match(/https?:\/\/[^"'\s<]*/g) ?? [];
    expect(urls).toEqual(['http://www.w3.org/2000/svg']);
    const names = new Set(elements(root).map((e) => e.name));
    for (const banned of ['script', 'image', 'a', 'foreignObject', 'style', 'use', 'font-face']) {
      expect(names.has(banned), banned).toBe(false);
    }
    expect(elements(root).some((e) => [...e.attrs.keys()].some((k) => k.endsWith('href')))).toBe(
      false,
    );
    expect(svg).not.toMatch(/@import|url\((?!#)/);
  });

  it('has a title and desc first, a viewBox, and no text below 11px', () => {
    expect(
      root.children
        .filter((c) => typeof c !== 'string')
        .slice(0, 2)
        .map((c) => c.name),
    ).toEqual(['title', 'desc']);
    expect(textOf(child(root, 'title'))).toContain("Côte d'Ivoire");
    const desc = textOf(child(root, 'desc'));
    const handovers = row.timelines.flatMap((t) => t.handovers);
    expect(handovers.length).toBeGreaterThan(0);
    for (const h of handovers) expect(desc).toContain(`${h.from}→${h.to} ${h.at}`);
    expect(root.attrs.get('viewBox')).toBe(
      `0 0 ${root.attrs.get('width')} ${root.attrs.get('height')}`,
    );
    const sizes = elements(root)
      .filter((e) => e.name === 'text')
      .map((e) => num(e, 'font-size'));
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11);
  });

  it("escapes the apostrophe of Côte d'Ivoire and reads it back", () => {
    expect(svg).toContain('Côte d&apos;Ivoire');
    expect(withAttr(root, 'data-row', "Côte d'Ivoire")).toHaveLength(1);
  });

  it('grows in width with the window, within limits', () => {
    const width = (s: Scenario) => num(parseXml(renderTimelineSvg([buildTimelineRow(s)])), 'width');
    const base = load('sierra-leone');
    const short = {
      ...base,
      presences: [{ name: 'X', kind: 'pko' as PresenceKind, from: '2000-01', to: '2000-03' }],
    };
    const long = {
      ...base,
      presences: [{ name: 'X', kind: 'pko' as PresenceKind, from: '1950-01', to: '2020-12' }],
    };
    const mid = {
      ...base,
      presences: [{ name: 'X', kind: 'pko' as PresenceKind, from: '1990-01', to: '2020-12' }],
    };
    expect(width(short)).toBeGreaterThanOrEqual(720);
    expect(width(mid)).toBeGreaterThan(width(short));
    expect(width(long)).toBeGreaterThanOrEqual(width(mid));
    expect(width(long)).toBeLessThanOrEqual(1600 + 400);
  });
});

describe('compare mode', () => {
  it('stacks one lead band per doctrine, note-2017, adopted-2019, historical (Sierra Leone: 2014-04, 2006-01, 2008-10)', () => {
    const row = buildTimelineRow(load('sierra-leone'), { compare: true });
    const root = parseXml(renderTimelineSvg([row]));
    expect(root.attrs.get('data-mode')).toBe('compare');
    const bands = withAttr(root, 'data-band', 'lead');
    expect(bands.map((b) => b.attrs.get('data-doctrine'))).toEqual([
      'note-2017',
      'adopted-2019',
      'historical',
    ]);
    const labels = bands.map((b) => textOf(child(b, 'text')));
    expect(labels).toEqual(['lead, note-2017', 'lead, adopted-2019', 'lead, historical']);
    const y = bands.map((b) => num(withAttr(b, 'data-lead').map((s) => child(s, 'rect'))[0]!, 'y'));
    expect(y[0]!).toBeLessThan(y[1]!);
    expect(y[1]!).toBeLessThan(y[2]!);
    row.timelines.forEach((t, k) => {
      expect(withAttr(bands[k]!, 'data-handover').map((m) => m.attrs.get('data-at'))).toEqual(
        t.handovers.map((h) => h.at),
      );
    });
    const at = bands.map((b) => withAttr(b, 'data-handover').map((m) => m.attrs.get('data-at')));
    expect(at).toEqual([['2014-04'], ['2006-01'], ['2008-10']]);
  });

  it('has a band per doctrine for every country of a region', async () => {
    const root = parseXml(
      await buildTimelineChart([], { region: 'europe-central-asia-americas', compare: true }),
    );
    const rows = withAttr(root, 'data-row');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(withAttr(r, 'data-band', 'lead').map((b) => b.attrs.get('data-doctrine'))).toEqual([
        'note-2017',
        'adopted-2019',
        'historical',
      ]);
    }
  });
});

describe('region charts', () => {
  const catalogue = listBundledScenarios();
  for (const region of REGIONS) {
    it(`${region}: one row per bundled country of the region, on a common axis`, async () => {
      const svg = await buildTimelineChart([], { region });
      const root = parseXml(svg);
      const expected = catalogue
        .filter((s) => s.scenario.region === region)
        .map((s) => s.scenario.country);
      expect(withAttr(root, 'data-row').map((r) => r.attrs.get('data-row'))).toEqual(expected);
      const [start, end] = root.attrs.get('data-window')!.split('/') as [string, string];
      const windows = withAttr(root, 'data-row').map((r) => r.attrs.get('data-window')!.split('/'));
      expect(start).toBe(windows.map((w) => w[0]!).sort()[0]);
      expect(end).toBe(
        windows
          .map((w) => w[1]!)
          .sort()
          .at(-1),
      );
      // All rows share one scale: the same month starts at the same x in every row.
      const xs = new Set<string>();
      for (const r of withAttr(root, 'data-row')) {
        const first = withAttr(r, 'data-lead')[0]!;
        const x = num(child(first, 'rect'), 'x');
        const w =
          num(child(first, 'rect'), 'width') /
          countMonths(first.attrs.get('data-from')!, first.attrs.get('data-to')!);
        xs.add((x - w * (countMonths(start, first.attrs.get('data-from')!) - 1)).toFixed(0));
      }
      expect(xs.size).toBe(1);
    });
  }
});

describe('escaping (property)', () => {
  const seed = getSeed('tests/timeline-svg.test.ts');
  const sanitize = (s: string) =>
    Array.from(s, (ch) =>
      /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u.test(ch) ? '\uFFFD' : ch,
    ).join('');
  const special = fc.constantFrom(
    '&',
    '<',
    '>',
    '"',
    "'",
    ']]>',
    '&amp;',
    '<!--',
    '\u0000',
    '\uD800',
    'Côte',
    ' ',
  );
  const name = fc
    .array(fc.oneof(special, fc.string({ unit: 'binary', maxLength: 6 })), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) => parts.join(''))
    .filter((s) => s.length > 0);

  it('keeps the SVG well-formed for any country and presence names, and reads them back', () => {
    fc.assert(
      fc.property(
        name,
        fc.uniqueArray(name, { minLength: 1, maxLength: 4 }),
        (country, presences) => {
          const scenario: Scenario = {
            country,
            region: 'africa',
            presences: presences.map((p, k) => ({
              name: p,
              kind: (['pko', 'spm-field', 'spm-envoy'] as const)[k % 3]!,
              from: `200${k}-01`,
              to: `200${k + 1}-06`,
              confidence: k % 2 === 0 ? 'high' : 'low',
              title: `${p} & co`,
            })),
          };
          const root = parseXml(renderTimelineSvg([buildTimelineRow(scenario)]));
          expect(withAttr(root, 'data-row').map((r) => r.attrs.get('data-row'))).toEqual([
            sanitize(country),
          ]);
          expect(withAttr(root, 'data-presence').map((b) => b.attrs.get('data-presence'))).toEqual(
            presences.map(sanitize),
          );
        },
      ),
      { seed, numRuns: 150 },
    );
  });

  it('the parser used here rejects malformed documents', () => {
    for (const bad of [
      '<svg><g></svg>',
      '<svg a="1" a="2"/>',
      '<svg>&</svg>',
      '<svg a="<"/>',
      '<svg/><svg/>',
      '<svg>\u0001</svg>',
    ]) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<svg a="&apos;x&#x26;"><t>a&lt;b</t></svg>').attrs.get('a')).toBe("'x&");
  });
});

describe('pillar timeline (command)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pillar-timeline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the SVG to --out, and to stdout without it', async () => {
    const out = join(dir, 'sl.svg');
    await runTimeline(['sierra-leone'], { out, compare: true });
    const written = readFileSync(out, 'utf8');
    expect(withAttr(parseXml(written), 'data-band', 'lead')).toHaveLength(3);
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await runTimeline(['SLE'], { doctrine: 'adopted-2019' });
      const printed = write.mock.calls.map((c) => String(c[0])).join('');
      const band = withAttr(parseXml(printed), 'data-band', 'lead');
      expect(band.map((b) => b.attrs.get('data-doctrine'))).toEqual(['adopted-2019']);
    } finally {
      write.mockRestore();
    }
  });

  it('draws several named countries, one row each, in the order given', async () => {
    const root = parseXml(await buildTimelineChart(['liberia', 'cote-divoire'], {}));
    expect(withAttr(root, 'data-row').map((r) => r.attrs.get('data-row'))).toEqual([
      'Liberia',
      "Côte d'Ivoire",
    ]);
  });

  it('rejects bad input with InputError or ScenarioError and writes no file', async () => {
    const out = join(dir, 'bad.svg');
    const cases: [
      string[],
      Parameters<typeof runTimeline>[1],
      typeof InputError | typeof ScenarioError,
    ][] = [
      [[], { out }, InputError],
      [['sierra-leone'], { out, region: 'africa' }, InputError],
      [[], { out, region: 'antarctica' }, InputError],
      [['sierra-leone'], { out, compare: true, doctrine: 'note-2017' }, InputError],
      [['no-such-country'], { out }, ScenarioError],
      [[join(dir, 'missing.yaml')], { out }, ScenarioError],
    ];
    for (const [ids, options, type] of cases) {
      await expect(runTimeline(ids, options), JSON.stringify([ids, options])).rejects.toThrow(type);
      expect(existsSync(out)).toBe(false);
    }
  });
});

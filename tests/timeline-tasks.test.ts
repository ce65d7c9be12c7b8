/**
 * The task band of the timeline chart (issue 12): under the lead band, one mark per task handover,
 * per orphaned task and per adopted plan, with its sentence in `<title>`; where the timeline has
 * funding, the assessed budget as a step line with each funding cliff marked. Rows without tasks
 * or budget have no such band. Text meets WCAG AA (4.5:1) on whatever it is drawn on.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REGIONS, TASKS, type Task } from '../src/domain/index.ts';
import { buildTimelineChart, runTimeline } from '../src/cli/commands/timeline.ts';
import { listBundledScenarios } from '../src/scenario/catalog.ts';
import { loadScenarioFile } from '../src/scenario/load.ts';
import type { Scenario, ScenarioPresence } from '../src/scenario/types.ts';
import { replayScenario, type Timeline } from '../src/simulate/replay.ts';
import { AA_TEXT, contrastRatio, readableText } from '../src/timeline/contrast.ts';
import { buildTimelineRow, renderTimelineSvg } from '../src/timeline/index.ts';
import { fundingRuns } from '../src/timeline/layout.ts';
import {
  BACKGROUND,
  KIND_COLOURS,
  LEAD_COLOURS,
  PHASE_COLOURS,
  TASK_COLOURS,
} from '../src/timeline/palette.ts';
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

const FIXTURES = fileURLToPath(new URL('./fixtures/timeline/', import.meta.url));
const PLANNED_FILE = join(FIXTURES, 'tasks-planned.yaml');
const FORCED_FILE = join(FIXTURES, 'tasks-forced.yaml');
const planned = loadScenarioFile(PLANNED_FILE);
const forced = loadScenarioFile(FORCED_FILE);

function rowOf(root: XmlElement, country: string): XmlElement {
  const rows = withAttr(root, 'data-row', country);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

function bandsOf(row: XmlElement, band: 'tasks' | 'funding'): XmlElement[] {
  return withAttr(row, 'data-band', band);
}

/** The marks of a task band, read back as [presence, task, receiver or cause, month]. */
function marks(band: XmlElement, kind: 'handover' | 'orphaned'): string[][] {
  const attr = kind === 'handover' ? 'data-task-handover' : 'data-task-orphaned';
  const detail = kind === 'handover' ? 'data-receiver' : 'data-cause';
  return withAttr(band, attr).map((m) => [
    m.attrs.get('data-task-presence')!,
    m.attrs.get(attr)!,
    m.attrs.get(detail)!,
    m.attrs.get('data-at')!,
  ]);
}

/** Element order of the row: the y of each band's first drawn rect. */
function topOf(band: XmlElement): number {
  const rect = elements(band).find((e) => e.name === 'rect');
  if (rect) return num(rect, 'y');
  return Math.min(
    ...elements(band)
      .filter((e) => e.name === 'text')
      .map((t) => num(t, 'y')),
  );
}

describe('fixtures', () => {
  it('replay as the tests below expect (planned: 3 handovers, a plan, a cliff; forced: 2 and 2 orphaned)', () => {
    const p = replayScenario(planned);
    expect(p.invariants.every((i) => i.holds)).toBe(true);
    expect(p.taskHandovers).toHaveLength(3);
    expect(p.orphanedTasks).toHaveLength(0);
    expect(p.plans).toHaveLength(1);
    expect(p.funding?.cliffs).toHaveLength(1);
    const f = replayScenario(forced);
    expect(f.taskHandovers).toHaveLength(2);
    expect(f.orphanedTasks).toHaveLength(2);
    expect(f.funding).toBeUndefined();
  });
});

const taskBandSvg = await buildTimelineChart([PLANNED_FILE, FORCED_FILE], {});

describe('the task band', () => {
  const timelines = new Map<string, Timeline>([
    [planned.country, replayScenario(planned)],
    [forced.country, replayScenario(forced)],
  ]);
  const svg = taskBandSvg;
  const root = parseXml(svg);

  it('has one mark per task handover and per orphaned task, in each row, with the timeline’s data', () => {
    for (const [country, t] of timelines) {
      const bands = bandsOf(rowOf(root, country), 'tasks');
      expect(bands, country).toHaveLength(1);
      const band = bands[0]!;
      expect(band.attrs.has('data-doctrine')).toBe(false);
      expect(marks(band, 'handover')).toEqual(
        t.taskHandovers.map((h) => [h.presence, h.task, h.to, h.at]),
      );
      expect(marks(band, 'orphaned')).toEqual(
        t.orphanedTasks.map((o) => [o.presence, o.task, o.cause, o.at]),
      );
      expect(withAttr(band, 'data-plan').map((p) => p.attrs.get('data-gender'))).toEqual(
        t.plans.map((p) => String(p.gender)),
      );
    }
  });

  it('marks orphaned tasks distinctly: a red cross, not a green dot, the cause in label and title', () => {
    const band = bandsOf(rowOf(root, 'Forcedland'), 'tasks')[0]!;
    const orphans = withAttr(band, 'data-task-orphaned');
    expect(orphans).toHaveLength(2);
    for (const o of orphans) {
      const task = o.attrs.get('data-task-orphaned')!;
      expect(o.attrs.get('data-cause')).toBe('host-consent-withdrawn');
      expect(o.children.some((c) => typeof c !== 'string' && c.name === 'circle')).toBe(false);
      const strokes = o.children
        .filter((c): c is XmlElement => typeof c !== 'string' && c.name === 'line')
        .map((l) => l.attrs.get('stroke'));
      expect(strokes.filter((s) => s === TASK_COLOURS.orphaned).length).toBeGreaterThanOrEqual(2);
      expect(textOf(child(o, 'title'))).toBe(
        `UNFORCE: ${task} left with no receiver (orphaned), 2018-04; cause: host-consent-withdrawn`,
      );
      expect(textOf(child(o, 'text'))).toBe(`${task} orphaned (host-consent-withdrawn) 2018-04`);
    }
    for (const h of withAttr(band, 'data-task-handover')) {
      expect(child(h, 'circle').attrs.get('fill')).toBe(TASK_COLOURS.handover);
    }
    expect(TASK_COLOURS.orphaned).not.toBe(TASK_COLOURS.handover);
  });

  it('says who received each task in the tooltip and the label', () => {
    const band = bandsOf(rowOf(root, 'Plannedland'), 'tasks')[0]!;
    const titles = withAttr(band, 'data-task-handover').map((m) => textOf(child(m, 'title')));
    expect(titles).toEqual([
      'UNPLAN handed protection-of-civilians over to the host government, 2018-04',
      'UNPLAN handed rule-of-law over to the UN country team, 2018-04',
      'UNPLAN handed human-rights over to UNNEXT (a presence), 2018-06',
    ]);
    const labels = withAttr(band, 'data-task-handover').map((m) => textOf(child(m, 'text')));
    expect(labels).toEqual([
      'protection-of-civilians→government 2018-04',
      'rule-of-law→country-team 2018-04',
      'human-rights→UNNEXT 2018-06',
    ]);
    const plan = withAttr(band, 'data-plan', 'UNPLAN');
    expect(plan).toHaveLength(1);
    expect(plan[0]!.attrs.get('data-at')).toBe('2017-08');
    expect(textOf(child(plan[0]!, 'title'))).toContain(
      'with its women, peace and security element',
    );
  });

  it('puts each mark at the left edge of its month, on the lead band’s scale', () => {
    const row = rowOf(root, 'Plannedland');
    const lead = withAttr(row, 'data-lead').map((s) => child(s, 'rect'));
    const x0 = num(lead[0]!, 'x');
    const t = timelines.get('Plannedland')!;
    const perMonth = lead.reduce((sum, r) => sum + num(r, 'width'), 0) / t.months.length;
    const band = bandsOf(row, 'tasks')[0]!;
    for (const m of withAttr(band, 'data-task-handover')) {
      const at = m.attrs.get('data-at')!;
      const index = t.months.findIndex((s) => s.month === at);
      expect(num(child(m, 'circle'), 'cx')).toBeCloseTo(x0 + index * perMonth, 0);
    }
  });

  it('sits under the lead band and above the phase strip; funding under the tasks', () => {
    const row = rowOf(root, 'Plannedland');
    const lead = topOf(withAttr(row, 'data-band', 'lead')[0]!);
    const tasks = topOf(bandsOf(row, 'tasks')[0]!);
    const funding = topOf(bandsOf(row, 'funding')[0]!);
    const phase = topOf(withAttr(row, 'data-band', 'phase')[0]!);
    expect(lead).toBeLessThan(tasks);
    expect(tasks).toBeLessThan(funding);
    expect(funding).toBeLessThan(phase);
  });

  it('draws the assessed budget as steps of the merged funding periods, and the cliff', () => {
    const t = timelines.get('Plannedland')!;
    const band = bandsOf(rowOf(root, 'Plannedland'), 'funding')[0]!;
    const steps = withAttr(band, 'data-assessed').map((s) => [
      Number(s.attrs.get('data-assessed')),
      s.attrs.get('data-from'),
      s.attrs.get('data-to'),
    ]);
    expect(steps).toEqual([
      [300.5, '2010-01', '2018-03'],
      [0, '2018-04', '2018-04'],
      [20, '2018-05', '2019-12'],
    ]);
    expect(steps).toEqual(fundingRuns(t.funding!.periods).map((r) => [r.value, r.from, r.to]));
    // Higher budget, higher step (smaller y).
    const ys = withAttr(band, 'data-assessed').map((s) => num(child(s, 'rect'), 'y'));
    expect(ys[0]!).toBeLessThan(ys[2]!);
    expect(ys[2]!).toBeLessThan(ys[1]!);
    expect(elements(band).filter((e) => e.name === 'path')).toHaveLength(1);
    const cliffs = withAttr(band, 'data-cliff');
    expect(cliffs).toHaveLength(1);
    const c = cliffs[0]!;
    expect([c.attrs.get('data-cliff'), c.attrs.get('data-last-assessed')]).toEqual([
      'UNPLAN',
      '2018-03',
    ]);
    expect(c.attrs.get('data-horizon')).toBe('2019-03');
    expect(Number(c.attrs.get('data-fall'))).toBe(280.5);
    expect(textOf(child(c, 'text'))).toBe('UNPLAN cliff −280.5 (93%) by 2019-03');
    expect(textOf(child(c, 'title'))).toContain('a fall of 280.5 M/yr (93%)');
    // The dashed line stands at the right edge of the last assessed month: the next step's x.
    const dashed = elements(c).find((e) => e.name === 'line' && e.attrs.has('stroke-dasharray'))!;
    const next = withAttr(band, 'data-from', '2018-04')[0]!;
    expect(num(dashed, 'x1')).toBeCloseTo(num(child(next, 'rect'), 'x'), 1);
  });

  it('adds the task entries to the legend and the desc', () => {
    const legend = textOf(withAttr(root, 'data-legend')[0]!);
    expect(legend).toContain('Tasks:');
    expect(legend).toContain('task handed over (task→receiver, month)');
    expect(legend).toContain('task orphaned, no receiver (cause)');
    expect(legend).toContain('assessed budget in force (USD M/yr)');
    expect(legend).toContain('funding cliff');
    const desc = textOf(child(root, 'desc'));
    expect(desc).toContain('UNPLAN handed rule-of-law over to the UN country team, 2018-04');
    expect(desc).toContain('UNFORCE: ddr left with no receiver (orphaned), 2018-04');
    expect(desc).toContain('Funding cliff after UNPLAN');
    expect(desc).toContain(
      'Mandated tasks held: UNFORCE: protection-of-civilians, rule-of-law, human-rights, ddr.',
    );
    const strip = withAttr(rowOf(root, 'Plannedland'), 'data-held');
    expect(strip.map((g) => textOf(child(g, 'title')))).toEqual([
      'Mandated tasks held: UNPLAN: protection-of-civilians, rule-of-law, human-rights',
    ]);
  });

  it('is well-formed, and the chart widens so no label runs off it', () => {
    expect(root.name).toBe('svg');
    const width = num(root, 'width');
    for (const band of withAttr(root, 'data-band', 'tasks')) {
      for (const t of elements(band).filter((e) => e.name === 'text')) {
        expect(num(t, 'x')).toBeLessThanOrEqual(width);
      }
    }
  });
});

describe('without tasks', () => {
  const strip = (s: Scenario): Scenario => ({
    ...s,
    presences: s.presences.map((p) => {
      const rest: ScenarioPresence = { ...p };
      delete rest.tasks;
      delete rest.handover;
      delete rest.plan;
      delete rest.budget;
      return rest;
    }),
  });

  it('has no task or funding band and no task legend, and draws the same lead, bars and phases', () => {
    const bare = strip(planned);
    const svg = renderTimelineSvg([buildTimelineRow(bare)]);
    const root = parseXml(svg);
    expect(withAttr(root, 'data-band', 'tasks')).toHaveLength(0);
    expect(withAttr(root, 'data-band', 'funding')).toHaveLength(0);
    expect(svg).not.toContain('Tasks:');
    expect(svg).not.toContain('data-task');
    expect(withAttr(root, 'data-band').map((b) => b.attrs.get('data-band'))).toEqual([
      'lead',
      'phase',
    ]);
  });

  it('bundled scenarios without tasks or budgets keep their rows free of the band', async () => {
    const bare = listBundledScenarios()
      .filter((b) => b.scenario.region === 'africa')
      .filter((b) => b.scenario.presences.every((p) => !p.tasks?.length && p.budget === undefined))
      .map((b) => b.scenario.country);
    expect(bare.length).toBeGreaterThan(0);
    const root = parseXml(await buildTimelineChart([], { region: 'africa' }));
    for (const name of bare) {
      const bands = withAttr(rowOf(root, name), 'data-band').map((b) => b.attrs.get('data-band'));
      expect(bands, name).toEqual(['lead', 'phase']);
    }
  });

  it('a budget alone draws the funding band without the task strip', () => {
    const bare = strip(planned);
    const withBudget: Scenario = {
      ...bare,
      presences: bare.presences.map((p, k) => ({ ...p, budget: k === 0 ? 100 : 10 })),
    };
    const root = parseXml(renderTimelineSvg([buildTimelineRow(withBudget)]));
    expect(withAttr(root, 'data-band', 'tasks')).toHaveLength(0);
    expect(withAttr(root, 'data-band', 'funding')).toHaveLength(1);
    const legend = textOf(withAttr(root, 'data-legend')[0]!);
    expect(legend).toContain('assessed budget in force');
    expect(legend).not.toContain('task handed over');
  });
});

describe('compare and region modes with tasks', () => {
  it('--compare: three lead bands, one task band shared (tasks do not depend on the doctrine)', () => {
    const row = buildTimelineRow(planned, { compare: true });
    const root = parseXml(renderTimelineSvg([row]));
    expect(withAttr(root, 'data-band', 'lead')).toHaveLength(3);
    const tasks = withAttr(root, 'data-band', 'tasks');
    expect(tasks).toHaveLength(1);
    expect(withAttr(tasks[0]!, 'data-task-handover')).toHaveLength(3);
    expect(withAttr(root, 'data-band', 'funding')).toHaveLength(1);
    for (const t of row.timelines) expect(t.taskHandovers).toEqual(row.timelines[0]!.taskHandovers);
  });

  it('one task band per doctrine, named, when the timelines differ', () => {
    const row = buildTimelineRow(forced, { compare: true });
    const changed = {
      ...row,
      timelines: row.timelines.map((t, k) =>
        k === 1 ? { ...t, orphanedTasks: t.orphanedTasks.slice(0, 1) } : t,
      ),
    };
    const root = parseXml(renderTimelineSvg([changed]));
    const tasks = withAttr(root, 'data-band', 'tasks');
    expect(tasks.map((b) => b.attrs.get('data-doctrine'))).toEqual([
      'note-2017',
      'adopted-2019',
      'historical',
    ]);
    expect(tasks.map((b) => withAttr(b, 'data-task-orphaned').length)).toEqual([2, 1, 2]);
    expect(textOf(child(tasks[1]!, 'text'))).toBe('tasks, adopted-2019');
  });

  it('--region still draws one row per bundled country (the fixtures are not bundled)', async () => {
    const root = parseXml(await buildTimelineChart([], { region: 'africa', compare: true }));
    expect(withAttr(root, 'data-row').length).toBeGreaterThan(1);
    expect(withAttr(root, 'data-row', 'Plannedland')).toHaveLength(0);
  });

  it('pillar timeline writes the band for a scenario file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pillar-timeline-tasks-'));
    try {
      const out = join(dir, 'tasks.svg');
      await runTimeline([FORCED_FILE], { out });
      const root = parseXml(readFileSync(out, 'utf8'));
      expect(withAttr(root, 'data-task-orphaned')).toHaveLength(2);
      expect(withAttr(root, 'data-task-handover')).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('random tasks and receivers (property)', () => {
  const seed = getSeed('tests/timeline-tasks.test.ts');
  const receivers = ['country-team', 'government', 'regional-organization', 'completed'] as const;

  it('every task of a forced or planned exit appears once, as a handover or an orphan mark; names escaped', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...TASKS), { minLength: 1, maxLength: 6 }),
        fc.array(fc.constantFrom(...receivers), { minLength: 6, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        fc.constantFrom('UNRAND', `UN&<'">`, 'Côte ]]> <!--'),
        (tasks: Task[], to, assigned, isForced, name) => {
          const handover: Partial<Record<Task, string>> = {};
          tasks.forEach((task, k) => {
            if (!isForced || assigned[k]) handover[task] = to[k]!;
          });
          const scenario: Scenario = {
            country: 'Randomland',
            region: 'africa',
            doctrine: 'note-2017',
            end: '2016-12',
            presences: [
              {
                name,
                kind: 'pko',
                from: '2010-01',
                to: '2015-06',
                tasks,
                handover,
                ...(isForced
                  ? { exit: 'host-consent-withdrawn' as const, exitDecided: '2015-01' }
                  : { plan: { gender: true } }),
              },
            ],
          };
          const row = buildTimelineRow(scenario);
          const t = row.timelines[0]!;
          expect(t.invariants.every((i) => i.holds)).toBe(true);
          const root = parseXml(renderTimelineSvg([row]));
          const handed = withAttr(root, 'data-task-handover').map((m) =>
            m.attrs.get('data-task-handover'),
          );
          const orphaned = withAttr(root, 'data-task-orphaned').map((m) =>
            m.attrs.get('data-task-orphaned'),
          );
          expect(handed).toEqual(t.taskHandovers.map((h) => h.task));
          expect(orphaned).toEqual(t.orphanedTasks.map((o) => o.task));
          expect([...handed, ...orphaned].sort()).toEqual([...tasks].sort());
          if (!isForced) expect(orphaned).toEqual([]);
          for (const m of withAttr(root, 'data-task-presence')) {
            expect(m.attrs.get('data-task-presence')).toBe(name);
          }
          expect(withAttr(root, 'data-held')[0]!.attrs.get('data-held')).toBe(
            `${name}: ${tasks.join(', ')}`,
          );
        },
      ),
      { seed, numRuns: 40 },
    );
  });
});

describe('contrast (WCAG AA)', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrastRatio('#FFFFFF', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0072B2', '#0072B2')).toBe(1);
    expect(contrastRatio('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#767676', '#fff')).toBeCloseTo(4.54, 2);
  });

  it('readableText keeps a text colour that passes and replaces one that does not', () => {
    expect(readableText('#332288', '#FFFFFF')).toBe('#FFFFFF');
    // White on the bluish green of regional offices is 3.4:1; on the peacekeeping grey 3.4:1.
    expect(contrastRatio(KIND_COLOURS['spm-regional-office'].fill, '#FFFFFF')).toBeLessThan(
      AA_TEXT,
    );
    expect(readableText(KIND_COLOURS['spm-regional-office'].fill, '#FFFFFF')).not.toBe('#FFFFFF');
  });

  it('gives every swatch of the palette a text colour that reaches 4.5:1 on its fill', () => {
    const fills = [
      ...Object.values(KIND_COLOURS),
      ...Object.values(LEAD_COLOURS),
      ...Object.values(PHASE_COLOURS),
    ];
    for (const s of fills) {
      expect(contrastRatio(s.fill, s.text), s.fill).toBeGreaterThanOrEqual(AA_TEXT);
    }
    expect(contrastRatio(TASK_COLOURS.orphaned, BACKGROUND)).toBeGreaterThanOrEqual(AA_TEXT);
  });

  /** Alpha-composites `fill` at `opacity` over white. */
  function over(fill: string, opacity: number): string {
    const c = [1, 3, 5].map((i) => parseInt(fill.slice(i, i + 2), 16));
    return `#${c
      .map((v) =>
        Math.round(v * opacity + 255 * (1 - opacity))
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
  }

  /** Every text of the chart with the colour(s) behind it. */
  function textsOnBackgrounds(root: XmlElement): { text: string; fill: string; on: string[] }[] {
    const out: { text: string; fill: string; on: string[] }[] = [];
    const walk = (e: XmlElement, on: string[]) => {
      for (const c of e.children) {
        if (typeof c === 'string') continue;
        if (c.name === 'text') {
          out.push({ text: textOf(c), fill: c.attrs.get('fill') ?? '#000000', on });
          continue;
        }
        let behind = on;
        const drawn = ['data-presence', 'data-lead', 'data-phase'].some((a) => c.attrs.has(a));
        const rect = drawn ? child(c, 'rect') : undefined;
        const label = drawn
          ? c.children.find((k) => typeof k !== 'string' && k.name === 'text')
          : undefined;
        if (rect && label && typeof label !== 'string') {
          const x = num(label, 'x');
          const inside =
            label.attrs.get('text-anchor') !== 'end' &&
            x >= num(rect, 'x') &&
            x < num(rect, 'x') + num(rect, 'width');
          if (inside) {
            const fill = rect.attrs.get('fill')!;
            const opacity = Number(rect.attrs.get('fill-opacity') ?? 1);
            // The transition hatch: white with grey stripes; text must read on both.
            behind = fill.startsWith('url(') ? ['#FFFFFF', '#8C8C8C'] : [over(fill, opacity)];
          }
        }
        walk(c, behind);
      }
    };
    walk(root, [BACKGROUND]);
    return out;
  }

  it('every text of every region chart and the task fixtures reaches 4.5:1 on what is behind it', async () => {
    const charts = await Promise.all([
      ...REGIONS.map((region) => buildTimelineChart([], { region })),
      buildTimelineChart([PLANNED_FILE, FORCED_FILE], { compare: true }),
    ]);
    let checked = 0;
    let onFills = 0;
    for (const svg of charts) {
      for (const t of textsOnBackgrounds(parseXml(svg))) {
        for (const bg of t.on) {
          expect(contrastRatio(t.fill, bg), `${t.text}: ${t.fill} on ${bg}`).toBeGreaterThanOrEqual(
            AA_TEXT,
          );
          checked++;
          if (bg !== BACKGROUND) onFills++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    expect(onFills).toBeGreaterThan(50);
  });
});

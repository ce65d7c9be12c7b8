/**
 * Gantt-style timeline charts as one self-contained SVG document: no fonts, images, scripts or
 * links from outside, a `<title>` and `<desc>`, every text escaped. Elements carry `data-*`
 * attributes (presence, lead, phase, handover) so the chart can be checked by machine.
 */
import { REGION_INFO, isRegion, type LeadDepartment } from '../domain/index.ts';
import { PRESENCE_KINDS } from '../domain/index.ts';
import {
  FONT,
  SIZES,
  bandBlockHeight,
  chooseMonthWidth,
  createMonthScale,
  estimateTextWidth,
  formatBudget,
  handoverLabel,
  labelLinesHeight,
  layoutRow,
  taskBandHeight,
  unionWindow,
  yearTicks,
  type BarLayout,
  type BandLayout,
  type MonthScale,
  type RowLayout,
  type TaskBandLayout,
  type TaskMarkLayout,
  type TimelineRow,
} from './layout.ts';
import {
  BACKGROUND,
  GRID,
  INK,
  KIND_COLOURS,
  KIND_LEGEND,
  LEAD_COLOURS,
  MARKER,
  MUTED_INK,
  PHASE_COLOURS,
  PHASE_LABELS,
  TASK_COLOURS,
} from './palette.ts';
import type { Phase } from '../../machines/country-types.ts';

export interface TimelineSvgOptions {
  /** The chart's heading and `<title>`; by default names the countries and the window. */
  title?: string;
  /** Extra text for `<desc>`, before the generated summary. */
  description?: string;
  /** Preferred width of one month in px (default 4); the chart stays within 480..1600 px. */
  monthWidth?: number;
}

const FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, Helvetica, sans-serif";
const PHASE_ORDER: Phase[] = [
  'nonMission',
  'specialPoliticalMission',
  'peacekeeping',
  'transition',
];

/**
 * Characters XML 1.0 cannot hold at all (C0 controls except tab, newline and carriage return,
 * lone surrogates, U+FFFE and U+FFFF) become U+FFFD; the five special ones become entities.
 */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0xd800 && code <= 0xdfff) ||
      code === 0xfffe ||
      code === 0xffff
    ) {
      out += '\uFFFD';
    } else out += ch;
  }
  return out;
}

type Attrs = Record<string, string | number | undefined>;

function attrs(values: Attrs): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
}

function el(name: string, values: Attrs, children?: string): string {
  return children === undefined
    ? `<${name}${attrs(values)}/>`
    : `<${name}${attrs(values)}>${children}</${name}>`;
}

function text(x: number, y: number, content: string, values: Attrs = {}): string {
  return el('text', { x, y, ...values }, escapeXml(content));
}

/** The chart's default heading. */
function defaultTitle(
  rows: readonly TimelineRow[],
  window: { start: string; end: string },
): string {
  const regions = [...new Set(rows.map((r) => r.scenario.region))];
  const who =
    rows.length === 1
      ? rows[0]!.scenario.country
      : regions.length === 1 && isRegion(regions[0])
        ? `${REGION_INFO[regions[0]].name}, ${rows.length} countries`
        : `${rows.length} countries`;
  return `${who}: UN presences and lead department, ${window.start} to ${window.end}`;
}

/** The line under the heading: which doctrine(s) the lead bands follow. */
function subtitle(rows: readonly TimelineRow[]): string {
  const doctrines = [...new Set(rows.flatMap((r) => r.timelines.map((t) => t.doctrine)))];
  const compared = rows.some((r) => r.timelines.length > 1);
  return compared
    ? `Lead department compared under the doctrines ${doctrines.join(' and ')}; the regional ASG team stays throughout.`
    : `Lead department under the doctrine ${doctrines.join(', ')}; the regional ASG team stays throughout.`;
}

/** A plain-language summary of every row for `<desc>`. */
function describe(rows: readonly RowLayout[]): string {
  return rows
    .map((r) => {
      const bands = r.bands
        .map((b) => {
          const hs = b.markers.map((m) => handoverLabel(m)).join(', ');
          return `${b.doctrine}: ${hs === '' ? 'no handover' : `handovers ${hs}`}`;
        })
        .join('; ');
      const tasks = r.taskBands.map((b) => describeTaskBand(b)).join(' ');
      return `${r.country} (team ${r.team}, ${r.window.start} to ${r.window.end}): ${r.bars.length} presences (${r.bars.map((b) => b.name).join(', ')}); ${bands}.${tasks === '' ? '' : ` ${tasks}`}`;
    })
    .join(' ');
}

/** The task band in words: plans, handovers, orphaned tasks, budget and cliffs. */
function describeTaskBand(band: TaskBandLayout): string {
  const parts: string[] = [];
  const of = (kind: TaskMarkLayout['kind']) => band.marks.filter((m) => m.kind === kind);
  if (band.tasks) {
    const plans = of('plan').map((m) => m.title);
    const handed = of('handover').map((m) => m.title);
    const orphaned = of('orphaned').map((m) => m.title);
    const held = band.held === '' ? '' : ` Mandated tasks held: ${band.held}.`;
    parts.push(
      `Tasks${band.doctrine === null ? '' : ` (${band.doctrine})`}: ${
        [...plans, ...handed, ...orphaned].join('; ') || 'no task handed over or orphaned'
      }.${held}`,
    );
  }
  if (band.funding) {
    const steps = band.funding.steps
      .map((s) => `${formatBudget(s.assessed)} from ${s.from} to ${s.to}`)
      .join(', ');
    const cliffs = band.funding.cliffs.map((c) => ` ${c.title}.`).join('');
    parts.push(`Assessed budget in force, USD M/yr: ${steps}.${cliffs}`);
  }
  return parts.join(' ');
}

function renderAxis(scale: MonthScale, y: number, top: boolean): string {
  const ticks = yearTicks(scale);
  const parts: string[] = [];
  const lineY = top ? y + SIZES.axisHeight - 4 : y + 4;
  parts.push(
    el('line', {
      x1: scale.x0,
      y1: lineY,
      x2: scale.x0 + scale.width,
      y2: lineY,
      stroke: INK,
      'stroke-width': 1,
    }),
  );
  for (const t of ticks) {
    const len = t.labelled ? 6 : 3;
    const y2 = top ? lineY - len : lineY + len;
    parts.push(el('line', { x1: t.x, y1: lineY, x2: t.x, y2, stroke: INK, 'stroke-width': 1 }));
    if (t.labelled) {
      const ty = top ? lineY - 9 : lineY + 19;
      parts.push(
        text(t.x, ty, String(t.year), {
          'text-anchor': 'middle',
          'font-size': FONT.small,
          fill: INK,
        }),
      );
    }
  }
  return el('g', { 'data-axis': top ? 'top' : 'bottom' }, parts.join(''));
}

function renderGrid(scale: MonthScale, y1: number, y2: number): string {
  const lines = yearTicks(scale)
    .filter((t) => t.labelled)
    .map((t) => el('line', { x1: t.x, y1, x2: t.x, y2, stroke: GRID, 'stroke-width': 1 }));
  return el('g', { 'data-grid': 'years' }, lines.join(''));
}

function renderBar(bar: BarLayout, y: number): string {
  const swatch = KIND_COLOURS[bar.kind];
  const dashed = bar.confidence !== 'high';
  const tooltip = [
    bar.title === undefined ? bar.name : `${bar.name}: ${bar.title}`,
    `${bar.kind}, ${bar.from} to ${bar.ongoing ? `${bar.to} (ongoing)` : bar.to}`,
    `confidence ${bar.confidence}`,
  ].join('\n');
  const rect = el('rect', {
    x: bar.x,
    y,
    width: Math.max(bar.width, 1),
    height: SIZES.barHeight,
    rx: 2,
    fill: swatch.fill,
    'fill-opacity': dashed ? 0.55 : 1,
    stroke: dashed ? INK : swatch.fill,
    'stroke-width': dashed ? 1.5 : 1,
    'stroke-dasharray': dashed ? '4 3' : undefined,
  });
  const inside = bar.label.placement === 'inside';
  const label = text(bar.label.x, y + SIZES.barHeight - 5, bar.name, {
    'font-size': FONT.label,
    fill: inside && !dashed ? swatch.text : INK,
    'text-anchor': bar.label.placement === 'left' ? 'end' : undefined,
  });
  return el(
    'g',
    {
      'data-presence': bar.name,
      'data-kind': bar.kind,
      'data-from': bar.from,
      'data-to': bar.to,
      'data-confidence': bar.confidence,
    },
    el('title', {}, escapeXml(tooltip)) + rect + label,
  );
}

function renderBand(
  band: BandLayout,
  country: string,
  y: number,
  scale: MonthScale,
  label: string,
): string {
  const parts: string[] = [];
  parts.push(
    text(scale.x0 - 8, y + SIZES.bandHeight - 4, label, {
      'text-anchor': 'end',
      'font-size': FONT.small,
      fill: INK,
    }),
  );
  for (const s of band.segments) {
    const swatch = LEAD_COLOURS[s.value];
    const content = `${s.value}`;
    const fits = estimateTextWidth(content, FONT.small) + 6 <= s.width;
    parts.push(
      el(
        'g',
        { 'data-lead': s.value, 'data-from': s.from, 'data-to': s.to },
        el('title', {}, escapeXml(`${s.value} leads, ${s.from} to ${s.to} (${band.doctrine})`)) +
          el('rect', { x: s.x, y, width: s.width, height: SIZES.bandHeight, fill: swatch.fill }) +
          (fits
            ? text(s.x + 4, y + SIZES.bandHeight - 4, content, {
                'font-size': FONT.small,
                fill: swatch.text,
              })
            : ''),
      ),
    );
  }
  const baseY = y + SIZES.bandHeight;
  for (const m of band.markers) {
    const t = SIZES.markerTriangle;
    const points = `${m.x},${baseY} ${m.x - t / 1.4},${baseY + t} ${m.x + t / 1.4},${baseY + t}`;
    parts.push(
      el(
        'g',
        { 'data-handover': `${m.from}→${m.to}`, 'data-at': m.at },
        el('polygon', { points, fill: MARKER }) +
          // The stem starts under the triangle, and only for a label below the first line.
          stemmedLabel(m, baseY, MARKER, { from: baseY + t, onFirstLine: false }),
      ),
    );
  }
  return el(
    'g',
    { 'data-band': 'lead', 'data-doctrine': band.doctrine, 'data-country': country },
    parts.join(''),
  );
}

/** The glyph of a task mark, centred on (x, cy). */
function taskGlyph(kind: TaskMarkLayout['kind'], x: number, cy: number): string {
  if (kind === 'handover') {
    return el('circle', { cx: x, cy, r: 4.5, fill: TASK_COLOURS.handover });
  }
  if (kind === 'orphaned') {
    const d = 4.5;
    const stroke = { stroke: TASK_COLOURS.orphaned, 'stroke-width': 2.5 };
    return (
      el('line', { x1: x - d, y1: cy - d, x2: x + d, y2: cy + d, ...stroke }) +
      el('line', { x1: x - d, y1: cy + d, x2: x + d, y2: cy - d, ...stroke })
    );
  }
  const d = 5;
  return el('polygon', {
    points: `${x},${cy - d} ${x + d},${cy} ${x},${cy + d} ${x - d},${cy}`,
    fill: BACKGROUND,
    stroke: TASK_COLOURS.plan,
    'stroke-width': 1.5,
  });
}

/**
 * A label under a strip, at `line`, with a stem up to the strip (or up to `stem.from`; with
 * `onFirstLine: false`, a label on the first line has none).
 */
function stemmedLabel(
  item: { x: number; line: number; anchor: 'start' | 'end'; text: string },
  top: number,
  colour: string,
  stem: { from: number; onFirstLine: boolean } = { from: top, onFirstLine: true },
): string {
  const lineY = top + SIZES.markerTriangle + (item.line + 1) * SIZES.markerLine - 3;
  return (
    (item.line > 0 || stem.onFirstLine
      ? el('line', {
          x1: item.x,
          y1: stem.from,
          x2: item.x,
          y2: lineY - 10,
          stroke: colour,
          'stroke-width': 1,
        })
      : '') +
    text(item.anchor === 'start' ? item.x + 6 : item.x - 6, lineY, item.text, {
      'font-size': FONT.small,
      fill: colour === TASK_COLOURS.orphaned || colour === TASK_COLOURS.cliff ? colour : INK,
      'text-anchor': item.anchor === 'end' ? 'end' : undefined,
    })
  );
}

/**
 * The task band under the lead band(s): a strip with a mark per plan, task handover and orphaned
 * task (labels in lines below), then, where the timeline has funding, the assessed budget as a
 * step line over a shaded area with each funding cliff marked by a dashed line.
 */
function renderTaskBand(
  band: TaskBandLayout,
  country: string,
  y: number,
  scale: MonthScale,
): string {
  const out: string[] = [];
  const suffix = band.doctrine === null ? '' : `, ${band.doctrine}`;
  const doctrineAttr = band.doctrine ?? undefined;
  let cursor = y;
  if (band.tasks) {
    const parts: string[] = [
      text(scale.x0 - 8, cursor + SIZES.bandHeight - 4, `tasks${suffix}`, {
        'text-anchor': 'end',
        'font-size': FONT.small,
        fill: INK,
      }),
      el(
        'g',
        { 'data-held': band.held },
        el(
          'title',
          {},
          escapeXml(
            band.held === '' ? 'No mandated task recorded' : `Mandated tasks held: ${band.held}`,
          ),
        ) +
          el('rect', {
            x: scale.x0,
            y: cursor,
            width: scale.width,
            height: SIZES.bandHeight,
            fill: TASK_COLOURS.strip,
          }),
      ),
    ];
    const base = cursor + SIZES.bandHeight;
    const cy = cursor + SIZES.bandHeight / 2;
    for (const m of band.marks) {
      const colour =
        m.kind === 'orphaned'
          ? TASK_COLOURS.orphaned
          : m.kind === 'handover'
            ? TASK_COLOURS.handover
            : TASK_COLOURS.plan;
      const data =
        m.kind === 'handover'
          ? { 'data-task-handover': m.task, 'data-receiver': m.to }
          : m.kind === 'orphaned'
            ? { 'data-task-orphaned': m.task, 'data-cause': m.cause }
            : { 'data-plan': m.presence, 'data-gender': String(m.gender) };
      parts.push(
        el(
          'g',
          { ...data, 'data-task-presence': m.presence, 'data-at': m.at },
          el('title', {}, escapeXml(m.title)) +
            stemmedLabel({ ...m }, base, colour) +
            taskGlyph(m.kind, m.x, cy),
        ),
      );
    }
    out.push(
      el(
        'g',
        { 'data-band': 'tasks', 'data-doctrine': doctrineAttr, 'data-country': country },
        parts.join(''),
      ),
    );
    cursor += SIZES.bandHeight + labelLinesHeight(band.markLines);
  }
  const f = band.funding;
  if (f) {
    const top = cursor;
    const bottom = top + SIZES.fundingHeight;
    const yOf = (v: number) =>
      Math.round((bottom - (Math.max(0, v) / f.max) * (SIZES.fundingHeight - 13)) * 100) / 100;
    const parts: string[] = [
      text(scale.x0 - 8, top + 14, `budget${suffix}`, {
        'text-anchor': 'end',
        'font-size': FONT.small,
        fill: INK,
      }),
      text(scale.x0 - 8, top + 28, 'USD M/yr', {
        'text-anchor': 'end',
        'font-size': FONT.small,
        fill: MUTED_INK,
      }),
      el('line', {
        x1: scale.x0,
        y1: bottom,
        x2: scale.x0 + scale.width,
        y2: bottom,
        stroke: GRID,
        'stroke-width': 1,
      }),
    ];
    let line = '';
    f.steps.forEach((s, i) => {
      const sy = yOf(s.assessed);
      line += `${i === 0 ? 'M' : 'L'}${s.x},${sy} L${s.x + s.width},${sy} `;
    });
    for (const s of f.steps) {
      const sy = yOf(s.assessed);
      const label = formatBudget(s.assessed);
      const fits = s.assessed > 0 && estimateTextWidth(label, FONT.small) + 6 <= s.width;
      parts.push(
        el(
          'g',
          { 'data-assessed': s.assessed, 'data-from': s.from, 'data-to': s.to },
          el(
            'title',
            {},
            escapeXml(`Assessed budget in force: USD ${label} M/yr, ${s.from} to ${s.to}`),
          ) +
            el('rect', {
              x: s.x,
              y: sy,
              width: s.width,
              height: Math.round((bottom - sy) * 100) / 100,
              fill: TASK_COLOURS.fundingArea,
            }) +
            (fits ? text(s.x + 3, sy - 2, label, { 'font-size': FONT.small, fill: INK }) : ''),
        ),
      );
    }
    parts.push(
      el('path', {
        d: line.trim(),
        fill: 'none',
        stroke: TASK_COLOURS.fundingLine,
        'stroke-width': 1.5,
      }),
    );
    for (const c of f.cliffs) {
      const t = SIZES.markerTriangle;
      parts.push(
        el(
          'g',
          {
            'data-cliff': c.presence,
            'data-last-assessed': c.lastAssessed,
            'data-horizon': c.horizon,
            'data-fall': c.fall,
          },
          el('title', {}, escapeXml(c.title)) +
            el('line', {
              x1: c.x,
              y1: top,
              x2: c.x,
              y2: bottom,
              stroke: TASK_COLOURS.cliff,
              'stroke-width': 1.5,
              'stroke-dasharray': '3 2',
            }) +
            el('line', {
              x1: c.x,
              y1: bottom - 1,
              x2: c.xHorizon,
              y2: bottom - 1,
              stroke: TASK_COLOURS.cliff,
              'stroke-width': 2,
            }) +
            el('polygon', {
              points: `${c.x},${bottom + t} ${c.x - t / 1.4},${bottom} ${c.x + t / 1.4},${bottom}`,
              fill: TASK_COLOURS.cliff,
            }) +
            stemmedLabel({ ...c }, bottom, TASK_COLOURS.cliff),
        ),
      );
    }
    out.push(
      el(
        'g',
        { 'data-band': 'funding', 'data-doctrine': doctrineAttr, 'data-country': country },
        parts.join(''),
      ),
    );
  }
  return out.join('\n');
}

function renderPhases(row: RowLayout, y: number, scale: MonthScale): string {
  const parts: string[] = [
    text(scale.x0 - 8, y + SIZES.phaseHeight - 4, 'phase', {
      'text-anchor': 'end',
      'font-size': FONT.small,
      fill: INK,
    }),
  ];
  for (const s of row.phases) {
    const colour = PHASE_COLOURS[s.value];
    const labels = PHASE_LABELS[s.value];
    const label = [labels.long, labels.short].find(
      (l) => estimateTextWidth(l, FONT.small) + 6 <= s.width,
    );
    parts.push(
      el(
        'g',
        { 'data-phase': s.value, 'data-from': s.from, 'data-to': s.to },
        el('title', {}, escapeXml(`${labels.long}, ${s.from} to ${s.to}`)) +
          el('rect', {
            x: s.x,
            y,
            width: s.width,
            height: SIZES.phaseHeight,
            fill: colour.pattern === undefined ? colour.fill : `url(#${colour.pattern})`,
            stroke: GRID,
            'stroke-width': 0.5,
          }) +
          (label === undefined
            ? ''
            : text(s.x + 3, y + SIZES.phaseHeight - 4, label, {
                'font-size': FONT.small,
                fill: colour.text,
              })),
      ),
    );
  }
  return el('g', { 'data-band': 'phase', 'data-country': row.country }, parts.join(''));
}

function renderRow(
  row: RowLayout,
  y: number,
  scale: MonthScale,
  compare: boolean,
  width: number,
): string {
  const parts: string[] = [];
  const heading = row.country;
  parts.push(
    text(SIZES.margin, y + 16, heading, {
      'font-size': FONT.heading,
      'font-weight': 'bold',
      fill: INK,
    }),
  );
  parts.push(
    text(
      SIZES.margin + estimateTextWidth(heading, FONT.heading, true) + 12,
      y + 16,
      `team ${row.team} (${row.asg})`,
      {
        'font-size': FONT.label,
        fill: MUTED_INK,
        'data-team': row.team,
      },
    ),
  );
  let cursor = y + SIZES.header;
  for (const bar of row.bars) {
    parts.push(renderBar(bar, cursor + bar.lane * (SIZES.barHeight + SIZES.laneGap)));
  }
  cursor += Math.max(1, row.lanes) * (SIZES.barHeight + SIZES.laneGap) + 4;
  for (const band of row.bands) {
    const label = compare ? `lead, ${band.doctrine}` : 'lead';
    parts.push(renderBand(band, row.country, cursor, scale, label));
    cursor += bandBlockHeight(band);
  }
  for (const band of row.taskBands) {
    parts.push(renderTaskBand(band, row.country, cursor, scale));
    cursor += taskBandHeight(band);
  }
  parts.push(renderPhases(row, cursor, scale));
  cursor += SIZES.phaseHeight + SIZES.rowGap / 2;
  parts.push(
    el('line', {
      x1: SIZES.margin,
      y1: cursor,
      x2: width - SIZES.margin,
      y2: cursor,
      stroke: GRID,
    }),
  );
  return el(
    'g',
    {
      'data-row': row.country,
      'data-team': row.team,
      'data-window': `${row.window.start}/${row.window.end}`,
    },
    `\n${parts.join('\n')}\n`,
  );
}

interface LegendItem {
  swatch: string;
  label: string;
}

/** What the task band draws, for the legend: tasks (marks), funding (budget), or neither. */
interface TaskLegend {
  tasks: boolean;
  funding: boolean;
}

function taskLegendItems(which: TaskLegend): LegendItem[] {
  const items: LegendItem[] = [];
  if (which.tasks) {
    items.push(
      { swatch: taskGlyph('handover', 7, 7), label: 'task handed over (task→receiver, month)' },
      { swatch: taskGlyph('orphaned', 7, 7), label: 'task orphaned, no receiver (cause)' },
      { swatch: taskGlyph('plan', 7, 7), label: 'transition plan adopted (WPS: gender element)' },
    );
  }
  if (which.funding) {
    items.push(
      {
        swatch:
          el('rect', { x: 0, y: 5, width: 14, height: 9, fill: TASK_COLOURS.fundingArea }) +
          el('line', {
            x1: 0,
            y1: 5,
            x2: 14,
            y2: 5,
            stroke: TASK_COLOURS.fundingLine,
            'stroke-width': 1.5,
          }),
        label: 'assessed budget in force (USD M/yr)',
      },
      {
        swatch: el('line', {
          x1: 7,
          y1: 0,
          x2: 7,
          y2: 14,
          stroke: TASK_COLOURS.cliff,
          'stroke-width': 1.5,
          'stroke-dasharray': '3 2',
        }),
        label: 'funding cliff (fall over the 12 months after the last assessed month)',
      },
    );
  }
  return items;
}

function legendItems(
  which: TaskLegend = { tasks: false, funding: false },
): { heading: string; items: LegendItem[] }[] {
  const box = (fill: string, extra: Attrs = {}) =>
    el('rect', { x: 0, y: 0, width: 14, height: 14, rx: 2, fill, ...extra });
  return [
    {
      heading: 'Presence',
      items: [
        ...PRESENCE_KINDS.map((k) => ({
          swatch: box(KIND_COLOURS[k].fill),
          label: KIND_LEGEND[k],
        })),
        {
          swatch: box('#FFFFFF', { stroke: INK, 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }),
          label: 'dashed outline: confidence medium or low',
        },
      ],
    },
    {
      heading: 'Lead',
      items: [
        ...(['DPO', 'DPPA', 'DPKO', 'DPA'] as LeadDepartment[]).map((d) => ({
          swatch: box(LEAD_COLOURS[d].fill),
          label: d,
        })),
        {
          swatch: el('polygon', { points: '7,2 1,12 13,12', fill: MARKER }),
          label: 'handover of the lead (from→to, first month)',
        },
      ],
    },
    {
      heading: 'Phase',
      items: PHASE_ORDER.map((p) => {
        const c = PHASE_COLOURS[p];
        const fill = c.pattern === undefined ? c.fill : `url(#${c.pattern})`;
        return { swatch: box(fill, { stroke: GRID }), label: PHASE_LABELS[p].long };
      }),
    },
    ...(which.tasks || which.funding ? [{ heading: 'Tasks', items: taskLegendItems(which) }] : []),
  ];
}

/** Legend in flowing lines within `width`; returns its markup and height. */
function renderLegend(
  x0: number,
  y0: number,
  width: number,
  which: TaskLegend,
): { svg: string; height: number } {
  const parts: string[] = [];
  let y = y0;
  for (const group of legendItems(which)) {
    let x = x0;
    parts.push(
      text(x, y + 12, `${group.heading}:`, {
        'font-size': FONT.label,
        'font-weight': 'bold',
        fill: INK,
      }),
    );
    x += estimateTextWidth(`${group.heading}:`, FONT.label, true) + 10;
    for (const item of group.items) {
      const w = 20 + estimateTextWidth(item.label, FONT.label) + 16;
      if (x + w > x0 + width && x > x0 + 90) {
        x = x0 + 90;
        y += 20;
      }
      x = Math.round(x);
      parts.push(el('g', { transform: `translate(${x},${y})` }, item.swatch));
      parts.push(text(x + 20, y + 12, item.label, { 'font-size': FONT.label, fill: INK }));
      x += w;
    }
    y += 22;
  }
  return { svg: el('g', { 'data-legend': 'true' }, parts.join('')), height: y - y0 };
}

function defs(): string {
  const hatch = el(
    'pattern',
    {
      id: 'phase-transition-hatch',
      width: 6,
      height: 6,
      patternUnits: 'userSpaceOnUse',
      patternTransform: 'rotate(45)',
    },
    el('rect', { width: 6, height: 6, fill: '#FFFFFF' }) +
      el('line', { x1: 0, y1: 0, x2: 0, y2: 6, stroke: '#8C8C8C', 'stroke-width': 2.5 }),
  );
  return el('defs', {}, hatch);
}

/**
 * Renders countries as one Gantt-style SVG chart on a common month axis: for each row, one bar per
 * presence (coloured by kind, dashed when its confidence is medium or low), a lead band per
 * timeline (two when comparing doctrines) with a marker at every handover, and the phase strip.
 */
export function renderTimelineSvg(
  rows: readonly TimelineRow[],
  options: TimelineSvgOptions = {},
): string {
  if (rows.length === 0) throw new RangeError('no country to draw');
  const window = unionWindow(rows.flatMap((r) => r.timelines.map((t) => t.window)));
  const months = createMonthScale(window, 0, 1).months;
  const monthWidth = chooseMonthWidth(months, options.monthWidth);
  const x0 = SIZES.margin + SIZES.gutter;
  const scale = createMonthScale(window, x0, monthWidth);
  const layouts = rows.map((r) => layoutRow(r, scale));
  const compare = rows.some((r) => r.timelines.length > 1);

  // Labels may run past the chart's right edge (bounded in layout); make room for them.
  let right = x0 + scale.width;
  for (const r of layouts) {
    for (const b of r.bars) {
      if (b.label.placement === 'right')
        right = Math.max(right, b.label.x + estimateTextWidth(b.name, FONT.label));
    }
    // Every label packed under a strip: handover markers, task marks, funding cliffs.
    const labels = [
      ...r.bands.flatMap((band) => band.markers),
      ...r.taskBands.flatMap((band) => [...band.marks, ...(band.funding?.cliffs ?? [])]),
    ];
    for (const m of labels) {
      if (m.anchor === 'start')
        right = Math.max(right, m.x + 6 + estimateTextWidth(m.text, FONT.small));
    }
  }
  const title = options.title ?? defaultTitle(rows, window);
  const sub = subtitle(rows);
  const width = Math.ceil(
    Math.max(
      right + SIZES.margin,
      SIZES.margin * 2 + estimateTextWidth(title, FONT.title, true),
      SIZES.margin * 2 + estimateTextWidth(sub, FONT.label),
      720,
    ),
  );

  const body: string[] = [];
  let y = SIZES.margin;
  body.push(
    text(SIZES.margin, y + FONT.title, title, {
      'font-size': FONT.title,
      'font-weight': 'bold',
      fill: INK,
    }),
  );
  y += FONT.title + 6;
  body.push(text(SIZES.margin, y + FONT.label, sub, { 'font-size': FONT.label, fill: MUTED_INK }));
  y += FONT.label + 8;
  const axisTop = y;
  body.push(renderAxis(scale, y, true));
  y += SIZES.axisHeight + 6;
  const rowParts: string[] = [];
  for (const layout of layouts) {
    rowParts.push(renderRow(layout, y, scale, compare, width));
    y += layout.height;
  }
  body.push(renderGrid(scale, axisTop + SIZES.axisHeight - 4, y));
  body.push(...rowParts);
  if (layouts.length > 1) {
    body.push(renderAxis(scale, y - SIZES.rowGap / 2, false));
    y += SIZES.axisHeight;
  }
  y += 8;
  const taskBands = layouts.flatMap((l) => l.taskBands);
  const legend = renderLegend(SIZES.margin, y, width - SIZES.margin * 2, {
    tasks: taskBands.some((b) => b.tasks),
    funding: taskBands.some((b) => b.funding !== undefined),
  });
  body.push(legend.svg);
  y += legend.height + SIZES.margin;
  const height = Math.ceil(y);

  const desc = [options.description, describe(layouts)]
    .filter((d) => d !== undefined && d !== '')
    .join(' ');
  const header = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const svg = el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-labelledby': 'timeline-title timeline-desc',
      'font-family': FONT_FAMILY,
      'data-window': `${window.start}/${window.end}`,
      'data-mode': compare ? 'compare' : 'single',
    },
    el('title', { id: 'timeline-title' }, escapeXml(title)) +
      el('desc', { id: 'timeline-desc' }, escapeXml(desc)) +
      defs() +
      el('rect', { x: 0, y: 0, width, height, fill: BACKGROUND }) +
      '\n' +
      body.join('\n') +
      '\n',
  );
  return `${header}${svg}\n`;
}

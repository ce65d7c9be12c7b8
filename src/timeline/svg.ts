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
  handoverLabel,
  layoutRow,
  unionWindow,
  yearTicks,
  type BarLayout,
  type BandLayout,
  type MonthScale,
  type RowLayout,
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
      return `${r.country} (team ${r.team}, ${r.window.start} to ${r.window.end}): ${r.bars.length} presences (${r.bars.map((b) => b.name).join(', ')}); ${bands}.`;
    })
    .join(' ');
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
    const lineY = baseY + t + (m.line + 1) * SIZES.markerLine - 3;
    const stem =
      m.line > 0
        ? el('line', {
            x1: m.x,
            y1: baseY + t,
            x2: m.x,
            y2: lineY - 10,
            stroke: MARKER,
            'stroke-width': 1,
          })
        : '';
    parts.push(
      el(
        'g',
        { 'data-handover': `${m.from}→${m.to}`, 'data-at': m.at },
        el('polygon', { points, fill: MARKER }) +
          stem +
          text(m.anchor === 'start' ? m.x + 6 : m.x - 6, lineY, m.text, {
            'font-size': FONT.small,
            fill: INK,
            'text-anchor': m.anchor === 'end' ? 'end' : undefined,
          }),
      ),
    );
  }
  return el(
    'g',
    { 'data-band': 'lead', 'data-doctrine': band.doctrine, 'data-country': country },
    parts.join(''),
  );
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

function legendItems(): { heading: string; items: LegendItem[] }[] {
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
  ];
}

/** Legend in flowing lines within `width`; returns its markup and height. */
function renderLegend(x0: number, y0: number, width: number): { svg: string; height: number } {
  const parts: string[] = [];
  let y = y0;
  for (const group of legendItems()) {
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
    for (const band of r.bands) {
      for (const m of band.markers) {
        if (m.anchor === 'start')
          right = Math.max(right, m.x + 6 + estimateTextWidth(m.text, FONT.small));
      }
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
  const legend = renderLegend(SIZES.margin, y, width - SIZES.margin * 2);
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

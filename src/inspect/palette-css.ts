/**
 * The inspector's colours, generated from the one palette the SVG timelines use
 * (src/timeline/palette.ts): lead departments, phases and presence kinds as CSS custom
 * properties, served as `/palette.css`. Nothing is repeated by hand in the page's stylesheet.
 */
import { KIND_COLOURS, LEAD_COLOURS, PHASE_COLOURS, type Swatch } from '../timeline/palette.ts';

function vars(prefix: string, table: Record<string, Swatch>): string[] {
  return Object.entries(table).flatMap(([key, swatch]) => [
    `  --${prefix}-${key}: ${swatch.fill};`,
    `  --${prefix}-${key}-text: ${swatch.text};`,
  ]);
}

/** `/palette.css`: `--lead-DPO`, `--phase-peacekeeping`, `--kind-pko`, each with a `-text` colour. */
export function paletteCss(): string {
  return [
    '/* Generated from src/timeline/palette.ts (shared with the SVG timelines). Do not edit. */',
    ':root {',
    ...vars('lead', LEAD_COLOURS),
    ...vars('phase', PHASE_COLOURS),
    ...vars('kind', KIND_COLOURS),
    '}',
    '',
  ].join('\n');
}

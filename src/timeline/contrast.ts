/**
 * WCAG 2 contrast of two sRGB colours, and the text colour that reads on a fill: what the tests
 * check the chart's palette with (its text colours are chosen to pass, so the chart draws them as
 * they are), and what a caller with colours of its own can pick text colours by.
 */
import { INK } from './palette.ts';

/** WCAG AA for normal text (the chart's text is 11 to 18 px, none of it "large"). */
export const AA_TEXT = 4.5;

function channel(hex: string, at: number): number {
  const v = parseInt(hex.slice(at, at + 2), 16) / 255;
  return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

function parseHex(colour: string): string {
  const m = /^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$/.exec(colour);
  if (!m) throw new RangeError(`not a #rgb or #rrggbb colour: ${colour}`);
  const h = m[1]!;
  return h.length === 3 ? [...h].map((c) => c + c).join('') : h;
}

/** Relative luminance (WCAG 2), 0 for black to 1 for white. */
export function relativeLuminance(colour: string): number {
  const h = parseHex(colour);
  return 0.2126 * channel(h, 0) + 0.7152 * channel(h, 2) + 0.0722 * channel(h, 4);
}

/** Contrast ratio (WCAG 2), 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `preferred` if it reads on `fill` at 4.5:1, else the first of ink, black, white that does. */
export function readableText(fill: string, preferred: string): string {
  if (contrastRatio(fill, preferred) >= AA_TEXT) return preferred;
  const candidates = [INK, '#000000', '#FFFFFF'];
  return (
    candidates.find((c) => contrastRatio(fill, c) >= AA_TEXT) ??
    candidates.reduce((best, c) => (contrastRatio(fill, c) > contrastRatio(fill, best) ? c : best))
  );
}

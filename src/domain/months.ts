/** Months are plain `YYYY-MM` strings; their ordinal (year * 12 + month - 1) orders them. */
export type Month = string;

/** `YYYY-MM` with a month 01-12 (what `/^(\d{4})-(0[1-9]|1[0-2])$/` accepts). */
export function isMonth(value: unknown): value is Month {
  return typeof value === 'string' && readMonthIndex(value) >= 0;
}

/** Code of the character `0`. */
const ZERO = 48;

/**
 * The ordinal of a month; throws on anything that is not `YYYY-MM` (month 01-12). Read digit by
 * digit (no regular expression): month arithmetic runs on every step of every country.
 */
export function toMonthIndex(month: Month): number {
  const index = typeof month === 'string' ? readMonthIndex(month) : -1;
  if (index < 0) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  return index;
}

/** The ordinal of `YYYY-MM`, or -1 when the text is not one. */
function readMonthIndex(month: string): number {
  if (month.length === 7 && month.charCodeAt(4) === 45) {
    const y0 = month.charCodeAt(0) - ZERO;
    const y1 = month.charCodeAt(1) - ZERO;
    const y2 = month.charCodeAt(2) - ZERO;
    const y3 = month.charCodeAt(3) - ZERO;
    const m0 = month.charCodeAt(5) - ZERO;
    const m1 = month.charCodeAt(6) - ZERO;
    if (isDigit(y0) && isDigit(y1) && isDigit(y2) && isDigit(y3) && isDigit(m0) && isDigit(m1)) {
      const m = m0 * 10 + m1;
      if (m >= 1 && m <= 12) return (((y0 * 10 + y1) * 10 + y2) * 10 + y3) * 12 + m - 1;
    }
  }
  return -1;
}

function isDigit(d: number): boolean {
  return d >= 0 && d <= 9;
}

export function fromMonthIndex(index: number): Month {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(month: Month, count: number): Month {
  return fromMonthIndex(toMonthIndex(month) + count);
}

/** Number of months from `from` to `to` inclusive. */
export function countMonths(from: Month, to: Month): number {
  return toMonthIndex(to) - toMonthIndex(from) + 1;
}

export function compareMonths(a: Month, b: Month): number {
  return toMonthIndex(a) - toMonthIndex(b);
}

/** Months are plain `YYYY-MM` strings; their ordinal (year * 12 + month - 1) orders them. */
export type Month = string;

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(value: unknown): value is Month {
  return typeof value === 'string' && MONTH_PATTERN.test(value);
}

export function toMonthIndex(month: Month): number {
  const match = MONTH_PATTERN.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(month)}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
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

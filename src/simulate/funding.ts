/**
 * The funding cliff (issue 12), one computation for `replay` and the Monte Carlo summary: when a
 * presence with an assessed budget ends, the budget in force in its last month against 12 months
 * later (or the window's last month, when sooner).
 */
import { fromMonthIndex, toMonthIndex, type Month } from '../domain/index.ts';

/**
 * The funding cliff when a presence with a budget ends: the assessed budget in force in its last
 * month, and 12 months later (or at the window's end, when sooner: `horizon` says which month).
 */
export interface FundingCliff {
  presence: string;
  lastAssessed: Month;
  horizon: Month;
  before: number;
  after: number;
  fall: number;
  /** `fall / before`, 0..1. */
  share: number;
}

/** A presence's budget over the months it is present (`to` null: to the window's end). */
export interface BudgetSpan {
  presence: string;
  from: Month;
  to: Month | null;
  /** USD millions per year. */
  budget: number;
}

/** USD millions, to one decimal. */
export const roundMoney = (x: number): number => Math.round(x * 10) / 10;

/** The assessed budget in force in `month` (an index), over the spans. */
function getBudgetInForce(spans: readonly BudgetSpan[], month: number, end: number): number {
  let sum = 0;
  for (const s of spans) {
    const to = s.to === null ? end : toMonthIndex(s.to);
    if (toMonthIndex(s.from) <= month && month <= to) sum += s.budget;
  }
  return roundMoney(sum);
}

/** One cliff per span that ends inside the window (before its last month). */
export function getFundingCliffs(
  spans: readonly BudgetSpan[],
  window: { start: Month; end: Month },
): FundingCliff[] {
  const start = toMonthIndex(window.start);
  const end = toMonthIndex(window.end);
  const cliffs: FundingCliff[] = [];
  for (const s of spans) {
    if (s.to === null) continue;
    const last = toMonthIndex(s.to);
    if (last < toMonthIndex(s.from) || last < start || last >= end) continue;
    const horizon = Math.min(last + 12, end);
    const before = getBudgetInForce(spans, last, end);
    const after = getBudgetInForce(spans, horizon, end);
    const fall = roundMoney(before - after);
    cliffs.push({
      presence: s.presence,
      lastAssessed: s.to,
      horizon: fromMonthIndex(horizon),
      before,
      after,
      fall,
      share: before > 0 ? Math.round((fall / before) * 1000) / 1000 : 0,
    });
  }
  return cliffs;
}

/**
 * The regional ASGs' portfolios at one month: each bundled country with its phase, lead
 * department, and the USG its regional ASG reports to (copying the other), from the replay of
 * its scenario. Pure: scenarios in, plain JSON out.
 */
import type { Phase } from '../../machines/country-types.ts';
import { getUsg } from '../../machines/pillar-logic.ts';
import type { Usg } from '../../machines/pillar-types.ts';
import {
  getOtherDepartment,
  isMonth,
  toCurrentDepartment,
  type LeadDepartment,
  type Doctrine,
  type Month,
  type Region,
} from '../domain/index.ts';
import {
  getRegionalAsg,
  type CrossRegionalAsgConfig,
  type PillarStructure,
} from '../domain/structure.ts';
import type { Scenario } from '../scenario/types.ts';
import { replayScenario } from '../simulate/replay.ts';

/** The month the adopted structure came into force: the default of `pillar portfolio --at`. */
export const DEFAULT_PORTFOLIO_MONTH: Month = '2019-01';

/** One country in a regional ASG's portfolio at the month. */
export interface PortfolioRow {
  id: string;
  country: string;
  region: Region;
  /** Null when the month is outside the scenario's window (nothing is known then). */
  phase: Phase | null;
  stage: string | null;
  presences: string[];
  lead: LeadDepartment | null;
  reportsTo: Usg | null;
  copyTo: Usg | null;
  window: { start: Month; end: Month };
}

export type UsgCounts = Record<Usg, number>;

export interface AsgPortfolioView {
  region: Region;
  name: string;
  asg: string;
  countries: PortfolioRow[];
  counts: UsgCounts;
  /** Countries whose scenario window does not cover the month. */
  outside: number;
}

export interface Portfolio {
  month: Month;
  doctrine: Doctrine;
  structure: string;
  asgs: AsgPortfolioView[];
  counts: UsgCounts;
  outside: number;
  crossRegional: CrossRegionalAsgConfig[];
  /** Countries whose region the structure has no ASG for. */
  unassigned: string[];
}

export interface PortfolioOptions {
  month: Month;
  doctrine: Doctrine;
  structure: PillarStructure;
  /** Only these regions (default: every region of the structure). */
  regions?: readonly Region[];
}

function zero(): UsgCounts {
  return { 'USG/DPPA': 0, 'USG/DPO': 0 };
}

/** The row of one scenario at `month` under `doctrine`. */
export function getPortfolioRow(
  id: string,
  scenario: Scenario,
  month: Month,
  doctrine: Doctrine,
): PortfolioRow {
  const timeline = replayScenario(scenario, { doctrine });
  const state = timeline.months.find((m) => m.month === month);
  const base = { id, country: scenario.country, region: scenario.region, window: timeline.window };
  if (!state) {
    return {
      ...base,
      phase: null,
      stage: null,
      presences: [],
      lead: null,
      reportsTo: null,
      copyTo: null,
    };
  }
  return {
    ...base,
    phase: state.phase,
    stage: state.stage,
    presences: state.presences,
    lead: state.lead,
    // Before 2019-01 (historical) the lead's line gives the USG that heads it from 2019.
    reportsTo: getUsg(toCurrentDepartment(state.lead)),
    copyTo: getUsg(getOtherDepartment(toCurrentDepartment(state.lead))),
  };
}

/**
 * Every regional ASG's portfolio at `options.month`, with per-USG counts.
 * @throws RangeError when `options.month` is not a month YYYY-MM (every country would otherwise
 * look outside its window).
 */
export function computePortfolio(
  entries: readonly { id: string; scenario: Scenario }[],
  options: PortfolioOptions,
): Portfolio {
  if (!isMonth(options.month)) {
    throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(options.month)}`);
  }
  const regions = options.structure.regions.filter(
    (r) => options.regions === undefined || options.regions.includes(r.region),
  );
  const asgs: AsgPortfolioView[] = regions.map((r) => ({
    region: r.region,
    name: r.name,
    asg: r.asg,
    countries: [],
    counts: zero(),
    outside: 0,
  }));
  const unassigned: string[] = [];
  for (const { id, scenario } of entries) {
    if (!getRegionalAsg(options.structure, scenario.region)) {
      unassigned.push(scenario.country);
      continue;
    }
    const view = asgs.find((a) => a.region === scenario.region);
    if (!view) continue;
    const row = getPortfolioRow(id, scenario, options.month, options.doctrine);
    view.countries.push(row);
    if (row.reportsTo === null) view.outside++;
    else view.counts[row.reportsTo]++;
  }
  const counts = zero();
  for (const a of asgs) {
    counts['USG/DPPA'] += a.counts['USG/DPPA'];
    counts['USG/DPO'] += a.counts['USG/DPO'];
  }
  return {
    month: options.month,
    doctrine: options.doctrine,
    structure: options.structure.id,
    asgs,
    counts,
    outside: asgs.reduce((n, a) => n + a.outside, 0),
    crossRegional: options.structure.crossRegional,
    unassigned,
  };
}

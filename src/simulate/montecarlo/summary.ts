/**
 * The summary of a run, aggregated from country records in index order (so it is the same
 * however the countries were computed), and its table for the terminal.
 */
import {
  EXIT_CAUSES,
  PHASES,
  type ExitCause,
  type Phase,
} from '../../../machines/country-types.ts';
import {
  REGIONS,
  SERVICES,
  fromMonthIndex,
  toMonthIndex,
  type Doctrine,
  type Region,
  type Service,
} from '../../domain/index.ts';
import type { CountryRecord, MissionRecord, RefusedRecord, ViolationRecord } from './trajectory.ts';
import { getFundingCliffs, type BudgetSpan } from '../funding.ts';

/** Mean and nearest-rank percentiles. */
export interface Distribution {
  count: number;
  mean: number;
  p10: number;
  p50: number;
  p90: number;
}

/** Nearest-rank quantiles of real values, with their extremes. */
export interface Quantiles {
  count: number;
  mean: number;
  min: number;
  p10: number;
  p50: number;
  p90: number;
  max: number;
}

/**
 * Tasks, plans and the funding cliff (issue 12), measured from the machines' records: present
 * when the model gives `tasks` or `budgets`. A share is null when there is nothing to divide.
 */
export interface TaskSummary {
  missions: { deployed: number; ended: number; tasks: number; tasksPerMission: number };
  /** Every plan the machines adopted, and those with a WPS / gender element. */
  plans: { adopted: number; withWps: number; wpsShare: number | null };
  /**
   * Completed planned exits: the missions holding tasks when withdrawn, those of them holding an
   * adopted plan with a WPS element (the model adopts one for each, so the share must be 1), and
   * where their tasks went.
   */
  plannedExits: {
    count: number;
    taskedMissions: number;
    withWpsPlan: number;
    wpsShare: number | null;
    tasks: number;
    handedOver: number;
    orphaned: number;
  };
  /** Completed forced exits: tasks still held, handed over, orphaned, and orphans per exit. */
  forcedExits: {
    count: number;
    tasks: number;
    handedOver: number;
    orphaned: number;
    orphanedShare: number | null;
    orphanedPerExit: Distribution;
    /** Forced exits by their number of orphaned tasks. */
    distribution: Record<string, number>;
  };
  /**
   * The cliff in each month in which budgeted missions ended in the window (one per country and
   * month, however many missions ended in it): the assessed budget in force in the country in that
   * month, minus the one 12 months later (or at the window's end): `fall` in USD millions per year,
   * `share` = fall / before (as replay's `funding.cliffs`).
   */
  fundingCliff: { count: number; fall: Quantiles; share: Quantiles };
}

export interface PhaseSummary {
  /** Country-months spent in the phase (month ends). */
  months: number;
  share: number;
  /** Months per country. */
  perCountry: Distribution;
  /**
   * Complete spells: those that began and ended inside the window, so their length is known. A
   * spell running at the first or last month (a country in one phase throughout) is not one.
   */
  completeSpells: Distribution;
}

export interface YearWorkload {
  year: number;
  /** Countries in a mission setting (mission or transition), averaged over the year's months. */
  mission: number;
  nonMission: number;
}

/** Where a refused event or a violation happened: enough to replay it. */
export type Located<T> = T & { seed: number; country: number };

export interface MonteCarloSummary {
  countries: number;
  years: number;
  seed: number;
  doctrine: Doctrine;
  model: string;
  window: { start: string; end: string };
  countryMonths: number;
  steps: number;
  phases: Record<Phase, PhaseSummary>;
  handovers: { total: number; perCountry: Distribution; distribution: Record<string, number> };
  transitions: Record<string, number>;
  relapses: { count: number; transitionsEntered: number; perTransition: number };
  forcedExits: { total: number; byCause: Record<ExitCause, number> };
  services: { total: number; byService: Record<Service, number> };
  workload: Record<Region, { countries: number; perYear: YearWorkload[] }>;
  /** Present when the model gives tasks or budgets. */
  tasks?: TaskSummary;
  refusedEvents: { count: number; first: Located<RefusedRecord>[] };
  invariantViolations: { count: number; first: Located<ViolationRecord>[] };
}

/** How many refused events and violations the summary lists (all are counted). */
export const LISTED = 100;

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Counts of integer values, for exact percentiles in little memory. */
class Histogram {
  private counts: number[] = [];
  private n = 0;
  private sum = 0;
  /** The sum of the values added. */
  get total(): number {
    return this.sum;
  }
  add(value: number): void {
    this.counts[value] = (this.counts[value] ?? 0) + 1;
    this.n++;
    this.sum += value;
  }
  private quantile(p: number): number {
    if (this.n === 0) return 0;
    const rank = Math.max(1, Math.ceil(p * this.n));
    let seen = 0;
    for (let v = 0; v < this.counts.length; v++) {
      seen += this.counts[v] ?? 0;
      if (seen >= rank) return v;
    }
    return this.counts.length - 1;
  }
  distribution(): Distribution {
    return {
      count: this.n,
      mean: this.n === 0 ? 0 : round(this.sum / this.n),
      p10: this.quantile(0.1),
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
    };
  }
  byValue(): Record<string, number> {
    const out: Record<string, number> = {};
    this.counts.forEach((c, v) => {
      if (c) out[String(v)] = c;
    });
    return out;
  }
}

/** Real values kept for exact quantiles (one per ended budgeted mission: few). */
class Values {
  private readonly values: number[] = [];
  add(value: number): void {
    this.values.push(value);
  }
  quantiles(digits: number): Quantiles {
    const sorted = [...this.values].sort((a, b) => a - b);
    const n = sorted.length;
    const at = (p: number) => (n === 0 ? 0 : (sorted[Math.max(1, Math.ceil(p * n)) - 1] as number));
    const sum = sorted.reduce((s, v) => s + v, 0);
    return {
      count: n,
      mean: n === 0 ? 0 : round(sum / n, digits),
      min: n === 0 ? 0 : (sorted[0] as number),
      p10: at(0.1),
      p50: at(0.5),
      p90: at(0.9),
      max: n === 0 ? 0 : (sorted[n - 1] as number),
    };
  }
}

/**
 * The funding cliffs of one country: one per month in which budgeted missions ended in the
 * window, as replay computes it (`getFundingCliffs` in src/simulate/funding.ts). Missions ending
 * in the same month (a forced exit withdraws them all) make one cliff, the country's fall, not
 * one each, which would count that fall once per mission.
 */
export function getMissionCliffs(
  missions: readonly MissionRecord[],
  windowEnd: number,
): { fall: number; share: number }[] {
  const spans: BudgetSpan[] = [];
  for (const m of missions) {
    if (m.budget !== undefined) {
      spans.push({ presence: m.name, from: m.from, to: m.to, budget: m.budget });
    }
  }
  const window = { start: fromMonthIndex(0), end: fromMonthIndex(windowEnd) };
  const months = new Set<string>();
  const cliffs: { fall: number; share: number }[] = [];
  for (const { lastAssessed, fall, share } of getFundingCliffs(spans, window)) {
    if (months.has(lastAssessed)) continue;
    months.add(lastAssessed);
    cliffs.push({ fall, share });
  }
  return cliffs;
}

/** Aggregates the `tasks` part of the records. */
class TaskSummaryBuilder {
  private deployed = 0;
  private ended = 0;
  private tasks = 0;
  private plans = 0;
  private wpsPlans = 0;
  private readonly planned = {
    count: 0,
    taskedMissions: 0,
    withWpsPlan: 0,
    tasks: 0,
    handedOver: 0,
    orphaned: 0,
  };
  private readonly forced = { count: 0, tasks: 0, handedOver: 0, orphaned: 0 };
  private readonly orphanedPerExit = new Histogram();
  private readonly fall = new Values();
  private readonly share = new Values();

  constructor(private readonly windowEnd: number) {}

  add(record: NonNullable<CountryRecord['tasks']>): void {
    for (const m of record.missions) {
      this.deployed++;
      this.tasks += m.tasks.length;
      if (m.to !== null) this.ended++;
    }
    this.plans += record.plans;
    this.wpsPlans += record.wpsPlans;
    for (const e of record.exits) {
      if (e.cause === 'planned') {
        const p = this.planned;
        p.count++;
        p.taskedMissions += e.tasked;
        p.withWpsPlan += e.wpsPlans;
        p.tasks += e.tasks;
        p.handedOver += e.handedOver;
        p.orphaned += e.orphaned;
      } else {
        const f = this.forced;
        f.count++;
        f.tasks += e.tasks;
        f.handedOver += e.handedOver;
        f.orphaned += e.orphaned;
        this.orphanedPerExit.add(e.orphaned);
      }
    }
    for (const cliff of getMissionCliffs(record.missions, this.windowEnd)) {
      this.fall.add(cliff.fall);
      this.share.add(cliff.share);
    }
  }

  finish(): TaskSummary {
    const share = (part: number, whole: number) => (whole === 0 ? null : round(part / whole, 4));
    const p = this.planned;
    const f = this.forced;
    const fall = this.fall.quantiles(1);
    return {
      missions: {
        deployed: this.deployed,
        ended: this.ended,
        tasks: this.tasks,
        tasksPerMission: this.deployed === 0 ? 0 : round(this.tasks / this.deployed),
      },
      plans: {
        adopted: this.plans,
        withWps: this.wpsPlans,
        wpsShare: share(this.wpsPlans, this.plans),
      },
      plannedExits: { ...p, wpsShare: share(p.withWpsPlan, p.taskedMissions) },
      forcedExits: {
        ...f,
        orphanedShare: share(f.orphaned, f.tasks),
        orphanedPerExit: this.orphanedPerExit.distribution(),
        distribution: this.orphanedPerExit.byValue(),
      },
      fundingCliff: { count: fall.count, fall, share: this.share.quantiles(3) },
    };
  }
}

export interface SummaryParams {
  countries: number;
  years: number;
  seed: number;
  doctrine: Doctrine;
  model: { name: string; start: string };
}

/** Builds the summary from records added in index order. */
export class SummaryBuilder {
  private readonly params: SummaryParams;
  private readonly start: number;
  private readonly months: number;
  private added = 0;
  private steps = 0;
  private readonly phaseMonths = new Map<Phase, number>();
  private readonly perCountry = new Map<Phase, Histogram>();
  private readonly completeSpells = new Map<Phase, Histogram>();
  private readonly handovers = new Histogram();
  private readonly transitions: Record<string, number> = {};
  private relapses = 0;
  private readonly forced = Object.fromEntries(EXIT_CAUSES.map((c) => [c, 0])) as Record<
    ExitCause,
    number
  >;
  private readonly services = Object.fromEntries(SERVICES.map((s) => [s, 0])) as Record<
    Service,
    number
  >;
  private readonly regionCountries = Object.fromEntries(REGIONS.map((r) => [r, 0])) as Record<
    Region,
    number
  >;
  private readonly missionMonths = new Map<Region, number[]>();
  private readonly refused: Located<RefusedRecord>[] = [];
  private refusedCount = 0;
  private readonly violations: Located<ViolationRecord>[] = [];
  private violationCount = 0;
  private taskSummary: TaskSummaryBuilder | undefined;

  constructor(params: SummaryParams) {
    this.params = params;
    this.start = toMonthIndex(params.model.start);
    this.months = params.years * 12;
    for (const p of PHASES) {
      this.phaseMonths.set(p, 0);
      this.perCountry.set(p, new Histogram());
      this.completeSpells.set(p, new Histogram());
    }
    for (const r of REGIONS) this.missionMonths.set(r, new Array<number>(params.years).fill(0));
  }

  /** Number of records added so far. */
  get count(): number {
    return this.added;
  }

  add(record: CountryRecord): void {
    if (record.index !== this.added) {
      throw new RangeError(`country ${record.index} added where ${this.added} was expected`);
    }
    this.added++;
    this.steps += record.steps;
    const own = new Map<Phase, number>(PHASES.map((p) => [p, 0]));
    const mission = this.missionMonths.get(record.region) as number[];
    for (const [phase, fromMonth, toMonth] of record.periods) {
      const from = toMonthIndex(fromMonth) - this.start;
      const to = toMonthIndex(toMonth) - this.start;
      const length = to - from + 1;
      own.set(phase, (own.get(phase) ?? 0) + length);
      if (from > 0 && to < this.months - 1) this.completeSpells.get(phase)?.add(length);
      if (phase !== 'nonMission') {
        for (let m = from; m <= to; m++)
          mission[Math.floor(m / 12)] = (mission[Math.floor(m / 12)] ?? 0) + 1;
      }
    }
    for (const [phase, months] of own) {
      this.phaseMonths.set(phase, (this.phaseMonths.get(phase) ?? 0) + months);
      this.perCountry.get(phase)?.add(months);
    }
    this.handovers.add(record.handovers.length);
    for (const [key, n] of Object.entries(record.transitions))
      this.transitions[key] = (this.transitions[key] ?? 0) + n;
    this.relapses += record.relapses;
    for (const [cause, n] of Object.entries(record.forcedExits))
      this.forced[cause as ExitCause] += n ?? 0;
    for (const [service, n] of Object.entries(record.services))
      this.services[service as Service] += n ?? 0;
    this.regionCountries[record.region]++;
    if (record.tasks !== undefined) {
      this.taskSummary ??= new TaskSummaryBuilder(this.start + this.months - 1);
      this.taskSummary.add(record.tasks);
    }
    const where = { seed: this.params.seed, country: record.index };
    this.refusedCount += record.refused.length;
    for (const r of record.refused)
      if (this.refused.length < LISTED) this.refused.push({ ...where, ...r });
    this.violationCount += record.violations.length;
    for (const v of record.violations)
      if (this.violations.length < LISTED) this.violations.push({ ...where, ...v });
  }

  finish(): MonteCarloSummary {
    const p = this.params;
    const total = this.added * this.months;
    const phases = Object.fromEntries(
      PHASES.map((phase) => {
        const months = this.phaseMonths.get(phase) ?? 0;
        return [
          phase,
          {
            months,
            share: total === 0 ? 0 : round(months / total, 4),
            perCountry: (this.perCountry.get(phase) as Histogram).distribution(),
            completeSpells: (this.completeSpells.get(phase) as Histogram).distribution(),
          },
        ];
      }),
    ) as Record<Phase, PhaseSummary>;
    const transitions: Record<string, number> = {};
    for (const key of Object.keys(this.transitions).sort())
      transitions[key] = this.transitions[key] as number;
    const entered = Object.entries(transitions)
      .filter(([key]) => key.endsWith('->transition'))
      .reduce((s, [, n]) => s + n, 0);
    const firstYear = Math.floor(this.start / 12);
    const workload = Object.fromEntries(
      REGIONS.map((region) => {
        const mission = this.missionMonths.get(region) as number[];
        const countries = this.regionCountries[region];
        return [
          region,
          {
            countries,
            perYear: mission.map((m, y) => ({
              year: firstYear + y,
              mission: round(m / 12, 2),
              nonMission: round((countries * 12 - m) / 12, 2),
            })),
          },
        ];
      }),
    ) as MonteCarloSummary['workload'];
    const handovers = this.handovers.distribution();
    return {
      countries: p.countries,
      years: p.years,
      seed: p.seed,
      doctrine: p.doctrine,
      model: p.model.name,
      window: {
        start: p.model.start,
        end: fromMonthIndex(this.start + this.months - 1),
      },
      countryMonths: total,
      steps: this.steps,
      phases,
      handovers: {
        total: this.handovers.total,
        perCountry: handovers,
        distribution: this.handovers.byValue(),
      },
      transitions,
      relapses: {
        count: this.relapses,
        transitionsEntered: entered,
        perTransition: entered === 0 ? 0 : round(this.relapses / entered, 4),
      },
      forcedExits: {
        total: Object.values(this.forced).reduce((s, n) => s + n, 0),
        byCause: this.forced,
      },
      services: {
        total: Object.values(this.services).reduce((s, n) => s + n, 0),
        byService: this.services,
      },
      workload,
      ...(this.taskSummary === undefined ? {} : { tasks: this.taskSummary.finish() }),
      refusedEvents: { count: this.refusedCount, first: this.refused },
      invariantViolations: { count: this.violationCount, first: this.violations },
    };
  }
}

function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = cells[0]?.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length))) ?? [];
  return cells
    .map((r) =>
      r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '),
    )
    .join('\n');
}

/** `1 year`, `3 years`, `1 country`, `2 countries`: a count with its noun in the right number. */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

const shareText = (x: number | null): string => (x === null ? 'n/a' : `${round(x * 100, 1)}%`);

/** The tasks, plans and funding cliff section of the table. */
function formatTasks(t: TaskSummary): string[] {
  const p = t.plannedExits;
  const f = t.forcedExits;
  const c = t.fundingCliff;
  return [
    `Tasks: ${countOf(t.missions.deployed, 'mission')} (${t.missions.ended} ended), ${countOf(t.missions.tasks, 'task')} drawn (${t.missions.tasksPerMission} per mission)`,
    `Plans adopted: ${t.plans.adopted}, with a WPS element: ${t.plans.withWps} (${shareText(t.plans.wpsShare)})`,
    `Planned exits: ${p.count}; missions holding tasks ${p.taskedMissions}, with a WPS plan ${p.withWpsPlan} (${shareText(p.wpsShare)}); tasks ${p.tasks}: handed over ${p.handedOver}, orphaned ${p.orphaned}`,
    `Forced exits: ${f.count}; tasks ${f.tasks}: handed over ${f.handedOver}, orphaned ${f.orphaned} (${shareText(f.orphanedShare)})`,
    `Orphaned tasks per forced exit: mean ${f.orphanedPerExit.mean}, p10 ${f.orphanedPerExit.p10}, p50 ${f.orphanedPerExit.p50}, p90 ${f.orphanedPerExit.p90}; exits by orphaned tasks: ${
      Object.entries(f.distribution)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ') || 'none'
    }`,
    `Funding cliff (${countOf(c.count, 'month')} in which budgeted missions ended; assessed budget in force that month minus 12 months later)`,
    table([
      ['', 'mean', 'min', 'p10', 'p50', 'p90', 'max'],
      ['fall (USD M/yr)', c.fall.mean, c.fall.min, c.fall.p10, c.fall.p50, c.fall.p90, c.fall.max],
      [
        'share of before',
        c.share.mean,
        c.share.min,
        c.share.p10,
        c.share.p50,
        c.share.p90,
        c.share.max,
      ],
    ]),
  ];
}

/** The summary as tables for the terminal. */
export function formatMonteCarloSummary(s: MonteCarloSummary): string {
  const out: string[] = [];
  out.push(
    `Monte Carlo: ${countOf(s.countries, 'country', 'countries')} x ${countOf(s.years, 'year')} (${s.window.start}..${s.window.end}), seed ${s.seed}, doctrine ${s.doctrine}, model ${s.model}`,
    `${countOf(s.countryMonths, 'country-month')}, ${countOf(s.steps, 'machine step')}`,
    '',
    'Time in each phase (months)',
    table([
      [
        'phase',
        'share',
        'per country mean',
        'p10',
        'p50',
        'p90',
        'complete spells',
        'spell mean',
        'p10',
        'p50',
        'p90',
      ],
      ...PHASES.map((p) => {
        const x = s.phases[p];
        return [
          p,
          x.share,
          x.perCountry.mean,
          x.perCountry.p10,
          x.perCountry.p50,
          x.perCountry.p90,
          x.completeSpells.count,
          x.completeSpells.mean,
          x.completeSpells.p10,
          x.completeSpells.p50,
          x.completeSpells.p90,
        ];
      }),
    ]),
    'complete spells: spells that began and ended inside the window (a phase held from the first',
    'or to the last month is not counted, so a country never leaving it adds none)',
    '',
    `Handovers: ${s.handovers.total} (mean ${s.handovers.perCountry.mean} per country; p50 ${s.handovers.perCountry.p50}, p90 ${s.handovers.perCountry.p90}); countries by handovers: ${Object.entries(
      s.handovers.distribution,
    )
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}`,
    '',
    'Transitions by type',
    table([['from->to', 'count'], ...Object.entries(s.transitions)]),
    '',
    `Relapses: ${s.relapses.count} in ${countOf(s.relapses.transitionsEntered, 'transition')} (${s.relapses.perTransition} per transition)`,
    `Forced exits: ${s.forcedExits.total} (${EXIT_CAUSES.map((c) => `${c} ${s.forcedExits.byCause[c]}`).join(', ')})`,
    `Service requests: ${s.services.total}`,
    '',
    'Regional ASG workload (countries in mission / non-mission settings, yearly average)',
    table([
      ['year', ...REGIONS.flatMap((r) => [`${r} mission`, 'non-mission'])],
      ...(s.workload[REGIONS[0]]?.perYear ?? []).map((y, i) => [
        y.year,
        ...REGIONS.flatMap((r) => {
          const w = s.workload[r].perYear[i];
          return [w?.mission ?? 0, w?.nonMission ?? 0];
        }),
      ]),
    ]),
    ...(s.tasks === undefined ? [] : ['', ...formatTasks(s.tasks)]),
    '',
    `Refused events: ${s.refusedEvents.count}`,
    ...s.refusedEvents.first
      .slice(0, 10)
      .map(
        (r) =>
          `  seed ${r.seed} country ${r.country} step ${r.step} (${r.month}) ${r.event}: ${r.reason}`,
      ),
    `Invariant violations: ${s.invariantViolations.count}`,
    ...s.invariantViolations.first
      .slice(0, 10)
      .map(
        (v) =>
          `  seed ${v.seed} country ${v.country} step ${v.step} (${String(v.month)}) ${v.invariant}: ${v.message}`,
      ),
  );
  return `${out.join('\n')}\n`;
}

/**
 * Derives the default model parameters (models/default.yaml) from the project's dataset of real
 * country histories (`data/transitions.json`). Run it to see the figures:
 *
 *   npx tsx src/simulate/montecarlo/derive.ts [path/to/transitions.json]
 *
 * Presences are grouped into engagement episodes: a presence whose predecessor in the same
 * country is of the same class (pko, or any spm kind) continues its predecessor's episode
 * (UNAMSIL after UNOMSIL, MONUSCO after MONUC), because the country machine models such a
 * succession as a mandate renewal, not as a new deployment.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SERVICES } from '../../domain/index.ts';

interface Entry {
  seq: number;
  acronym: string;
  kind: string;
  start: string;
  end: string | null;
  predecessor: string | null;
  end_reason?: string;
  notes?: string;
}

interface DatasetCountry {
  country: string;
  un_region_2019: string;
  sequence: Entry[];
}

/** The part of the dataset the derivation reads. */
export interface TransitionsDataset {
  meta: { compiled: string };
  countries: DatasetCountry[];
}

type Class = 'pko' | 'spm';
export type ExitKind =
  'planned' | 'host-consent-withdrawn' | 'council-veto' | 'collapse' | 'escalation';

/** One engagement: consecutive presences of one class in one country. */
export interface Episode {
  country: string;
  kind: Class;
  members: string[];
  start: string;
  end: string | null;
  months: number;
  exit: ExitKind | null;
  successor: Class | 'non-mission' | null;
}

/** Final mandates the dataset's notes state, with the words that state them. */
export const FINAL_MANDATES: readonly { acronym: string; months: number; evidence: string }[] = [
  { acronym: 'UNIOSIL', months: 9, evidence: 'final nine-month extension' },
  { acronym: 'UNIOGBIS', months: 10, evidence: 'res 2512 (28 Feb 2020)' },
  { acronym: 'UNIFIL', months: 16, evidence: 'final extension to 31 Dec 2026' },
  { acronym: 'UNAMI', months: 19, evidence: 'Final 19-month mandate' },
];

function monthIndex(text: string, isEnd: boolean): number {
  const [y, m] = text.split('-');
  // A bare year counts from January (start) or through December (end).
  return Number(y) * 12 + (m === undefined ? (isEnd ? 11 : 0) : Number(m) - 1);
}

function classOf(kind: string): Class | 'non-mission' {
  if (kind === 'pko') return 'pko';
  return kind.startsWith('spm-') ? 'spm' : 'non-mission';
}

/** How a presence ended, read from the dataset's `end_reason`. */
export function classifyExit(reason: string | undefined): ExitKind {
  const r = (reason ?? '').toLowerCase();
  if (r.includes('veto')) return 'council-veto';
  if (r.includes('collapse') || r.includes('without settlement')) return 'collapse';
  if (r.includes('superseded by pko')) return 'escalation';
  if ((r.includes('host') || r.includes('obstruction')) && !/handover|planned/.test(r)) {
    return 'host-consent-withdrawn';
  }
  return 'planned';
}

/** The month the dataset is current to (`meta.compiled`, e.g. "2026-11; ..."). */
export function getCensorMonth(data: TransitionsDataset): number {
  const match = /^(\d{4}-\d{2})/.exec(data.meta.compiled);
  if (!match?.[1]) throw new Error('meta.compiled does not start with YYYY-MM');
  return monthIndex(match[1], true);
}

export function getEpisodes(data: TransitionsDataset): Episode[] {
  const censor = getCensorMonth(data);
  const episodes: Episode[] = [];
  for (const c of data.countries) {
    const byName = new Map(c.sequence.map((e) => [e.acronym, e]));
    const open = new Map<string, Episode>();
    for (const e of [...c.sequence].sort((a, b) => a.seq - b.seq)) {
      const cls = classOf(e.kind);
      if (cls === 'non-mission') continue;
      const pred = e.predecessor === null ? undefined : byName.get(e.predecessor);
      const continued = pred !== undefined ? open.get(pred.acronym) : undefined;
      const episode: Episode =
        continued !== undefined && continued.kind === cls
          ? continued
          : {
              country: c.country,
              kind: cls,
              members: [],
              start: e.start,
              end: null,
              months: 0,
              exit: null,
              successor: null,
            };
      if (episode !== continued) episodes.push(episode);
      if (continued) open.delete(pred?.acronym ?? '');
      episode.members.push(e.acronym);
      episode.end = e.end;
      const last = e.end === null ? censor : monthIndex(e.end, true);
      episode.months = last - monthIndex(episode.start, false) + 1;
      const next = c.sequence.find((s) => s.predecessor === e.acronym);
      episode.exit = e.end === null ? null : classifyExit(e.end_reason);
      episode.successor = e.end === null ? null : next ? classOf(next.kind) : 'non-mission';
      open.set(e.acronym, episode);
    }
  }
  return episodes;
}

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The figures behind models/default.yaml. */
export function deriveFigures(data: TransitionsDataset) {
  const episodes = getEpisodes(data);
  const of = (kind: Class) => {
    const all = episodes.filter((e) => e.kind === kind);
    const done = all.filter((e) => e.exit !== null);
    const exposure = all.reduce((s, e) => s + e.months, 0);
    const planned = done.filter((e) => e.exit === 'planned');
    const forced = done.filter((e) => e.exit !== 'planned' && e.exit !== 'escalation');
    const causes: Record<string, number> = {};
    for (const e of forced) causes[e.exit as string] = (causes[e.exit as string] ?? 0) + 1;
    return {
      episodes: all.length,
      completed: done.length,
      ongoing: all.length - done.length,
      meanCompletedMonths: round(
        done.reduce((s, e) => s + e.months, 0) / Math.max(1, done.length),
        1,
      ),
      exposureMonths: exposure,
      plannedExits: planned.length,
      plannedExitsToSpm: planned.filter((e) => e.successor === 'spm').length,
      forcedExits: forced.length,
      forcedExitsToSpm: forced.filter((e) => e.successor === 'spm').length,
      forcedCauses: causes,
      escalations: done.filter((e) => e.exit === 'escalation').length,
      plannedExitPerMonth: round(planned.length / exposure, 5),
      forcedExitPerMonth: round(forced.length / exposure, 5),
      escalationPerMonth: round(done.filter((e) => e.exit === 'escalation').length / exposure, 5),
    };
  };
  const firsts = { pko: 0, spm: 0 };
  const regions: Record<string, number> = {};
  for (const c of data.countries) {
    regions[c.un_region_2019] = (regions[c.un_region_2019] ?? 0) + 1;
    const first = episodes.find((e) => e.country === c.country);
    if (first) firsts[first.kind]++;
  }
  const spmKinds: Record<string, number> = {};
  for (const c of data.countries) {
    for (const e of c.sequence)
      if (classOf(e.kind) === 'spm') spmKinds[e.kind] = (spmKinds[e.kind] ?? 0) + 1;
  }
  // Non-mission spells after a mission ended (to the next mission, or to the dataset's month).
  const censor = getCensorMonth(data);
  let nonMissionMonths = 0;
  let reentries = 0;
  const atCensor = { nonMission: 0, specialPoliticalMission: 0, peacekeeping: 0 };
  for (const c of data.countries) {
    const own = episodes.filter((e) => e.country === c.country);
    for (const e of own) {
      if (e.successor !== 'non-mission' || e.end === null) continue;
      const from = monthIndex(e.end, true) + 1;
      const later = own.filter((o) => monthIndex(o.start, false) >= from);
      const next = later.length ? Math.min(...later.map((o) => monthIndex(o.start, false))) : null;
      nonMissionMonths += (next ?? censor + 1) - from;
      if (next !== null) reentries++;
    }
    const active = own.filter((e) => e.end === null);
    if (active.some((e) => e.kind === 'pko')) atCensor.peacekeeping++;
    else if (active.length > 0) atCensor.specialPoliticalMission++;
    else atCensor.nonMission++;
  }
  const forcedExitsOf: Record<string, number> = {};
  for (const e of episodes) {
    if (e.exit !== null && e.exit !== 'planned' && e.exit !== 'escalation') {
      forcedExitsOf[e.exit] = (forcedExitsOf[e.exit] ?? 0) + 1;
    }
  }
  const notes = new Map(
    data.countries.flatMap((c) => c.sequence.map((e) => [e.acronym, e.notes ?? ''])),
  );
  const finals = FINAL_MANDATES.map((f) => {
    if (!(notes.get(f.acronym) ?? '').includes(f.evidence)) {
      throw new Error(`dataset notes of ${f.acronym} no longer say "${f.evidence}"`);
    }
    return f.months;
  });
  return {
    censorMonth: data.meta.compiled.slice(0, 7),
    pko: of('pko'),
    spm: of('spm'),
    firstDeployments: firsts,
    regions,
    spmKinds,
    nonMissionAfterMission: {
      months: nonMissionMonths,
      reentries,
      deployPerMonth: round(reentries / nonMissionMonths, 6),
    },
    phasesAtCensor: atCensor,
    forcedExitsOf,
    finalMandateMonths: {
      values: finals,
      min: Math.min(...finals),
      max: Math.max(...finals),
      mean: round(finals.reduce((s, x) => s + x, 0) / finals.length, 2),
    },
  };
}

/**
 * Values the dataset cannot give (it holds only countries that had missions, and records no
 * mandate lengths, preventive diplomacy, relapses or service requests). docs/monte-carlo.md
 * marks each as an assumption.
 */
export const ASSUMPTIONS = {
  crisisPerMonth: round(1 / 60, 5),
  standDownPerMonth: round(1 / 12, 5),
  /** Share of PKO deployments that come straight from early warning, skipping prevention. */
  directPkoShare: 0.25,
  mandateMonths: 12,
  spmForcedExitPerMonth: 0.0005,
  planningShare: round(2 / 3, 4),
  drawdownShare: 0.25,
  relapsePerMonth: 0.01,
  withdrawalMonths: { min: 2, max: 12 },
  services: {
    perMonth: {
      nonMission: round(1 / 24, 5),
      specialPoliticalMission: round(1 / 6, 5),
      peacekeeping: 0.25,
      transition: round(1 / 3, 5),
    },
  },
  /**
   * Mandated tasks (issue 12): the dataset records none. The probabilities follow the usual
   * shape of mandates: a multidimensional PKO holds most tasks, a field SPM the political and
   * rights tasks, an envoy good offices.
   */
  tasks: {
    perKind: {
      pko: {
        'political-process': 0.7,
        'protection-of-civilians': 0.8,
        'human-rights': 0.8,
        'rule-of-law': 0.7,
        'security-sector-reform': 0.6,
        ddr: 0.5,
        'electoral-assistance': 0.4,
        'mine-action': 0.3,
        'women-peace-security': 0.6,
        peacebuilding: 0.3,
        'ceasefire-monitoring': 0.4,
        'police-support': 0.6,
        'humanitarian-coordination': 0.3,
      },
      'spm-field': {
        'political-process': 0.9,
        'good-offices': 0.8,
        'human-rights': 0.6,
        'rule-of-law': 0.4,
        'security-sector-reform': 0.3,
        'electoral-assistance': 0.4,
        'women-peace-security': 0.6,
        peacebuilding: 0.5,
        'humanitarian-coordination': 0.2,
      },
      'spm-envoy': { 'political-process': 0.8, 'good-offices': 1, 'women-peace-security': 0.3 },
      'spm-political-process': {
        'political-process': 1,
        'good-offices': 0.6,
        'ceasefire-monitoring': 0.3,
        'women-peace-security': 0.4,
      },
    },
    receivers: { 'country-team': 5, government: 4, 'regional-organization': 1, completed: 2 },
    orphanedAtForcedExit: 0.5,
  },
  /** Assessed budgets, USD millions per year: the order of magnitude of approved budgets. */
  budgets: {
    pko: { min: 50, max: 1200 },
    'spm-field': { min: 10, max: 120 },
    'spm-envoy': { min: 1, max: 10 },
    'spm-political-process': { min: 5, max: 60 },
  },
};

/** The default model, computed from the dataset's figures and the assumptions above. */
export function deriveDefaultModel(data: TransitionsDataset) {
  const f = deriveFigures(data);
  const a = ASSUMPTIONS;
  const regionIds: Record<string, string> = {
    Africa: 'africa',
    'Middle East, Asia and the Pacific': 'middle-east-asia-pacific',
    'Europe, Central Asia and the Americas': 'europe-central-asia-americas',
  };
  const regions = Object.fromEntries(
    Object.entries(f.regions).map(([k, v]) => [regionIds[k] ?? k, v]),
  );
  // Deployment out of a non-mission setting: the dataset's re-entry rate r, split PKO/SPM by the
  // kind of each country's first mission; a share of PKO deployments skips prevention. The rest
  // goes through preventive diplomacy, which a country is in a share c / (c + s + d) of the time.
  const r = f.nonMissionAfterMission.deployPerMonth;
  const firstTotal = f.firstDeployments.pko + f.firstDeployments.spm;
  const rPko = (r * f.firstDeployments.pko) / firstTotal;
  const direct = a.directPkoShare * rPko;
  const viaPrevention = r - direct;
  const c = a.crisisPerMonth;
  const d = (viaPrevention * (c + a.standDownPerMonth)) / (c - viaPrevention);
  const pkoShareViaPrevention = (rPko - direct) / viaPrevention;
  const perReview = (plannedPerMonth: number) =>
    round(a.mandateMonths / (1 / plannedPerMonth - f.finalMandateMonths.mean), 5);
  const exits = f.forcedExitsOf;
  return {
    name: 'default',
    start: '2027-01',
    regions,
    initial: f.phasesAtCensor,
    nonMission: {
      crisisPerMonth: c,
      standDownPerMonth: a.standDownPerMonth,
      deploySpmPerMonth: round(d * (1 - pkoShareViaPrevention), 6),
      deployPkoPerMonth: round(d * pkoShareViaPrevention, 6),
      directPkoPerMonth: round(direct, 6),
    },
    spm: {
      kinds: f.spmKinds,
      mandateMonths: a.mandateMonths,
      finalMandatePerReview: perReview(f.spm.plannedExits / f.spm.exposureMonths),
      forcedExitPerMonth: a.spmForcedExitPerMonth,
      escalationToPkoPerMonth: round(f.spm.escalations / f.spm.exposureMonths, 6),
    },
    pko: {
      mandateMonths: a.mandateMonths,
      finalMandatePerReview: perReview(f.pko.plannedExits / f.pko.exposureMonths),
      forcedExitPerMonth: round(f.pko.forcedExits / f.pko.exposureMonths, 6),
    },
    transition: {
      finalMandateMonths: { min: f.finalMandateMonths.min, max: f.finalMandateMonths.max },
      planningShare: a.planningShare,
      drawdownShare: a.drawdownShare,
      relapsePerMonth: a.relapsePerMonth,
      successorSpmShare: {
        pko: round(f.pko.plannedExitsToSpm / f.pko.plannedExits, 4),
        spm: round(f.spm.plannedExitsToSpm / f.spm.plannedExits, 4),
      },
    },
    forcedExit: {
      causes: exits,
      withdrawalMonths: a.withdrawalMonths,
      successorSpmShare: round(f.pko.forcedExitsToSpm / f.pko.forcedExits, 4),
    },
    services: {
      perMonth: a.services.perMonth,
      weights: Object.fromEntries(SERVICES.map((s) => [s, 1])),
    },
    tasks: a.tasks,
    budgets: a.budgets,
  };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path =
    process.argv.slice(2).find((a) => !a.startsWith('--')) ??
    fileURLToPath(new URL('../../../data/transitions.json', import.meta.url));
  const data = JSON.parse(readFileSync(path, 'utf8')) as TransitionsDataset;
  const figures = deriveFigures(data);
  if (process.argv.includes('--episodes')) console.log(JSON.stringify(getEpisodes(data), null, 1));
  console.log(JSON.stringify(figures, null, 2));
  console.log(JSON.stringify(deriveDefaultModel(data), null, 2));
}

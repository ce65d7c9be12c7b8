/**
 * Presences -> machine events. Each month's events are ordered so that the machine's lead after
 * the month equals the monthly rule (DOMAIN.md) applied to that month's presences: deployments
 * first (they can only move the lead to DPO), withdrawals last (they can only move it to DPPA), so
 * the lead changes at most once a month, exactly where the rule says.
 *
 * For a mission presence ending at `to` with a transition lead of L months (default 12, or half
 * the presence's life when that is shorter, or 1 when a mission of the same or a higher kind
 * follows at once; a presence's `transitionLead` overrides all three):
 *   FINAL_MANDATE at to - L + 1; BEGIN_TRANSITION at to - ceil(2L/3) + 1 (planning);
 *   DRAWDOWN at to - ceil(L/4) + 1; WITHDRAW at to + 1; COMPLETE_HANDOVER once nothing is
 *   left outgoing. Steps that would fall before `from` (or before the window) happen at the
 *   later of the two. Mandates are renewed every 12 months from `from` until the final mandate.
 * Regional offices (coverage) only open and close.
 *
 * A mission presence with any decision month (`finalMandate`, `transitionFrom`, `drawdownFrom`,
 * `exitDecided`) or a forced `exit` uses only the months it gives: a step without a month did not
 * happen. FINAL_MANDATE at `finalMandate` (unless planning has already begun); BEGIN_TRANSITION at
 * `transitionFrom`; DRAWDOWN at `drawdownFrom` (with BEGIN_TRANSITION in the same month when no
 * planning came before); a forced exit sends FORCED_EXIT for that presence at `exitDecided`
 * (default its last month), straight into drawdown; the month after `to` the presence is
 * withdrawn (passing through transition in that month when nothing started it) and the handover
 * completes. See getStageRule for the stage each month then shows.
 *
 * Under `historical`, a window that spans 2019-01 gets RESTRUCTURE in that month: the structure in
 * force changes (DPA and DPKO become DPPA and DPO with shared regional teams) and the lead with it.
 */
import type { CountryEvent, CountryInput, PresenceInput } from '../../machines/country-types.ts';
import {
  DEFAULT_DOCTRINE,
  DOCTRINE_TABLE,
  HISTORY_DOCTRINE,
  fromMonthIndex,
  isCoverageKind,
  isForcedExit,
  toMonthIndex,
  type Doctrine,
  type Month,
  type Receiver,
  type Task,
} from '../domain/index.ts';
import type { Scenario, ScenarioHandover, ScenarioPresence } from './types.ts';

export const DEFAULT_TRANSITION_LEAD = 12;

export interface ScenarioWindow {
  start: Month;
  end: Month;
}

/** The months a scenario covers: `start`/`end` when given, else the earliest and latest named. */
export function getScenarioWindow(scenario: Scenario): ScenarioWindow {
  const named: number[] = [];
  for (const p of scenario.presences) {
    named.push(toMonthIndex(p.from));
    if (p.to !== undefined) named.push(toMonthIndex(p.to));
  }
  if (scenario.start !== undefined) named.push(toMonthIndex(scenario.start));
  if (scenario.end !== undefined) named.push(toMonthIndex(scenario.end));
  if (named.length === 0) throw new RangeError(`${scenario.country}: no month to start from`);
  const starts = scenario.presences.map((p) => toMonthIndex(p.from));
  const start = scenario.start ?? fromMonthIndex(Math.min(...(starts.length ? starts : named)));
  const end = scenario.end ?? fromMonthIndex(Math.max(...named));
  return { start, end };
}

/** Whether a presence is active in `month` (first through last month inclusive). */
export function isActiveIn(presence: ScenarioPresence, month: Month): boolean {
  return presence.from <= month && (presence.to === undefined || month <= presence.to);
}

/** The events of one month, in the order the machine takes them. */
export interface MonthEvents {
  month: Month;
  events: CountryEvent[];
}

export interface ScenarioPlan {
  input: CountryInput;
  window: ScenarioWindow;
  months: MonthEvents[];
}

const ORDER = [
  'RESTRUCTURE',
  'DEPLOY',
  'RENEW_MANDATE',
  'FINAL_MANDATE',
  'BEGIN_TRANSITION',
  'ADOPT_PLAN',
  'DRAWDOWN',
  'FORCED_EXIT',
  'HAND_OVER_TASK',
  'WITHDRAW',
] as const;
type Scheduled = { at: number; rank: number; seq: number; event: CountryEvent };

function toPresenceInput(p: ScenarioPresence): PresenceInput {
  return {
    name: p.name,
    kind: p.kind,
    ...(p.mandate === undefined ? {} : { mandate: p.mandate }),
    ...(p.backstop === undefined ? {} : { backstop: p.backstop }),
    ...(p.tasks === undefined ? {} : { tasks: [...p.tasks] }),
  };
}

/** The receiver and month (index; default the withdrawal month) of each task in `handover`. */
function getHandovers(
  p: ScenarioPresence,
  withdraw: number | undefined,
): { task: Task; to: Receiver; at: number | undefined }[] {
  const out: { task: Task; to: Receiver; at: number | undefined }[] = [];
  for (const [task, value] of Object.entries(p.handover ?? {}) as [Task, ScenarioHandover][]) {
    const to = typeof value === 'string' ? value : value.to;
    const at =
      typeof value === 'string' || value.at === undefined ? withdraw : toMonthIndex(value.at);
    out.push({ task, to, at });
  }
  return out;
}

/** A scenario's country team as the machine's input takes it. */
function toCountryTeamInput(team: Scenario['countryTeam']): CountryInput['countryTeam'] {
  if (team === undefined || team === false) return team;
  return {
    ...(team.since === undefined ? {} : { since: team.since }),
    ...(team.until === undefined ? {} : { until: team.until }),
    ...(team.residentCoordinator === undefined
      ? {}
      : { residentCoordinator: team.residentCoordinator }),
  };
}

/** Whether a presence gives its own decision months (or a forced exit): then only those apply. */
export function hasDecisionMonths(p: ScenarioPresence): boolean {
  return (
    p.finalMandate !== undefined ||
    p.transitionFrom !== undefined ||
    p.drawdownFrom !== undefined ||
    p.exitDecided !== undefined ||
    isForcedExit(p.exit)
  );
}

/** The month a presence's drawdown starts by its decision months: drawdownFrom, or the forced exit's decision. */
export function getDrawdownStart(p: ScenarioPresence): Month | undefined {
  const forced = isForcedExit(p.exit) ? (p.exitDecided ?? p.to) : undefined;
  if (forced === undefined) return p.drawdownFrom;
  if (p.drawdownFrom === undefined) return forced;
  return p.drawdownFrom < forced ? p.drawdownFrom : forced;
}

/**
 * Turns a scenario into the machine's input (under `doctrine`, else the scenario's own, else
 * `historical`: a scenario is a history, replayed as it happened unless told otherwise) (presences active in the first month) and the
 * events of every month of the window.
 */
export function planScenario(scenario: Scenario, doctrine?: Doctrine): ScenarioPlan {
  const window = getScenarioWindow(scenario);
  const first = toMonthIndex(window.start);
  const last = toMonthIndex(window.end);
  const initial = scenario.presences.filter((p) => isActiveIn(p, window.start));
  const initialSet = new Set(initial);
  const hasSuccessor = createSuccessorCheck(scenario);
  // Whether a name is a mission's: the first presence of that name decides, as in the scenario.
  const firstOfName = new Map<string, ScenarioPresence>();
  for (const p of scenario.presences) if (!firstOfName.has(p.name)) firstOfName.set(p.name, p);
  const isMissionName = (name: string): boolean => {
    const p = firstOfName.get(name);
    return p !== undefined && !isCoverageKind(p.kind);
  };
  const input: CountryInput = {
    country: scenario.country,
    region: scenario.region,
    doctrine: doctrine ?? scenario.doctrine ?? HISTORY_DOCTRINE,
    month: window.start,
    presences: initial.map(toPresenceInput),
    ...(scenario.countryTeam === undefined
      ? {}
      : { countryTeam: toCountryTeamInput(scenario.countryTeam) }),
  };
  const scheduled: Scheduled[] = [];
  let seq = 0;
  const at = (index: number, type: (typeof ORDER)[number], event: CountryEvent): void => {
    if (index <= last) scheduled.push({ at: index, rank: ORDER.indexOf(type), seq: seq++, event });
  };
  const reform = DOCTRINE_TABLE[input.doctrine ?? DEFAULT_DOCTRINE].backstopBefore;
  if (reform !== undefined && toMonthIndex(reform) > first) {
    at(toMonthIndex(reform), 'RESTRUCTURE', { type: 'RESTRUCTURE', month: reform });
  }
  for (const p of scenario.presences) {
    const from = toMonthIndex(p.from);
    const to = p.to === undefined ? undefined : toMonthIndex(p.to);
    if (from > last || (to !== undefined && to < first)) continue;
    const deployed = from >= first && !initialSet.has(p);
    if (deployed)
      at(from, 'DEPLOY', { type: 'DEPLOY', month: p.from, presence: toPresenceInput(p) });
    const ends = to !== undefined && to < last;
    const withdraw = to === undefined ? undefined : to + 1;
    if (isCoverageKind(p.kind)) {
      if (ends && withdraw !== undefined) {
        at(withdraw, 'WITHDRAW', {
          type: 'WITHDRAW',
          month: fromMonthIndex(withdraw),
          presence: p.name,
        });
      }
      continue;
    }
    if (hasDecisionMonths(p)) {
      scheduleDecisions(p, from, to, first, last, at);
      continue;
    }
    // A short presence keeps at least its first half out of transition unless told otherwise;
    // one followed at once by a mission of the same or a higher kind (a renaming, a re-hatting,
    // an escalation) passes through transition in its last month only.
    const span = to === undefined ? Infinity : to - from + 1;
    const lead =
      p.transitionLead ??
      (to !== undefined && hasSuccessor(p, to)
        ? 1
        : Math.min(DEFAULT_TRANSITION_LEAD, Math.max(1, Math.floor(span / 2))));
    const floor = Math.max(from, first);
    const finalAt = to === undefined ? undefined : Math.max(floor, to - lead + 1);
    for (let m = from + 12; m < (finalAt ?? last + 1) && m <= last; m += 12) {
      if (m >= first) {
        at(m, 'RENEW_MANDATE', {
          type: 'RENEW_MANDATE',
          month: fromMonthIndex(m),
          presence: p.name,
        });
      }
    }
    if (to === undefined || finalAt === undefined || withdraw === undefined) continue;
    const planAt = Math.max(floor, to - Math.ceil((2 * lead) / 3) + 1);
    const drawAt = Math.max(planAt, to - Math.ceil(lead / 4) + 1);
    const month = (i: number): Month => fromMonthIndex(i);
    at(finalAt, 'FINAL_MANDATE', {
      type: 'FINAL_MANDATE',
      month: month(finalAt),
      presence: p.name,
    });
    at(planAt, 'BEGIN_TRANSITION', {
      type: 'BEGIN_TRANSITION',
      month: month(planAt),
      presence: p.name,
    });
    at(drawAt, 'DRAWDOWN', { type: 'DRAWDOWN', month: month(drawAt), presence: p.name });
    at(withdraw, 'WITHDRAW', { type: 'WITHDRAW', month: month(withdraw), presence: p.name });
  }
  const settles = scheduleTasks(scenario, scheduled, first, at);
  scheduled.sort((a, b) => a.at - b.at || a.rank - b.rank || a.seq - b.seq);
  const months: MonthEvents[] = [];
  let cursor = 0;
  const outgoing = new Set<string>();
  // Presences withdrawn whose tasks are handed over in a later month: the handover waits for them.
  const waiting = new Map<string, number>();
  for (let m = first; m <= last; m++) {
    const events: CountryEvent[] = [];
    let settled = false;
    while (cursor < scheduled.length && (scheduled[cursor] as Scheduled).at === m) {
      const { event } = scheduled[cursor++] as Scheduled;
      if (event.type === 'BEGIN_TRANSITION') outgoing.add(event.presence);
      if (event.type === 'FORCED_EXIT' && event.presence !== undefined) {
        outgoing.add(event.presence);
      }
      if (event.type === 'WITHDRAW' && isMissionName(event.presence)) {
        outgoing.delete(event.presence);
        settled = true;
        const until = settles.get(event.presence);
        if (until !== undefined && until > m) waiting.set(event.presence, until);
      }
      events.push(event);
    }
    for (const [name, until] of waiting) {
      if (until <= m) {
        waiting.delete(name);
        settled = true;
      }
    }
    if (settled && outgoing.size === 0 && waiting.size === 0)
      events.push({ type: 'COMPLETE_HANDOVER', month: fromMonthIndex(m) });
    months.push({ month: fromMonthIndex(m), events });
  }
  return { input, window, months };
}

/**
 * The plan and the handovers of every mission with tasks. ADOPT_PLAN comes in the month planning
 * began for the presence (or the plan's `adopted` month, when later), a receiver for each task
 * from `handover`; HAND_OVER_TASK for each task with a receiver, in its month (default the
 * withdrawal month, before the withdrawal). A forced exit needs no plan: tasks without a receiver
 * are orphaned by the machine when the presence is withdrawn. Returns, per presence, the last
 * month one of its tasks is handed over (the handover completes no earlier).
 */
function scheduleTasks(
  scenario: Scenario,
  scheduled: readonly Scheduled[],
  first: number,
  at: At,
): Map<string, number> {
  const settles = new Map<string, number>();
  // The first BEGIN_TRANSITION and WITHDRAW of each presence, found once (not once per presence).
  const begins = new Map<string, Scheduled>();
  const withdrawals = new Map<string, Scheduled>();
  for (const s of scheduled) {
    const e = s.event;
    if (e.type === 'BEGIN_TRANSITION' && !begins.has(e.presence)) begins.set(e.presence, s);
    if (e.type === 'WITHDRAW' && !withdrawals.has(e.presence)) withdrawals.set(e.presence, s);
  }
  for (const p of scenario.presences) {
    // A presence with tasks of its own, or with a handover for tasks it received.
    const tasked = (p.tasks ?? []).length > 0 || Object.keys(p.handover ?? {}).length > 0;
    if (!tasked || isCoverageKind(p.kind)) continue;
    const begin = begins.get(p.name);
    const withdraw = withdrawals.get(p.name);
    const handovers = getHandovers(p, withdraw?.at);
    if (begin !== undefined) {
      const adopted = p.plan?.adopted === undefined ? first : toMonthIndex(p.plan.adopted);
      const month = Math.max(begin.at, adopted);
      const receivers: Partial<Record<Task, Receiver>> = {};
      for (const h of handovers) receivers[h.task] = h.to;
      at(month, 'ADOPT_PLAN', {
        type: 'ADOPT_PLAN',
        month: fromMonthIndex(month),
        presence: p.name,
        handover: receivers,
        gender: p.plan?.gender ?? false,
      });
    }
    for (const h of handovers) {
      if (h.at === undefined) continue;
      const month = Math.max(h.at, first);
      at(month, 'HAND_OVER_TASK', {
        type: 'HAND_OVER_TASK',
        month: fromMonthIndex(month),
        presence: p.name,
        task: h.task,
        to: h.to,
      });
      settles.set(p.name, Math.max(settles.get(p.name) ?? month, month));
    }
  }
  return settles;
}

type At = (index: number, type: (typeof ORDER)[number], event: CountryEvent) => void;

/**
 * The events of a mission presence that gives its own decision months. Months before the window
 * happen in its first month; renewals run every 12 months from `from` until the first decision
 * or the window's last month.
 */
function scheduleDecisions(
  p: ScenarioPresence,
  from: number,
  to: number | undefined,
  first: number,
  last: number,
  at: At,
): void {
  const floor = Math.max(from, first);
  const index = (m: Month | undefined): number | undefined =>
    m === undefined ? undefined : Math.max(floor, toMonthIndex(m));
  const month = (i: number): Month => fromMonthIndex(i);
  const name = p.name;
  const finalAt = index(p.finalMandate);
  const planAt = index(p.transitionFrom);
  const forced = isForcedExit(p.exit);
  const exitAt = forced ? index(p.exitDecided ?? p.to) : undefined;
  const drawAt = index(p.drawdownFrom);
  const firstDecision = Math.min(
    ...[finalAt, planAt, drawAt, exitAt, to === undefined ? undefined : to + 1].filter(
      (m): m is number => m !== undefined,
    ),
    Number.POSITIVE_INFINITY,
  );
  // A presence a year old or more when the window opens is past its start-up from the first month.
  if (from + 12 < first && first < firstDecision) {
    at(first, 'RENEW_MANDATE', { type: 'RENEW_MANDATE', month: month(first), presence: name });
  }
  // Renewals stop at the first decision or at the window's end (an ongoing presence whose only
  // month is, say, the `exitDecided` of a completed exit has no decision that ends them).
  const renewUntil = Math.min(firstDecision, last + 1);
  for (let m = from + 12; m < renewUntil; m += 12) {
    if (m >= first)
      at(m, 'RENEW_MANDATE', { type: 'RENEW_MANDATE', month: month(m), presence: name });
  }
  // Planning (or a drawdown, or a forced exit) already under way: the final mandate changes no stage.
  const transitionAt = Math.min(planAt ?? Infinity, drawAt ?? Infinity, exitAt ?? Infinity);
  if (finalAt !== undefined && finalAt < transitionAt) {
    at(finalAt, 'FINAL_MANDATE', { type: 'FINAL_MANDATE', month: month(finalAt), presence: name });
  }
  // A forced exit without planning before it goes straight into drawdown.
  const drawsFirst = drawAt !== undefined && (exitAt === undefined || drawAt < exitAt);
  const beginAt = planAt ?? (drawsFirst ? drawAt : undefined);
  if (beginAt !== undefined && (exitAt === undefined || beginAt < exitAt)) {
    at(beginAt, 'BEGIN_TRANSITION', {
      type: 'BEGIN_TRANSITION',
      month: month(beginAt),
      presence: name,
    });
  }
  if (drawsFirst && drawAt !== undefined) {
    at(drawAt, 'DRAWDOWN', { type: 'DRAWDOWN', month: month(drawAt), presence: name });
  }
  if (exitAt !== undefined && p.exit !== undefined && isForcedExit(p.exit)) {
    at(exitAt, 'FORCED_EXIT', {
      type: 'FORCED_EXIT',
      month: month(exitAt),
      cause: p.exit,
      presence: name,
    });
  }
  if (to === undefined) return;
  const withdraw = to + 1;
  // Nothing started the transition: it passes through it in the month after `to`.
  if (beginAt === undefined && exitAt === undefined) {
    at(withdraw, 'BEGIN_TRANSITION', {
      type: 'BEGIN_TRANSITION',
      month: month(withdraw),
      presence: name,
    });
  }
  if (drawAt === undefined && exitAt === undefined) {
    at(withdraw, 'DRAWDOWN', { type: 'DRAWDOWN', month: month(withdraw), presence: name });
  }
  at(withdraw, 'WITHDRAW', { type: 'WITHDRAW', month: month(withdraw), presence: name });
}

/** Peacekeeping outranks every special political mission. */
function getRank(kind: ScenarioPresence['kind']): number {
  return kind === 'pko' ? 2 : 1;
}

/**
 * Whether another mission of the same or a higher kind starts in `p`'s last month or the month
 * after: then `p` is renamed, re-hatted or escalated, not drawn down.
 */
export function hasDirectSuccessor(scenario: Scenario, p: ScenarioPresence, to: number): boolean {
  return createSuccessorCheck(scenario)(p, to);
}

/**
 * `hasDirectSuccessor` for every presence of one scenario, each in O(1): the missions starting
 * in each month are indexed once (the two of highest rank are enough to answer "another of the
 * same or a higher rank").
 */
function createSuccessorCheck(scenario: Scenario): (p: ScenarioPresence, to: number) => boolean {
  const starting = new Map<number, ScenarioPresence[]>();
  for (const q of scenario.presences) {
    if (isCoverageKind(q.kind)) continue;
    const from = toMonthIndex(q.from);
    const top = starting.get(from) ?? [];
    top.push(q);
    top.sort((x, y) => getRank(y.kind) - getRank(x.kind));
    starting.set(from, top.slice(0, 2));
  }
  return (p, to) =>
    [to, to + 1].some((month) =>
      (starting.get(month) ?? []).some((q) => q !== p && getRank(q.kind) >= getRank(p.kind)),
    );
}

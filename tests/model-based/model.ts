/**
 * A simplified picture of a country, written from DOMAIN.md's rules and independent of the
 * machine's code: which events a country takes, where it goes, and who leads.
 */
import {
  PRESENCE_KINDS,
  RECEIVER_KINDS as RECEIVER_KIND_LIST,
  SERVICES as SERVICE_LIST,
  TASKS as TASK_LIST,
} from '../../src/domain/index.ts';

// The vocabularies are the domain's data; the rules below are the model's own.
const KINDS: readonly string[] = PRESENCE_KINDS;
const SERVICES: readonly string[] = SERVICE_LIST;
const TASKS: readonly string[] = TASK_LIST;
const RECEIVER_KINDS: readonly string[] = RECEIVER_KIND_LIST;

export type ModelPhase = 'nonMission' | 'specialPoliticalMission' | 'peacekeeping' | 'transition';
export type ModelDoctrine = 'note-2017' | 'adopted-2019';

export interface Model {
  doctrine: ModelDoctrine;
  phase: ModelPhase;
  stage: string;
  month: string | null;
  presences: Map<string, string>;
  finals: Set<string>;
  outgoing: Set<string>;
  handovers: number;
  accepted: number;
  /** Tasks each active presence holds. */
  tasks: Map<string, Set<string>>;
  /** Plans adopted in the current transition: presence -> tasks covered. */
  plans: Map<string, Set<string>>;
  /** `presence/task` of tasks left by a withdrawn presence, waiting for a receiver. */
  pending: Set<string>;
  /** Why the current transition began: planned, a forced exit's cause, or none. */
  cause: string | null;
  /** Why each outgoing presence leaves: planned, or its forced exit's cause. */
  exitCauses: Map<string, string>;
  plansAdopted: number;
  tasksHanded: number;
  tasksOrphaned: number;
}

const DPO_KINDS: Record<ModelDoctrine, readonly string[]> = {
  'note-2017': ['pko', 'spm-field'],
  'adopted-2019': ['pko'],
};
const CAUSES = ['host-consent-withdrawn', 'council-veto', 'collapse'];

export function createModel(doctrine: ModelDoctrine): Model {
  return {
    doctrine,
    phase: 'nonMission',
    stage: 'earlyWarning',
    month: null,
    presences: new Map(),
    finals: new Set(),
    outgoing: new Set(),
    handovers: 0,
    accepted: 0,
    tasks: new Map(),
    plans: new Map(),
    pending: new Set(),
    cause: null,
    exitCauses: new Map(),
    plansAdopted: 0,
    tasksHanded: 0,
    tasksOrphaned: 0,
  };
}

/** A transition ends: plans and exit causes lapse; a reversed one orphans the pending tasks. */
function endTransition(m: Model, completed: boolean): void {
  if (!completed) {
    m.tasksOrphaned += m.pending.size;
    m.pending.clear();
  }
  m.plans.clear();
  m.exitCauses.clear();
  m.cause = null;
}

/** A planned exit of a presence holding tasks needs a plan covering every one. */
function hasNeededPlan(m: Model, name: string): boolean {
  const held = m.tasks.get(name) ?? new Set();
  const covered = m.plans.get(name);
  if (m.exitCauses.get(name) !== 'planned' || held.size === 0) return true;
  return covered !== undefined && [...held].every((t) => covered.has(t));
}

function isPendingName(m: Model, name: string): boolean {
  return [...m.pending].some((key) => key.startsWith(`${name}/`));
}

function isTaskList(value: unknown): value is string[] {
  return (
    Array.isArray(value) &&
    value.every((t) => TASKS.includes(t as string)) &&
    new Set(value).size === value.length
  );
}

export function modelLead(model: Model): 'DPPA' | 'DPO' {
  for (const kind of model.presences.values()) {
    if (DPO_KINDS[model.doctrine].includes(kind)) return 'DPO';
  }
  return 'DPPA';
}

const isCoverage = (kind: string | undefined): boolean => kind === 'spm-regional-office';
const isMonth = (m: unknown): m is string =>
  typeof m === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(m);
const isName = (n: unknown): n is string =>
  typeof n === 'string' && n.trim() !== '' && n.length <= 200;

function missions(model: Model): string[] {
  return [...model.presences].filter(([, k]) => !isCoverage(k)).map(([n]) => n);
}

function settle(model: Model): void {
  const kinds = [...model.presences.values()];
  if (kinds.includes('pko')) model.phase = 'peacekeeping';
  else if (kinds.some((k) => !isCoverage(k))) model.phase = 'specialPoliticalMission';
  else model.phase = 'nonMission';
  model.stage = model.phase === 'nonMission' ? 'earlyWarning' : 'startUp';
}

/** Applies `event` to `model` if a country would take it; returns whether it did. */
export function stepModel(model: Model, event: Record<string, unknown>): boolean {
  if (!isMonth(event.month) || (model.month !== null && event.month < model.month)) return false;
  const leadBefore = modelLead(model);
  const ok = apply(model, event);
  if (ok) {
    model.month = event.month;
    model.accepted++;
    if (modelLead(model) !== leadBefore) model.handovers++;
  }
  return ok;
}

function apply(m: Model, e: Record<string, unknown>): boolean {
  const inMission = m.phase === 'specialPoliticalMission' || m.phase === 'peacekeeping';
  const name = e.presence;
  switch (e.type) {
    case 'REQUEST_SERVICE':
      return SERVICES.includes(e.service as string);
    case 'DEPLOY': {
      const p = e.presence as Record<string, unknown> | null;
      if (typeof p !== 'object' || p === null || Array.isArray(p)) return false;
      if (!isName(p.name) || !KINDS.includes(p.kind as string)) return false;
      if (p.mandate !== undefined && typeof p.mandate !== 'string') return false;
      if (p.tasks !== undefined && (!isTaskList(p.tasks) || isCoverage(p.kind as string))) {
        return false;
      }
      if (m.presences.has(p.name) || isPendingName(m, p.name)) return false;
      const kind = p.kind as string;
      m.presences.set(p.name, kind);
      m.tasks.set(p.name, new Set(p.tasks ?? []));
      if (kind === 'pko' && (m.phase === 'nonMission' || m.phase === 'specialPoliticalMission')) {
        m.phase = 'peacekeeping';
        m.stage = 'startUp';
      } else if (!isCoverage(kind) && m.phase === 'nonMission') {
        m.phase = 'specialPoliticalMission';
        m.stage = 'startUp';
      }
      return true;
    }
    case 'RENEW_MANDATE':
    case 'FINAL_MANDATE': {
      if (
        !isName(name) ||
        (e.type === 'RENEW_MANDATE' && e.mandate !== undefined && typeof e.mandate !== 'string')
      )
        return false;
      const kind = m.presences.get(name);
      if (kind === undefined || isCoverage(kind)) return false;
      if (m.phase === 'transition' && m.outgoing.has(name)) return false;
      if (!inMission && m.phase !== 'transition') return false;
      if (e.type === 'FINAL_MANDATE') {
        m.finals.add(name);
        if (inMission) m.stage = 'finalMandate';
      } else {
        const onlyFinal = [...m.finals].every((f) => f === name);
        m.finals.delete(name);
        if (inMission && (m.stage === 'startUp' || (m.stage === 'finalMandate' && onlyFinal))) {
          m.stage = 'mandateImplementation';
        }
      }
      return true;
    }
    case 'BEGIN_TRANSITION': {
      if (!isName(name)) return false;
      const kind = m.presences.get(name);
      if (kind === undefined || isCoverage(kind)) return false;
      if (inMission) {
        m.phase = 'transition';
        m.stage = 'planning';
      } else if (m.phase === 'transition') {
        if (m.stage === 'handover') m.stage = 'planning';
        else if (m.outgoing.has(name)) return false;
      } else return false;
      m.outgoing.add(name);
      m.cause ??= 'planned';
      if (!m.exitCauses.has(name)) m.exitCauses.set(name, 'planned');
      return true;
    }
    case 'DRAWDOWN': {
      if (!isName(name) || m.phase !== 'transition' || m.stage === 'handover') return false;
      if (!m.outgoing.has(name)) return false;
      // A planned drawdown needs a plan covering every task.
      if (!hasNeededPlan(m, name)) return false;
      m.stage = 'drawdown';
      return true;
    }
    case 'ADOPT_PLAN': {
      if (!isName(name) || typeof e.gender !== 'boolean') return false;
      const handover = e.handover as Record<string, unknown> | null;
      if (typeof handover !== 'object' || handover === null || Array.isArray(handover))
        return false;
      if (Object.entries(handover).some(([t, r]) => !TASKS.includes(t) || !isName(r))) return false;
      if (m.phase !== 'transition' || !m.outgoing.has(name) || m.plans.has(name)) return false;
      const held = m.tasks.get(name) ?? new Set();
      if (held.size === 0 || !e.gender) return false;
      if (Object.entries(handover).some(([t, r]) => !held.has(t) || r === name)) return false;
      if ([...held].some((t) => handover[t] === undefined)) return false;
      m.plans.set(name, new Set(Object.keys(handover)));
      m.plansAdopted++;
      return true;
    }
    case 'HAND_OVER_TASK': {
      const { task, to } = e;
      if (!isName(name) || !TASKS.includes(task as string) || !isName(to)) return false;
      const t = task as string;
      const key = `${name}/${t}`;
      // A regional office hands on a task it received in any phase; a mission only from its
      // drawdown on.
      const office = isCoverage(m.presences.get(name)) && (m.tasks.get(name)?.has(t) ?? false);
      if (!office && (m.phase !== 'transition' || m.stage === 'planning')) return false;
      const holds =
        office ||
        (m.outgoing.has(name) ? (m.tasks.get(name)?.has(t) ?? false) : m.pending.has(key));
      if (!holds || to === name) return false;
      const present = RECEIVER_KINDS.includes(to) || (m.presences.has(to) && !m.outgoing.has(to));
      if (!present) return false;
      if (office || m.outgoing.has(name)) m.tasks.get(name)?.delete(t);
      else m.pending.delete(key);
      if (m.presences.has(to)) m.tasks.get(to)?.add(t);
      m.tasksHanded++;
      return true;
    }
    case 'WITHDRAW': {
      if (!isName(name)) return false;
      const kind = m.presences.get(name);
      if (kind === undefined) return false;
      if (isCoverage(kind)) {
        // An office closes once it has handed on every task it received.
        if ((m.tasks.get(name)?.size ?? 0) > 0) return false;
        m.presences.delete(name);
        m.tasks.delete(name);
        return true;
      }
      if (m.phase !== 'transition' || m.stage !== 'drawdown' || !m.outgoing.has(name)) return false;
      if (!hasNeededPlan(m, name)) return false;
      // What it still holds waits for a receiver (planned) or is orphaned (its own forced exit).
      for (const t of m.tasks.get(name) ?? []) {
        if (m.exitCauses.get(name) === 'planned') m.pending.add(`${name}/${t}`);
        else m.tasksOrphaned++;
      }
      m.exitCauses.delete(name);
      m.tasks.delete(name);
      m.presences.delete(name);
      m.finals.delete(name);
      m.outgoing.delete(name);
      if (m.outgoing.size === 0) m.stage = 'handover';
      return true;
    }
    case 'COMPLETE_HANDOVER':
      if (m.phase !== 'transition' || m.stage !== 'handover') return false;
      if (m.pending.size > 0) return false;
      endTransition(m, true);
      m.finals.clear();
      settle(m);
      return true;
    case 'RELAPSE':
      if (e.reason !== undefined && typeof e.reason !== 'string') return false;
      if (m.phase !== 'transition' || missions(m).length === 0) return false;
      endTransition(m, false);
      m.outgoing.clear();
      m.finals.clear();
      settle(m);
      m.stage = 'mandateImplementation';
      return true;
    case 'FORCED_EXIT':
      if (!CAUSES.includes(e.cause as string)) return false;
      if (!inMission && !(m.phase === 'transition' && missions(m).length > 0)) return false;
      m.phase = 'transition';
      m.stage = 'drawdown';
      for (const n of missions(m)) {
        m.outgoing.add(n);
        m.exitCauses.set(n, e.cause as string);
      }
      m.cause = e.cause as string;
      return true;
    case 'ENGAGE_PREVENTION':
      if (m.phase !== 'nonMission' || m.stage !== 'earlyWarning') return false;
      m.stage = 'preventiveDiplomacy';
      return true;
    case 'STAND_DOWN':
      if (m.phase !== 'nonMission' || m.stage !== 'preventiveDiplomacy') return false;
      m.stage = 'earlyWarning';
      return true;
    default:
      return false;
  }
}

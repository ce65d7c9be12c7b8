/**
 * Baseline for `npm run bench`: the country rules as one hand-written reducer (no XState):
 * presences, phase, lead by doctrine, notices to the informed department, handovers, journal.
 * Same immutable-update style as the machine's actions, so the comparison is about the engine.
 */
import type { CountryEvent, CountryInput } from '../machines/country-types.ts';
import {
  DEFAULT_DOCTRINE,
  getLeadDepartment,
  getOtherDepartment,
  getPhaseForPresences,
  isCoverageKind,
  type LeadDepartment,
  type Doctrine,
  type PresenceKind,
} from '../src/domain/index.ts';

type Phase = 'nonMission' | 'specialPoliticalMission' | 'peacekeeping' | 'transition';

export interface ReducerState {
  doctrine: Doctrine;
  phase: Phase;
  stage: string;
  month: string | null;
  presences: { name: string; kind: PresenceKind; final?: boolean }[];
  outgoing: string[];
  lead: LeadDepartment;
  informed: LeadDepartment;
  journal: { seq: number; month: string | null; event: string }[];
  notices: { to: LeadDepartment; month: string | null; subject: string }[];
  handovers: { from: LeadDepartment; to: LeadDepartment; month: string | null }[];
  services: string[];
}

export function initReducer(input: CountryInput): ReducerState {
  const doctrine = input.doctrine ?? DEFAULT_DOCTRINE;
  const presences = (input.presences ?? []).map((p) => ({ name: p.name, kind: p.kind }));
  const lead = getLeadDepartment(doctrine, presences);
  return {
    doctrine,
    phase: getPhaseForPresences(presences),
    stage: 'startUp',
    month: input.month ?? null,
    presences,
    outgoing: [],
    lead,
    informed: getOtherDepartment(lead),
    journal: [{ seq: 1, month: input.month ?? null, event: 'OPEN' }],
    notices: [],
    handovers: [],
    services: [],
  };
}

function settle(before: ReducerState, next: ReducerState, event: CountryEvent): ReducerState {
  const lead = getLeadDepartment(next.doctrine, next.presences, event.month);
  const informed = getOtherDepartment(lead);
  const notices = [...next.notices];
  const month = event.month;
  if (before.phase !== next.phase) notices.push({ to: informed, month, subject: 'phase' });
  if (before.presences.length !== next.presences.length)
    notices.push({ to: informed, month, subject: 'presence' });
  if (before.lead !== lead) notices.push({ to: informed, month, subject: 'lead' });
  const handovers =
    before.lead === lead
      ? next.handovers
      : [...next.handovers, { from: before.lead, to: lead, month }];
  return { ...next, lead, informed, notices, handovers };
}

function journal(state: ReducerState, event: CountryEvent): ReducerState {
  const seq = (state.journal[state.journal.length - 1]?.seq ?? 0) + 1;
  return {
    ...state,
    month: event.month,
    journal: [...state.journal, { seq, month: event.month, event: event.type }],
  };
}

const has = (s: ReducerState, name: string) => s.presences.some((p) => p.name === name);

/** One event; returns the same object when the rules refuse it. */
export function reduce(state: ReducerState, event: CountryEvent): ReducerState {
  if (state.month !== null && event.month < state.month) return state;
  let next: ReducerState;
  switch (event.type) {
    case 'DEPLOY': {
      if (has(state, event.presence.name)) return state;
      const presences = [
        ...state.presences,
        { name: event.presence.name, kind: event.presence.kind },
      ];
      const phase = state.phase === 'transition' ? 'transition' : getPhaseForPresences(presences);
      next = { ...state, presences, phase, stage: phase === state.phase ? state.stage : 'startUp' };
      break;
    }
    case 'RENEW_MANDATE':
    case 'FINAL_MANDATE': {
      if (!has(state, event.presence) || state.phase === 'nonMission') return state;
      const final = event.type === 'FINAL_MANDATE';
      next = {
        ...state,
        stage: final ? 'finalMandate' : 'mandateImplementation',
        presences: state.presences.map((p) => (p.name === event.presence ? { ...p, final } : p)),
      };
      break;
    }
    case 'BEGIN_TRANSITION':
      if (!has(state, event.presence) || state.outgoing.includes(event.presence)) return state;
      next = {
        ...state,
        phase: 'transition',
        stage: 'planning',
        outgoing: [...state.outgoing, event.presence],
      };
      break;
    case 'DRAWDOWN':
      if (state.phase !== 'transition' || !state.outgoing.includes(event.presence)) return state;
      next = { ...state, stage: 'drawdown' };
      break;
    case 'WITHDRAW': {
      const p = state.presences.find((q) => q.name === event.presence);
      if (!p) return state;
      if (
        !isCoverageKind(p.kind) &&
        (state.phase !== 'transition' || !state.outgoing.includes(p.name))
      )
        return state;
      const outgoing = state.outgoing.filter((n) => n !== p.name);
      const presences = state.presences.filter((q) => q.name !== p.name);
      const stage =
        state.phase === 'transition' && outgoing.length === 0 ? 'handover' : state.stage;
      next = { ...state, presences, outgoing, stage };
      break;
    }
    case 'COMPLETE_HANDOVER':
      if (state.phase !== 'transition' || state.outgoing.length > 0) return state;
      next = { ...state, phase: getPhaseForPresences(state.presences), stage: 'startUp' };
      break;
    case 'FORCED_EXIT':
    case 'RELAPSE': {
      const missions = state.presences.filter((p) => !isCoverageKind(p.kind));
      if (missions.length === 0) return state;
      next =
        event.type === 'FORCED_EXIT'
          ? {
              ...state,
              phase: 'transition',
              stage: 'drawdown',
              outgoing: missions.map((p) => p.name),
            }
          : {
              ...state,
              phase: getPhaseForPresences(state.presences),
              stage: 'mandateImplementation',
              outgoing: [],
            };
      break;
    }
    case 'ENGAGE_PREVENTION':
    case 'STAND_DOWN':
      if (state.phase !== 'nonMission') return state;
      next = {
        ...state,
        stage: event.type === 'ENGAGE_PREVENTION' ? 'preventiveDiplomacy' : 'earlyWarning',
      };
      break;
    case 'REQUEST_SERVICE':
      next = { ...state, services: [...state.services, event.service] };
      break;
    case 'RESTRUCTURE':
      next = state;
      break;
    // Tasks and plans (issue 12) are not modelled by this baseline: it refuses them.
    case 'ADOPT_PLAN':
    case 'HAND_OVER_TASK':
      return state;
  }
  return journal(settle(state, next, event), event);
}

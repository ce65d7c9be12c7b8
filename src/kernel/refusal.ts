/**
 * Why the country machine refuses a well-formed event, in the note's terms. Reads only the state
 * value and the context, so the actor, the pure `transition` and the compiled form all give the
 * same reason for the same refusal.
 */
import type { CountryContext, CountryEvent } from '../../machines/country-types.ts';
import {
  findPresence,
  getForcedCause,
  getHandOverError,
  getPlanError,
  getUnplannedTasks,
  isReceiverPresent,
  isTimely,
} from '../../machines/country-logic.ts';
import { isCoverageKind } from '../domain/index.ts';
import type { StateValue } from 'xstate';
import { getPhase, getStage } from './state.ts';

function presenceReason(context: CountryContext, type: string, name: string): string | null {
  const presence = findPresence(context, name);
  if (!presence) {
    const active = context.presences.map((p) => p.name).join(', ') || 'none';
    return `${type}: no active presence named ${JSON.stringify(name)} (active: ${active})`;
  }
  if (isCoverageKind(presence.kind) && type === 'WITHDRAW' && (presence.tasks ?? []).length > 0) {
    return `WITHDRAW: ${name} still holds ${(presence.tasks ?? []).join(', ')}; a regional office closes once it has handed its tasks on (HAND_OVER_TASK)`;
  }
  if (isCoverageKind(presence.kind) && type !== 'WITHDRAW') {
    return `${type}: ${name} is a regional office covering the country, not a country mission; it has no mandate cycle or transition of its own`;
  }
  return null;
}

/**
 * The reason a machine in `value` with `context` does not take the well-formed `event` (the
 * caller has established that it does not).
 */
export function explainRefusal(
  value: StateValue,
  context: CountryContext,
  event: CountryEvent,
): string {
  const phase = getPhase(value);
  const stage = getStage(value);
  const where = stage ? `${phase}.${stage}` : phase;
  const e = event;
  if (!isTimely(context, e)) {
    return `${e.type}: month ${e.month} is before the country's current month ${String(context.month)}`;
  }
  switch (e.type) {
    case 'DEPLOY':
      if (findPresence(context, e.presence.name))
        return `DEPLOY: ${e.presence.name} is already active`;
      break;
    case 'RENEW_MANDATE':
    case 'FINAL_MANDATE':
    case 'BEGIN_TRANSITION':
    case 'DRAWDOWN':
    case 'WITHDRAW': {
      const reason = presenceReason(context, e.type, e.presence);
      if (reason) return reason;
      const outgoing = context.outgoing.includes(e.presence);
      if (e.type === 'WITHDRAW') {
        if (phase !== 'transition') {
          return `WITHDRAW: ${e.presence} is a mission; it can only end during a transition (BEGIN_TRANSITION, then DRAWDOWN), not in ${where}`;
        }
        if (!outgoing) {
          return `WITHDRAW: ${e.presence} is not part of the current transition; send BEGIN_TRANSITION for it first`;
        }
        if (stage === 'planning')
          return 'WITHDRAW: the transition is still planning; DRAWDOWN comes first';
        const leaving = findPresence(context, e.presence);
        const unplanned = leaving === undefined ? [] : getUnplannedTasks(leaving);
        if (getForcedCause(leaving) === null && unplanned.length > 0) {
          return `WITHDRAW: ${e.presence} leaves a planned transition without an adopted plan giving a receiver to ${unplanned.join(', ')} (ADOPT_PLAN first)`;
        }
      }
      if (e.type === 'DRAWDOWN') {
        const presence = findPresence(context, e.presence);
        const unplanned = presence === undefined ? [] : getUnplannedTasks(presence);
        if (outgoing && getForcedCause(presence) === null && unplanned.length > 0) {
          return presence?.plan === undefined
            ? `DRAWDOWN: no transition plan adopted for ${e.presence}; ADOPT_PLAN must give a receiver to each of its tasks (${unplanned.join(', ')}) before the drawdown`
            : `DRAWDOWN: the plan for ${e.presence} gives no receiver for ${unplanned.join(', ')}`;
        }
        return outgoing
          ? `DRAWDOWN: the transition is past drawdown (${where})`
          : `DRAWDOWN: ${e.presence} is not in a transition; BEGIN_TRANSITION for it first`;
      }
      if (outgoing && e.type !== 'WITHDRAW') {
        return `${e.type}: ${e.presence} is already being drawn down; RELAPSE reverses the transition`;
      }
      break;
    }
    case 'COMPLETE_HANDOVER':
      if (phase !== 'transition') {
        return `COMPLETE_HANDOVER is taken only at the end of a transition, not in ${where}`;
      }
      if (stage === 'handover' && context.pendingTasks.length > 0) {
        const waiting = context.pendingTasks.map((t) => `${t.task} of ${t.presence}`).join(', ');
        return `COMPLETE_HANDOVER: in ${e.month} tasks still have no receiver: ${waiting}; a planned transition completes only when every task has gone to a receiver (HAND_OVER_TASK)`;
      }
      return `COMPLETE_HANDOVER: outgoing presences still active (${context.outgoing.join(', ')})`;
    case 'ADOPT_PLAN':
      return phase === 'transition'
        ? `ADOPT_PLAN: ${getPlanError(context, e) ?? 'not taken'}`
        : `ADOPT_PLAN: a transition plan is adopted during a transition, not in ${where}`;
    case 'HAND_OVER_TASK':
      if (isCoverageKind(findPresence(context, e.presence)?.kind ?? 'pko')) {
        return `HAND_OVER_TASK: ${getHandOverError(context, e) ?? 'not taken'}`;
      }
      if (phase !== 'transition' || stage === 'planning') {
        return `HAND_OVER_TASK: tasks are handed over during the drawdown or after the last withdrawal, not in ${where}`;
      }
      return `HAND_OVER_TASK: ${getHandOverError(context, e) ?? 'not taken'}`;
    case 'RELAPSE':
      return phase === 'transition'
        ? 'RELAPSE: no mission presence is left to return to; DEPLOY one'
        : `RELAPSE reverses a transition; the country is in ${where}`;
    case 'FORCED_EXIT':
      return `FORCED_EXIT: there is no mission to exit in ${where}`;
    case 'ENGAGE_PREVENTION':
    case 'STAND_DOWN':
      return `${e.type} applies to non-mission settings (${e.type === 'ENGAGE_PREVENTION' ? 'early warning' : 'preventive diplomacy'}), not ${where}`;
    default:
      break;
  }
  return `${e.type} is not taken in ${where}`;
}

/** The continuity-of-care rules a refusal can stand for (ids of the invariant catalogue). */
export type RefusalRule =
  'no-task-orphaned' | 'plan-before-drawdown' | 'gender-in-plan' | 'receiver-exists';

/**
 * The invariant whose rule made the machine refuse `event` in `context`, where the refusal is one
 * of the task rules (issue 12): a plan that leaves a task without a receiver or names no WPS
 * element, a drawdown before the plan, a task sent to a receiver that is not there, a handover
 * completed with tasks still waiting. Null for every other refusal. A history that needs such an
 * event breaks continuity of care, so `replay` reports it as that invariant failing.
 */
export function getRefusalRule(
  value: StateValue,
  context: CountryContext,
  event: CountryEvent,
): RefusalRule | null {
  if (getPhase(value) !== 'transition' || !isTimely(context, event)) return null;
  switch (event.type) {
    case 'ADOPT_PLAN': {
      const presence = findPresence(context, event.presence);
      if (presence === undefined || !context.outgoing.includes(event.presence)) return null;
      if (presence.plan !== undefined) return null;
      const receivers = event.handover as Partial<Record<string, unknown>>;
      const uncovered = (presence.tasks ?? []).some((t) => !Object.hasOwn(receivers, t));
      if (uncovered) return 'no-task-orphaned';
      // The WPS element is to blame only when it is the plan's one fault.
      const otherwise = getPlanError(context, { ...event, gender: true });
      return otherwise === null && !event.gender ? 'gender-in-plan' : null;
    }
    case 'DRAWDOWN':
    case 'WITHDRAW': {
      if (event.type === 'WITHDRAW' && getStage(value) !== 'drawdown') return null;
      const presence = findPresence(context, event.presence);
      const planned = getForcedCause(presence) === null;
      return presence !== undefined &&
        planned &&
        context.outgoing.includes(event.presence) &&
        getUnplannedTasks(presence).length > 0
        ? 'plan-before-drawdown'
        : null;
    }
    case 'HAND_OVER_TASK': {
      if (getStage(value) === 'planning') return null;
      const held =
        getHandOverError(context, { ...event, to: 'completed' }) === null &&
        event.to !== event.presence;
      return held && !isReceiverPresent(context, event.to, event.month) ? 'receiver-exists' : null;
    }
    case 'COMPLETE_HANDOVER':
      return getStage(value) === 'handover' && context.pendingTasks.length > 0
        ? 'no-task-orphaned'
        : null;
    default:
      return null;
  }
}

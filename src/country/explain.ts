import type { CountryContext, CountryEvent } from '../../machines/country-types.ts';
import { getPayloadError, findPresence, isTimely } from '../../machines/country-logic.ts';
import { isCoverageKind } from '../domain/index.ts';
import { getPhase, getStage, type CountrySnapshot } from './state.ts';

export type Verdict = { accepted: true } | { accepted: false; reason: string };

function presenceReason(context: CountryContext, type: string, name: string): string | null {
  const presence = findPresence(context, name);
  if (!presence) {
    const active = context.presences.map((p) => p.name).join(', ') || 'none';
    return `${type}: no active presence named ${JSON.stringify(name)} (active: ${active})`;
  }
  if (isCoverageKind(presence.kind) && type !== 'WITHDRAW') {
    return `${type}: ${name} is a regional office covering the country, not a country mission; it has no mandate cycle or transition of its own`;
  }
  return null;
}

/**
 * Whether the machine in `snapshot` takes `event`, and if not, why, in the note's terms. Pure: it
 * asks the snapshot (`can`) and reads its context; the snapshot is not changed.
 */
export function explainEvent(snapshot: CountrySnapshot, event: unknown): Verdict {
  const payloadError = getPayloadError(event);
  if (payloadError !== null) return { accepted: false, reason: payloadError };
  const e = event as CountryEvent;
  if (snapshot.can(e)) return { accepted: true };
  const context = snapshot.context;
  const phase = getPhase(snapshot.value);
  const stage = getStage(snapshot.value);
  const where = stage ? `${phase}.${stage}` : phase;
  const refuse = (reason: string): Verdict => ({ accepted: false, reason });
  if (!isTimely(context, e)) {
    return refuse(`${e.type}: month ${e.month} is before the country's current month ${String(context.month)}`);
  }
  switch (e.type) {
    case 'DEPLOY':
      if (findPresence(context, e.presence.name)) return refuse(`DEPLOY: ${e.presence.name} is already active`);
      break;
    case 'RENEW_MANDATE':
    case 'FINAL_MANDATE':
    case 'BEGIN_TRANSITION':
    case 'DRAWDOWN':
    case 'WITHDRAW': {
      const reason = presenceReason(context, e.type, e.presence);
      if (reason) return refuse(reason);
      const outgoing = context.outgoing.includes(e.presence);
      if (e.type === 'WITHDRAW') {
        if (phase !== 'transition') {
          return refuse(
            `WITHDRAW: ${e.presence} is a mission; it can only end during a transition (BEGIN_TRANSITION, then DRAWDOWN), not in ${where}`,
          );
        }
        if (!outgoing) return refuse(`WITHDRAW: ${e.presence} is not part of the current transition; send BEGIN_TRANSITION for it first`);
        if (stage === 'planning') return refuse('WITHDRAW: the transition is still planning; DRAWDOWN comes first');
      }
      if (e.type === 'DRAWDOWN') {
        return refuse(
          outgoing
            ? `DRAWDOWN: the transition is past drawdown (${where})`
            : `DRAWDOWN: ${e.presence} is not in a transition; BEGIN_TRANSITION for it first`,
        );
      }
      if (outgoing && e.type !== 'WITHDRAW') {
        return refuse(`${e.type}: ${e.presence} is already being drawn down; RELAPSE reverses the transition`);
      }
      break;
    }
    case 'COMPLETE_HANDOVER':
      return refuse(
        phase === 'transition'
          ? `COMPLETE_HANDOVER: outgoing presences still active (${context.outgoing.join(', ')})`
          : `COMPLETE_HANDOVER is taken only at the end of a transition, not in ${where}`,
      );
    case 'RELAPSE':
      return refuse(
        phase === 'transition'
          ? 'RELAPSE: no mission presence is left to return to; DEPLOY one'
          : `RELAPSE reverses a transition; the country is in ${where}`,
      );
    case 'FORCED_EXIT':
      return refuse(`FORCED_EXIT: there is no mission to exit in ${where}`);
    case 'ENGAGE_PREVENTION':
    case 'STAND_DOWN':
      return refuse(
        `${e.type} applies to non-mission settings (${e.type === 'ENGAGE_PREVENTION' ? 'early warning' : 'preventive diplomacy'}), not ${where}`,
      );
    default:
      break;
  }
  return refuse(`${e.type} is not taken in ${where}`);
}

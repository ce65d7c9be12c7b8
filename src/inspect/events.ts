/**
 * The events a page can send, made concrete from its payload form (a draft) and the country's
 * state, each with the machine's verdict: accepted, or refused with the reason.
 */
import {
  COUNTRY_EVENT_TYPES,
  EXIT_CAUSES,
  type CountryContext,
  type CountryEvent,
  type CountryEventType,
} from '../../machines/country-types.ts';
import {
  isMissionKind,
  type Month,
  type PresenceKind,
  type Receiver,
  type Service,
  type Task,
} from '../domain/index.ts';
import { explainEvent, type CountrySnapshot } from '../country/index.ts';
import type { Draft } from './protocol.ts';

/** A draft with every field filled in. */
export interface ResolvedDraft {
  month: Month;
  presence: string;
  newName: string;
  kind: PresenceKind;
  mandate: string;
  cause: (typeof EXIT_CAUSES)[number];
  service: Service;
  reason: string;
  /** The task a HAND_OVER_TASK moves: the draft's, else the presence's first waiting one. */
  task: Task;
  /** Its receiver (default: the UN country team). */
  to: Receiver;
  /** The plan an ADOPT_PLAN adopts: every task of the presence to `to`. */
  handover: Partial<Record<Task, Receiver>>;
  gender: boolean;
}

/** One event the page may send, with the verdict of the current state. */
export interface EventVerdict {
  type: CountryEventType;
  event: CountryEvent;
  accepted: boolean;
  reason?: string;
}

/** Fills a draft's missing fields from the country's state. */
export function resolveDraft(
  draft: Draft,
  context: CountryContext,
  fallbackMonth: Month,
): ResolvedDraft {
  const missions = context.presences.filter((p) => isMissionKind(p.kind));
  const active = context.presences.some((p) => p.name === draft.presence);
  return {
    month: draft.month ?? context.month ?? fallbackMonth,
    presence:
      active && draft.presence
        ? draft.presence
        : ((missions[0] ?? context.presences[0])?.name ?? ''),
    newName: draft.newName ?? 'UNNEW',
    kind: draft.kind ?? 'pko',
    mandate: draft.mandate ?? '',
    cause: draft.cause ?? 'host-consent-withdrawn',
    service: draft.service ?? 'electoral-assistance',
    reason: draft.reason ?? '',
    ...resolveTaskDraft(draft, context),
  };
}

/** The task fields of a draft: the task to hand over, its receiver, the plan to adopt. */
function resolveTaskDraft(
  draft: Draft,
  context: CountryContext,
): Pick<ResolvedDraft, 'task' | 'to' | 'handover' | 'gender'> {
  const outgoing = context.presences.filter((p) => context.outgoing.includes(p.name));
  const named = context.presences.find((p) => p.name === draft.presence) ?? outgoing[0];
  const waiting = [
    ...(named?.tasks ?? []),
    ...context.pendingTasks.filter((t) => t.presence === draft.presence).map((t) => t.task),
    ...context.pendingTasks.map((t) => t.task),
  ];
  const to = draft.to ?? 'country-team';
  const handover: Partial<Record<Task, Receiver>> = {};
  for (const task of named?.tasks ?? []) handover[task] = to;
  return {
    task: draft.task ?? waiting[0] ?? 'political-process',
    to,
    handover,
    gender: draft.gender ?? true,
  };
}

/** The concrete event of `type` that a resolved draft describes. */
export function buildEvent(type: CountryEventType, d: ResolvedDraft): CountryEvent {
  const month = d.month;
  switch (type) {
    case 'DEPLOY':
      return {
        type,
        month,
        presence: d.mandate
          ? { name: d.newName, kind: d.kind, mandate: d.mandate }
          : { name: d.newName, kind: d.kind },
      };
    case 'RENEW_MANDATE':
      return d.mandate
        ? { type, month, presence: d.presence, mandate: d.mandate }
        : { type, month, presence: d.presence };
    case 'FINAL_MANDATE':
    case 'BEGIN_TRANSITION':
    case 'DRAWDOWN':
    case 'WITHDRAW':
      return { type, month, presence: d.presence };
    case 'RELAPSE':
      return d.reason ? { type, month, reason: d.reason } : { type, month };
    case 'FORCED_EXIT':
      return { type, month, cause: d.cause };
    case 'REQUEST_SERVICE':
      return { type, month, service: d.service };
    case 'ADOPT_PLAN':
      return { type, month, presence: d.presence, handover: d.handover, gender: d.gender };
    case 'HAND_OVER_TASK':
      return { type, month, presence: d.presence, task: d.task, to: d.to };
    case 'COMPLETE_HANDOVER':
    case 'RESTRUCTURE':
    case 'ENGAGE_PREVENTION':
    case 'STAND_DOWN':
      return { type, month };
  }
}

/**
 * Every event type, made concrete from the draft, with the machine's verdict (`snapshot.can`
 * through `explainEvent`). Refused events stay in the list, with their reason.
 */
export function getEventVerdicts(snapshot: CountrySnapshot, draft: ResolvedDraft): EventVerdict[] {
  return COUNTRY_EVENT_TYPES.map((type) => {
    const event = buildEvent(type, draft);
    const verdict = explainEvent(snapshot, event);
    return verdict.accepted
      ? { type, event, accepted: true }
      : { type, event, accepted: false, reason: verdict.reason };
  });
}

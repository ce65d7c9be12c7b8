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
  /**
   * The task a HAND_OVER_TASK moves: the draft's, else the first one the outgoing presences hold,
   * else the first one waiting for a receiver.
   */
  task: Task;
  /** The presence that hands `task` over (outgoing, or withdrawn with the task waiting). */
  taskFrom: string;
  /** Its receiver: the draft's, else the one the adopted plan names, else the UN country team. */
  to: Receiver;
  /** The presence an ADOPT_PLAN is for: the draft's when it is outgoing with tasks, else the first such. */
  planFor: string;
  /** The plan an ADOPT_PLAN adopts: every task of `planFor` to the draft's receiver for it. */
  handover: Partial<Record<Task, Receiver>>;
  /** Whether the plan names its women, peace and security element. */
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
  const presence =
    active && draft.presence
      ? draft.presence
      : ((missions[0] ?? context.presences.toArray()[0])?.name ?? '');
  return {
    month: draft.month ?? context.month ?? fallbackMonth,
    presence,
    newName: draft.newName ?? 'UNNEW',
    kind: draft.kind ?? 'pko',
    mandate: draft.mandate ?? '',
    cause: draft.cause ?? 'host-consent-withdrawn',
    service: draft.service ?? 'electoral-assistance',
    reason: draft.reason ?? '',
    ...resolveTaskDraft(draft, context, presence),
  };
}

/** The task fields of a draft: the task to hand over and its receiver, the plan to adopt. */
function resolveTaskDraft(
  draft: Draft,
  context: CountryContext,
  presence: string,
): Pick<ResolvedDraft, 'task' | 'taskFrom' | 'to' | 'planFor' | 'handover' | 'gender'> {
  const outgoing = context.presences.filter((p) => context.outgoing.includes(p.name));
  // What can be handed over now: the outgoing presences' tasks, then the ones left waiting.
  const sources = [
    ...outgoing.flatMap((p) => (p.tasks ?? []).map((task) => ({ presence: p.name, task }))),
    ...context.pendingTasks,
  ];
  const source =
    sources.find(
      (s) => s.presence === draft.presence && (draft.task === undefined || s.task === draft.task),
    ) ??
    (draft.task === undefined ? undefined : sources.find((s) => s.task === draft.task)) ??
    (draft.task === undefined ? sources[0] : undefined);
  const task = draft.task ?? source?.task ?? 'political-process';
  const taskFrom = source?.presence ?? draft.presence ?? presence;
  const plannedFor = (name: string, t: Task): Receiver | undefined =>
    context.presences.find((p) => p.name === name)?.plan?.receivers[t] ??
    [...context.plans].reverse().find((p) => p.presence === name)?.receivers[t];
  const to = draft.to ?? plannedFor(taskFrom, task) ?? 'country-team';

  const tasked = outgoing.filter((p) => (p.tasks ?? []).length > 0);
  const planned =
    tasked.find((p) => p.name === draft.presence) ??
    tasked.find((p) => p.plan === undefined) ??
    tasked[0] ??
    outgoing[0];
  const planFor = planned?.name ?? presence;
  const handover: Partial<Record<Task, Receiver>> = {};
  for (const t of planned?.tasks ?? []) handover[t] = draft.plan?.[t] ?? draft.to ?? 'country-team';
  return { task, taskFrom, to, planFor, handover, gender: draft.gender ?? true };
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
      return { type, month, presence: d.planFor, handover: d.handover, gender: d.gender };
    case 'HAND_OVER_TASK':
      return { type, month, presence: d.taskFrom, task: d.task, to: d.to };
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

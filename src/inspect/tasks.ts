/**
 * The inspector's Tasks panel (issue 12): for the country at the selected month, each presence's
 * mandated tasks, the adopted plans (a receiver per task, the WPS element), the tasks handed over,
 * the tasks still waiting for a receiver and the tasks orphaned by a forced exit, with the
 * receivers present now. Plain JSON, derived from the context only.
 */
import type { CountryContext, OrphanedTask, TaskHandover } from '../../machines/country-types.ts';
import { isReceiverPresent } from '../../machines/country-logic.ts';
import {
  RECEIVER_KINDS,
  TASK_PROVIDERS,
  isCountryTeamPresent,
  type Month,
  type Receiver,
  type Task,
} from '../domain/index.ts';

/** A task with where headquarters provides it and the receiver its presence's plan names. */
export interface TaskRow {
  task: Task;
  /** `DPO · ASG for ...`, or null where the note names no provider. */
  provider: string | null;
  /** The receiver the adopted plan gives it; null: no plan covers it. */
  planned: Receiver | null;
}

export interface PlanView {
  at: Month | null;
  presence: string;
  /** The plan names a women, peace and security / gender element. */
  gender: boolean;
  receivers: { task: Task; to: Receiver }[];
}

export interface TasksView {
  /** The month the panel describes: the scenario cursor, else the country's last month. */
  asOf: Month | null;
  countryTeam: {
    present: boolean;
    since: Month | null;
    until: Month | null;
    residentCoordinator: string | null;
  } | null;
  presences: {
    name: string;
    kind: string;
    outgoing: boolean;
    tasks: TaskRow[];
    plan: PlanView | null;
  }[];
  plans: PlanView[];
  handovers: TaskHandover[];
  /** Tasks of presences withdrawn in a planned transition, waiting for their receiver. */
  pending: { presence: string; task: Task; planned: Receiver | null }[];
  orphaned: OrphanedTask[];
  /** What HAND_OVER_TASK can move now: outgoing presences' tasks, then the waiting ones. */
  toHandOver: { presence: string; task: Task; planned: Receiver | null; waiting: boolean }[];
  /** Every receiver a page may name, each with whether it can receive a task in `asOf`. */
  receivers: { name: Receiver; present: boolean }[];
  counts: { held: number; planned: number; handedOver: number; pending: number; orphaned: number };
}

function providerText(task: Task): string | null {
  const provider = TASK_PROVIDERS[task];
  return provider === null ? null : `${provider.department} · ${provider.office}`;
}

function toPlanView(plan: {
  at: Month | null;
  presence: string;
  gender: boolean;
  receivers: Partial<Record<Task, Receiver>>;
}): PlanView {
  return {
    at: plan.at,
    presence: plan.presence,
    gender: plan.gender,
    receivers: Object.entries(plan.receivers)
      .filter((entry): entry is [Task, Receiver] => typeof entry[1] === 'string')
      .map(([task, to]) => ({ task, to })),
  };
}

/**
 * The panel for `context`, as of `asOf` (the selected month); `eventMonth` is the month the
 * page's next event carries, in which receivers must be present.
 */
export function buildTasksView(
  context: CountryContext,
  asOf: Month | null,
  eventMonth: Month | null = asOf,
): TasksView {
  const lastPlan = (presence: string): CountryContext['plans'][number] | undefined =>
    [...context.plans].reverse().find((p) => p.presence === presence);
  const presences = context.presences.map((p) => {
    const receivers = p.plan?.receivers ?? {};
    return {
      name: p.name,
      kind: p.kind,
      outgoing: context.outgoing.includes(p.name),
      tasks: (p.tasks ?? []).map((task) => ({
        task,
        provider: providerText(task),
        planned: receivers[task] ?? null,
      })),
      plan:
        p.plan === undefined
          ? null
          : toPlanView({
              at: p.plan.month,
              presence: p.name,
              gender: p.plan.gender,
              receivers: p.plan.receivers,
            }),
    };
  });
  const pending = context.pendingTasks.map(({ presence, task }) => ({
    presence,
    task,
    planned: lastPlan(presence)?.receivers[task] ?? null,
  }));
  const toHandOver = [
    ...presences
      .filter((p) => p.outgoing)
      .flatMap((p) =>
        p.tasks.map((t) => ({
          presence: p.name,
          task: t.task,
          planned: t.planned,
          waiting: false,
        })),
      ),
    ...pending.map((t) => ({ ...t, waiting: true })),
  ];
  const month = asOf ?? context.month;
  const receiving = eventMonth ?? month;
  const receivers: TasksView['receivers'] = [
    ...RECEIVER_KINDS.map((name) => ({
      name,
      present:
        receiving === null
          ? name !== 'country-team' || isCountryTeamPresent(context.countryTeam, null)
          : isReceiverPresent(context, name, receiving),
    })),
    ...context.presences.map((p) => ({
      name: p.name,
      present: !context.outgoing.includes(p.name),
    })),
  ];
  const team = context.countryTeam;
  return {
    asOf: month,
    countryTeam:
      team === null
        ? null
        : {
            present: isCountryTeamPresent(team, month),
            since: team.since,
            until: team.until,
            residentCoordinator: team.residentCoordinator ?? null,
          },
    presences,
    plans: context.plans.map(toPlanView),
    handovers: context.taskHandovers,
    pending,
    orphaned: context.orphanedTasks,
    toHandOver,
    receivers,
    counts: {
      held: presences.reduce((n, p) => n + p.tasks.length, 0),
      planned: presences.reduce((n, p) => n + p.tasks.filter((t) => t.planned !== null).length, 0),
      handedOver: context.taskHandovers.length,
      pending: pending.length,
      orphaned: context.orphanedTasks.length,
    },
  };
}

/** Running the restructuring process machine through its recorded milestones. */
import { createActor, type StateValue } from 'xstate';
import {
  restructuringMachine,
  type ProcessRecord,
  type RestructuringEvent,
} from '../../machines/restructuring.ts';
import { RESTRUCTURING_MILESTONES } from '../domain/legacy.ts';
import {
  DEFAULT_PLAN,
  checkMapping,
  type RestructuringPlan,
} from '../domain/restructuring-plan.ts';

/** The milestones of DOMAIN.md as events of the process machine. */
export function getMilestoneEvents(): RestructuringEvent[] {
  return RESTRUCTURING_MILESTONES.map((m) => ({
    type: m.event,
    date: m.date,
    document: m.document,
    text: m.text,
  }));
}

/** A state value as a dotted path: `endorsed.approved`. */
export function toStatePath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [key, inner] = Object.entries(value)[0] ?? ['', undefined];
  return inner === undefined ? key : `${key}.${toStatePath(inner)}`;
}

export interface ProcessOutcome {
  state: string;
  history: ProcessRecord[];
  /** Events the machine refused, each with why. */
  refused: { event: RestructuringEvent; reason: string }[];
}

/**
 * Sends the events (default: the recorded milestones) whose date is on or before `until`
 * (YYYY-MM or YYYY-MM-DD; default: all) to a fresh process actor.
 */
export function runRestructuring(
  options: {
    plan?: RestructuringPlan;
    events?: readonly RestructuringEvent[];
    until?: string;
  } = {},
): ProcessOutcome {
  const plan = options.plan ?? DEFAULT_PLAN;
  const actor = createActor(restructuringMachine, { input: { plan } });
  actor.start();
  const refused: ProcessOutcome['refused'] = [];
  for (const event of options.events ?? getMilestoneEvents()) {
    if (options.until !== undefined && event.date.slice(0, options.until.length) > options.until)
      break;
    const before = actor.getSnapshot();
    actor.send(event);
    if (actor.getSnapshot() === before) {
      const issues = event.type === 'IMPLEMENT' ? checkMapping(before.context.plan) : [];
      const reason =
        issues.length > 0
          ? `the mapping fails ${issues.length} check(s): ${issues.map((i) => i.message).join('; ')}`
          : `${event.type} dated ${event.date} is not taken in ${toStatePath(before.value)} (latest act ${before.context.date})`;
      refused.push({ event, reason });
    }
  }
  const snapshot = actor.getSnapshot();
  actor.stop();
  return { state: toStatePath(snapshot.value), history: snapshot.context.history, refused };
}

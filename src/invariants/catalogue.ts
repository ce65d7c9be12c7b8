/**
 * The continuity-of-care invariants (DESIGN.md): one catalogue, each a pure predicate over a state
 * or a step, returning null when it holds and a message naming what broke when it does not.
 */
import {
  SERVICE_PROVIDERS,
  getCountryTeam,
  getDepartmentLine,
  getEraDepartments,
  getLeadDepartment,
  getOtherDepartment,
  isBackstopEra,
  getPhaseForPresences,
  isCountryTeamPresent,
  isMissionKind,
  isReceiverKind,
} from '../domain/index.ts';
import type {
  AdoptedPlan,
  CountryContext,
  NoticeSubject,
  Phase,
  ServiceRecord,
} from '../../machines/country-types.ts';
import { NameList, PresenceList, type Presence } from '../domain/index.ts';
import { getPhase, type CountryState, type CountryStep } from '../kernel/state.ts';
import { findLostEntry, isDeepEqual } from './equal.ts';
import type { CheckedInvariant } from '../kernel/check.ts';

export const INVARIANT_IDS = [
  'team-constant',
  'single-lead',
  'lead-by-doctrine',
  'other-informed',
  'seamless-handover',
  'case-file-kept',
  'transition-passage',
  'service-provider-stable',
  'phase-by-presences',
  'no-task-orphaned',
  'plan-before-drawdown',
  'gender-in-plan',
  'receiver-exists',
] as const;
/** The ids of the invariants this library ships (DESIGN.md). */
export type BuiltInInvariantId = (typeof INVARIANT_IDS)[number];
/**
 * Any invariant's id: the built-in ones, or any string for an invariant of your own (so a
 * user-defined invariant needs no cast; the built-in ids still complete in an editor).
 */
export type InvariantId = BuiltInInvariantId | (string & {});

/**
 * A continuity-of-care invariant over country states and steps. Open: write your own with any id
 * and pass it wherever a list of invariants is taken (replay, runs, the step kernel).
 */
export interface Invariant extends CheckedInvariant<CountryState, CountryStep> {
  id: InvariantId;
}

/** An invariant of the built-in catalogue. */
export interface BuiltInInvariant extends Invariant {
  id: BuiltInInvariantId;
}

/**
 * Same presence names in the same order. The lists are persistent and share structure from step
 * to step, so this costs what changed, not how many presences are active (checks run on every
 * step).
 */
function samePresences(before: CountryState, after: CountryState): boolean {
  return NameList.same(before.context.presences.names, after.context.presences.names);
}

/** The presences of `before` that `after` no longer has, by name. */
function findEnded(before: PresenceList, after: PresenceList): readonly Presence[] {
  // Same names (a mandate renewed, a plan adopted, a task moved): none ended, nothing to compare.
  if (NameList.same(before.names, after.names)) return [];
  return PresenceList.diff(before, after).removed;
}

function findWrongProvider(services: readonly ServiceRecord[], from: number): string | null {
  for (let i = from; i < services.length; i++) {
    const s = services[i] as ServiceRecord;
    if (!isDeepEqual(s.provider, SERVICE_PROVIDERS[s.service])) {
      return `${s.service} provided by ${s.provider.department}/${s.provider.office}`;
    }
  }
  return null;
}

const MISSION_PHASES: readonly Phase[] = ['specialPoliticalMission', 'peacekeeping'];

/** `presence \0 task` for every task held by an active presence or pending after a withdrawal. */
function getHeldTasks(presences: Iterable<Presence>, pending: CountryContext['pendingTasks']) {
  const held = new Set<string>();
  for (const p of presences) {
    for (const task of p.tasks ?? []) held.add(`${p.name}\u0000${task}`);
  }
  for (const t of pending) held.add(`${t.presence}\u0000${t.task}`);
  return held;
}

/**
 * The presences of `before` that `after` does not keep as the same object, and those of `after`
 * that are new or changed: only these can have given up or taken a task, so a step looks at what
 * it changed, not at every presence.
 */
function findChangedPresences(
  before: PresenceList,
  after: PresenceList,
): { before: Presence[]; after: Presence[] } {
  const d = PresenceList.diff(before, after);
  return {
    before: [...d.removed, ...d.changed.map(([b]) => b)],
    after: [...d.changed.map(([, a]) => a), ...d.added],
  };
}

function describeKey(key: string): string {
  const [presence, task] = key.split('\u0000');
  return `${String(task)} of ${String(presence)}`;
}

/**
 * The first plan (of the record from `from`, or held by one of `held`) without its WPS element.
 * A whole state looks at every presence holding a plan; a step, at the presences it changed.
 */
function findPlanWithoutGender(
  plans: readonly AdoptedPlan[],
  from: number,
  held: readonly Presence[],
): string | null {
  for (let i = from; i < plans.length; i++) {
    const plan = plans[i] as AdoptedPlan;
    if (plan.gender !== true) {
      return `the plan adopted for ${plan.presence} at ${String(plan.at)} names no WPS / gender element`;
    }
  }
  const bare = held.find((p) => p.plan !== undefined && p.plan.gender !== true);
  return bare === undefined ? null : `the plan held by ${bare.name} names no WPS / gender element`;
}

export const INVARIANTS: readonly BuiltInInvariant[] = [
  {
    id: 'team-constant',
    description:
      'the regional ASG team is the same in every snapshot of a country\u2019s life (under historical, from 2019-01; before, the lead department\u2019s own team holds the country)',
    // The team is the one the structure in force gives: the shared regional team, or under
    // `historical` before 2019-01 the lead department's own team.
    checkState: ({ context }) => {
      const { doctrine, region, country, lead, month } = context;
      const expected = getCountryTeam(doctrine, region, country, lead, month);
      return isDeepEqual(context.team, expected)
        ? null
        : `team is ${context.team.id} but the structure in force at ${String(month)} gives ${expected.id}`;
    },
    // Before 2019-01 under `historical` each department had its own team: not yet constant.
    checkStep: ({ before, after }) =>
      isBackstopEra(before.context.doctrine, before.context.month) ||
      isDeepEqual(before.context.team, after.context.team)
        ? null
        : `team changed from ${before.context.team.id} to ${after.context.team.id}`,
  },
  {
    id: 'single-lead',
    description:
      'exactly one lead department at every step: DPPA or DPO (under historical before 2019-01, DPA or DPKO)',
    checkState: ({ context }) => {
      const allowed = getEraDepartments(context.doctrine, context.month);
      return allowed.includes(context.lead)
        ? null
        : `lead is ${JSON.stringify(context.lead)}, not one of ${allowed.join(', ')}`;
    },
  },
  {
    id: 'lead-by-doctrine',
    description: 'the lead equals the doctrine\u2019s rule applied to the active presences',
    checkState: ({ context }) => {
      const expected = getLeadDepartment(context.doctrine, context.presences, context.month);
      return context.lead === expected
        ? null
        : `lead is ${context.lead} but ${context.doctrine} gives ${expected} for [${context.presences
            .map((p) => `${p.name}:${p.kind}`)
            .join(', ')}]`;
    },
  },
  {
    id: 'other-informed',
    description:
      'the informed department is the other one, and each change of phase, presence or lead is noticed to it in the same step (under historical, from 2019-01, when dual reporting began)',
    checkState: ({ context }) =>
      isBackstopEra(context.doctrine, context.month) ||
      context.informed === getOtherDepartment(context.lead)
        ? null
        : `informed is ${context.informed} while ${context.lead} leads`,
    checkStep: ({ before, after }) => {
      if (isBackstopEra(after.context.doctrine, after.context.month)) return null;
      const lost = findLostEntry(before.context.notices, after.context.notices);
      if (lost >= 0) return `notice ${lost + 1} was lost`;
      const fresh = after.context.notices.slice(before.context.notices.length);
      const misaddressed = fresh.find(
        (n) => n.to !== after.context.informed || n.month !== after.context.month,
      );
      if (misaddressed) {
        return `notice "${misaddressed.text}" went to ${misaddressed.to} at ${String(misaddressed.month)}, not to ${after.context.informed} at ${String(after.context.month)}`;
      }
      const needed: NoticeSubject[] = [];
      if (getPhase(before.value) !== getPhase(after.value)) needed.push('phase');
      if (!samePresences(before, after)) needed.push('presence');
      if (before.context.lead !== after.context.lead) needed.push('lead');
      const missing = needed.filter((subject) => !fresh.some((n) => n.subject === subject));
      return missing.length === 0
        ? null
        : `${missing.join(', ')} changed without a notice to ${after.context.informed}`;
    },
  },
  {
    id: 'seamless-handover',
    description:
      'every change of the lead\u2019s line (political DPA/DPPA, operations DPKO/DPO) is a handover (from, to, month) at the month a presence starts or ends, or the month the 2019 structure came into force',
    checkStep: ({ before, after }) => {
      const lost = findLostEntry(before.context.handovers, after.context.handovers);
      if (lost >= 0) return `handover ${lost + 1} was lost`;
      const fresh = after.context.handovers.slice(before.context.handovers.length);
      if (getDepartmentLine(before.context.lead) === getDepartmentLine(after.context.lead)) {
        return fresh.length === 0
          ? null
          : `handover recorded while the lead stayed on the line of ${after.context.lead}`;
      }
      const expected = {
        from: before.context.lead,
        to: after.context.lead,
        month: after.context.month,
      };
      if (fresh.length !== 1 || !isDeepEqual(fresh[0], expected)) {
        return `lead changed ${before.context.lead} -> ${after.context.lead} at ${String(after.context.month)} but the handovers recorded were ${JSON.stringify(fresh)}`;
      }
      const reform =
        isBackstopEra(before.context.doctrine, before.context.month) &&
        !isBackstopEra(after.context.doctrine, after.context.month);
      return samePresences(before, after) && !reform
        ? `lead changed ${before.context.lead} -> ${after.context.lead} though no presence started or ended`
        : null;
    },
  },
  {
    id: 'case-file-kept',
    description: 'the case file only grows: every entry survives every later step',
    checkStep: ({ before, after, accepted }) => {
      const lost = findLostEntry(before.context.caseFile, after.context.caseFile);
      if (lost >= 0) return `case file entry ${lost + 1} was lost or altered`;
      if (accepted && after.context.caseFile.length <= before.context.caseFile.length) {
        return 'an accepted event left no entry in the case file';
      }
      return null;
    },
  },
  {
    id: 'transition-passage',
    description: 'leaving a mission always passes through transition',
    checkStep: ({ before, after }) => {
      const from = getPhase(before.value);
      const to = getPhase(after.value);
      const ended = findEnded(before.context.presences, after.context.presences).filter((p) =>
        isMissionKind(p.kind),
      );
      if (ended.length > 0 && (from !== 'transition' || to !== 'transition')) {
        return `${ended.map((p) => p.name).join(', ')} ended in a step from ${from} to ${to}, not within transition`;
      }
      const escalation = from === 'specialPoliticalMission' && to === 'peacekeeping';
      if (MISSION_PHASES.includes(from) && to !== from && to !== 'transition' && !escalation) {
        return `left ${from} for ${to} without passing through transition`;
      }
      return null;
    },
  },
  {
    id: 'service-provider-stable',
    description: 'a service\u2019s provider depends on the service, never on the phase',
    checkState: ({ context }) => findWrongProvider(context.services, 0),
    checkStep: ({ before, after }) => {
      const lost = findLostEntry(before.context.services, after.context.services);
      return lost >= 0 ? `service record ${lost + 1} was lost or altered` : null;
    },
    // Earlier records are kept (the step check): only the records the step added can be wrong.
    checkStateIncrement: ({ before, after }) =>
      findWrongProvider(after.context.services, before.context.services.length),
  },
  {
    id: 'phase-by-presences',
    description:
      'outside a transition the phase is the one the active presences call for, and the team is tailored to it',
    checkState: ({ value, context }) => {
      const phase = getPhase(value);
      const tailoring = phase === 'nonMission' ? 'non-mission' : 'mission';
      if (context.teamTailoring !== tailoring) {
        return `team tailored for ${context.teamTailoring} work in ${phase}`;
      }
      if (phase === 'transition') return null;
      const expected = getPhaseForPresences(context.presences);
      return phase === expected ? null : `phase ${phase} but the presences call for ${expected}`;
    },
  },
  {
    id: 'no-task-orphaned',
    description:
      'a planned exit never completes with a task that has no receiver: every task a presence gives up goes to a receiver, waits for one, or (only in a forced exit or a reversed transition) is recorded as orphaned',
    checkStep: ({ before, after, event }) => {
      const b = before.context;
      const a = after.context;
      const lostHandover = findLostEntry(b.taskHandovers, a.taskHandovers);
      if (lostHandover >= 0) return `task handover ${lostHandover + 1} was lost`;
      const lostOrphan = findLostEntry(b.orphanedTasks, a.orphanedTasks);
      if (lostOrphan >= 0) return `orphaned-task record ${lostOrphan + 1} was lost`;
      const freshOrphans = a.orphanedTasks.slice(b.orphanedTasks.length);
      for (const o of freshOrphans) {
        // Only a reversed transition, or the forced exit of that very presence, orphans a task.
        const reversed = o.cause === 'relapse' && event.type === 'RELAPSE';
        const own = b.presences.get(o.presence)?.exitCause;
        const forced = o.cause !== 'relapse' && own === o.cause;
        if (!reversed && !forced) {
          return `${o.task} of ${o.presence} was left with no receiver at ${String(o.at)} though its exit was ${String(own ?? 'not under way')}`;
        }
      }
      if (
        getPhase(before.value) === 'transition' &&
        getPhase(after.value) !== 'transition' &&
        event.type !== 'RELAPSE' &&
        a.pendingTasks.length > 0
      ) {
        const waiting = a.pendingTasks.map((t) => `${t.task} of ${t.presence}`).join(', ');
        return `the planned transition completed at ${String(a.month)} with tasks that have no receiver: ${waiting}`;
      }
      if (b.presences === a.presences && b.pendingTasks === a.pendingTasks) return null;
      const changed = findChangedPresences(b.presences, a.presences);
      const gaveUp = changed.before;
      const held = getHeldTasks(changed.after, a.pendingTasks);
      const accounted = new Set<string>();
      for (const h of a.taskHandovers.slice(b.taskHandovers.length)) {
        accounted.add(`${h.presence}\u0000${h.task}`);
      }
      for (const o of freshOrphans) accounted.add(`${o.presence}\u0000${o.task}`);
      for (const key of getHeldTasks(gaveUp, b.pendingTasks)) {
        if (!held.has(key) && !accounted.has(key)) {
          return `${describeKey(key)} disappeared at ${String(a.month)} without a receiver or an orphan record`;
        }
      }
      return null;
    },
  },
  {
    id: 'plan-before-drawdown',
    description:
      'no planned drawdown (or withdrawal) of a presence without an adopted plan that gives each of its tasks a receiver',
    checkStep: ({ before, event, accepted }) => {
      if (!accepted || (event.type !== 'DRAWDOWN' && event.type !== 'WITHDRAW')) return null;
      const presence = before.context.presences.get(event.presence);
      const tasks = presence?.tasks ?? [];
      if (presence?.exitCause !== 'planned' || tasks.length === 0) return null;
      const receivers = presence.plan?.receivers;
      if (receivers === undefined) {
        return `${presence.name} was ${event.type === 'DRAWDOWN' ? 'drawn down' : 'withdrawn'} at ${event.month} without an adopted transition plan for its tasks (${tasks.join(', ')})`;
      }
      const missing = tasks.filter((t) => receivers[t] === undefined);
      return missing.length === 0
        ? null
        : `${presence.name} was ${event.type === 'DRAWDOWN' ? 'drawn down' : 'withdrawn'} at ${event.month} with a plan that gives no receiver for ${missing.join(', ')}`;
    },
  },
  {
    id: 'gender-in-plan',
    description:
      'every adopted transition plan has its women, peace and security / gender element (note 2017, paragraph 12)',
    checkState: ({ context }) =>
      findPlanWithoutGender(context.plans, 0, context.presences.flagged()),
    checkStep: ({ before, after }) => {
      const lost = findLostEntry(before.context.plans, after.context.plans);
      return lost >= 0 ? `plan ${lost + 1} was lost or altered` : null;
    },
    checkStateIncrement: ({ before, after }) =>
      findPlanWithoutGender(
        after.context.plans,
        before.context.plans.length,
        before.context.presences === after.context.presences
          ? []
          : findChangedPresences(before.context.presences, after.context.presences).after,
      ),
  },
  {
    id: 'receiver-exists',
    description:
      'a task goes only to a receiver present in that month: the government, a regional organisation, the UN country team where there is one, or an active presence that is not itself leaving',
    checkStep: ({ before, after }) => {
      const a = after.context;
      for (const h of a.taskHandovers.slice(before.context.taskHandovers.length)) {
        if (h.at !== a.month) {
          return `${h.task} of ${h.presence} handed over dated ${String(h.at)} in a step at ${String(a.month)}`;
        }
        if (h.to === h.presence) return `${h.presence} handed ${h.task} to itself`;
        if (isReceiverKind(h.to)) {
          if (h.to === 'country-team' && !isCountryTeamPresent(a.countryTeam, a.month)) {
            return `${h.task} of ${h.presence} went to the UN country team at ${String(a.month)}, when the country had none`;
          }
          continue;
        }
        const present = a.presences.has(h.to);
        const leaving = before.context.outgoing.includes(h.to) || a.outgoing.includes(h.to);
        if (!present || leaving) {
          return `${h.task} of ${h.presence} went to ${h.to}, which was ${present ? 'itself leaving' : 'not present'} at ${String(a.month)}`;
        }
      }
      return null;
    },
  },
];

export function getInvariant(id: InvariantId): BuiltInInvariant {
  const found = INVARIANTS.find((inv) => inv.id === id);
  if (!found) throw new RangeError(`unknown invariant ${id}`);
  return found;
}

/**
 * The continuity-of-care invariants (DESIGN.md): one catalogue, each a pure predicate over a state
 * or a step, returning null when it holds and a message naming what broke when it does not.
 */
import {
  DEPARTMENTS,
  SERVICE_PROVIDERS,
  getLeadDepartment,
  getOtherDepartment,
  getPhaseForPresences,
  isMissionKind,
} from '../domain/index.ts';
import type { NoticeSubject, Phase, ServiceRecord } from '../../machines/country-types.ts';
import type { Presence } from '../domain/index.ts';
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

/** Same presence names in the same order, without building lists (checks run on every step). */
function samePresences(before: CountryState, after: CountryState): boolean {
  const a = before.context.presences;
  const b = after.context.presences;
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]?.name !== b[i]?.name) return false;
  return true;
}

/** The presences of `before` that `after` no longer has (one ordered pass where it can). */
function findEnded(before: readonly Presence[], after: readonly Presence[]): Presence[] {
  if (before === after) return [];
  const ended: Presence[] = [];
  let j = 0;
  for (const p of before) {
    if (j < after.length && after[j]?.name === p.name) j++;
    else ended.push(p);
  }
  // `after` kept the order of `before` (and may have appended): the pass above is exact.
  const kept = before.length - ended.length;
  if (j === kept) {
    const later = new Set<string>();
    for (let k = j; k < after.length; k++) later.add((after[k] as Presence).name);
    return later.size === 0 ? ended : ended.filter((p) => !later.has(p.name));
  }
  const remaining = new Set(after.map((q) => q.name));
  return before.filter((p) => !remaining.has(p.name));
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

export const INVARIANTS: readonly BuiltInInvariant[] = [
  {
    id: 'team-constant',
    description: 'the regional ASG team is the same in every snapshot of a country\u2019s life',
    checkStep: ({ before, after }) =>
      isDeepEqual(before.context.team, after.context.team)
        ? null
        : `team changed from ${before.context.team.id} to ${after.context.team.id}`,
  },
  {
    id: 'single-lead',
    description: 'exactly one lead department, DPPA or DPO, at every step',
    checkState: ({ context }) =>
      (DEPARTMENTS as readonly unknown[]).includes(context.lead)
        ? null
        : `lead is ${JSON.stringify(context.lead)}, not one of DPPA, DPO`,
  },
  {
    id: 'lead-by-doctrine',
    description: 'the lead equals the doctrine\u2019s rule applied to the active presences',
    checkState: ({ context }) => {
      const expected = getLeadDepartment(context.doctrine, context.presences);
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
      'the informed department is the other one, and each change of phase, presence or lead is noticed to it in the same step',
    checkState: ({ context }) =>
      context.informed === getOtherDepartment(context.lead)
        ? null
        : `informed is ${context.informed} while ${context.lead} leads`,
    checkStep: ({ before, after }) => {
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
      'every change of lead is a handover (from, to, month) at the month a presence starts or ends',
    checkStep: ({ before, after }) => {
      const lost = findLostEntry(before.context.handovers, after.context.handovers);
      if (lost >= 0) return `handover ${lost + 1} was lost`;
      const fresh = after.context.handovers.slice(before.context.handovers.length);
      if (before.context.lead === after.context.lead) {
        return fresh.length === 0
          ? null
          : `handover recorded while the lead stayed ${after.context.lead}`;
      }
      const expected = {
        from: before.context.lead,
        to: after.context.lead,
        month: after.context.month,
      };
      if (fresh.length !== 1 || !isDeepEqual(fresh[0], expected)) {
        return `lead changed ${before.context.lead} -> ${after.context.lead} at ${String(after.context.month)} but the handovers recorded were ${JSON.stringify(fresh)}`;
      }
      return samePresences(before, after)
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
];

export function getInvariant(id: InvariantId): BuiltInInvariant {
  const found = INVARIANTS.find((inv) => inv.id === id);
  if (!found) throw new RangeError(`unknown invariant ${id}`);
  return found;
}

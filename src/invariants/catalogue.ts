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
  isMissionKind,
} from '../domain/index.ts';
import type { NoticeSubject, Phase } from '../../machines/country-types.ts';
import { getPhase, type CountryState, type CountryStep } from '../country/state.ts';
import { findLostEntry, isDeepEqual } from './equal.ts';

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
export type InvariantId = (typeof INVARIANT_IDS)[number];

export interface Invariant {
  id: InvariantId;
  description: string;
  /** Checked on every state, the initial one included. */
  checkState?: (state: CountryState) => string | null;
  /** Checked on every step, refused events included. */
  checkStep?: (step: CountryStep) => string | null;
}

function names(state: CountryState): string[] {
  return state.context.presences.map((p) => p.name);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

const MISSION_PHASES: readonly Phase[] = ['specialPoliticalMission', 'peacekeeping'];

export const INVARIANTS: readonly Invariant[] = [
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
      if (!sameList(names(before), names(after))) needed.push('presence');
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
      return sameList(names(before), names(after)) && !reform
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
      const ended = before.context.presences.filter(
        (p) => isMissionKind(p.kind) && !after.context.presences.some((q) => q.name === p.name),
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
    checkState: ({ context }) => {
      const wrong = context.services.find(
        (s) => !isDeepEqual(s.provider, SERVICE_PROVIDERS[s.service]),
      );
      return wrong
        ? `${wrong.service} provided by ${wrong.provider.department}/${wrong.provider.office}`
        : null;
    },
    checkStep: ({ before, after }) => {
      const lost = findLostEntry(before.context.services, after.context.services);
      return lost >= 0 ? `service record ${lost + 1} was lost or altered` : null;
    },
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

export function getInvariant(id: InvariantId): Invariant {
  const found = INVARIANTS.find((inv) => inv.id === id);
  if (!found) throw new RangeError(`unknown invariant ${id}`);
  return found;
}

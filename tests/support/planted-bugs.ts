/**
 * Variants of the country machine with one planted bug each, made with `machine.provide()`.
 * Each must be caught by an invariant: the property tests (tests/planted-bugs.test.ts) and the
 * exhaustive exploration (tests/verify.test.ts) both use these.
 */
import {
  countryMachine,
  createCountryActions,
  type CountryMachine,
} from '../../machines/country.ts';
import * as logic from '../../machines/country-logic.ts';
import { getOtherDepartment } from '../../src/domain/index.ts';
import type { InvariantId } from '../../src/invariants/index.ts';

export interface PlantedBug {
  name: string;
  /** The invariant expected to catch it. */
  caughtBy: InvariantId;
  machine: CountryMachine;
  /** The most events a shrunk counterexample needs (default 5). */
  maxEvents?: number;
}

/** A guard that takes every HAND_OVER_TASK of a task the presence holds, whoever the receiver. */
const anyReceiver = countryMachine.provide({
  guards: {
    canHandOverTask: ({ context, event }) =>
      logic.isAdmissible(context, event) &&
      event.type === 'HAND_OVER_TASK' &&
      event.to !== event.presence &&
      logic.getHandOverError(context, { ...event, to: 'completed' }) === null,
  },
});

/** The bugs the country machine issue asks to be caught, by short id. */
export const BUGS = {
  leadSwapped: {
    name: 'lead swapped: the other department is made lead',
    caughtBy: 'lead-by-doctrine',
    machine: countryMachine.provide({
      actions: createCountryActions({
        deriveLead: (context) => {
          const derived = logic.withLeadDerived(context);
          const lead = getOtherDepartment(derived.lead);
          return { ...derived, lead, informed: getOtherDepartment(lead) };
        },
      }),
    }),
  },
  silentNotices: {
    name: 'notice skipped: the informed department is not told',
    caughtBy: 'other-informed',
    machine: countryMachine.provide({
      actions: createCountryActions({ notifyInformed: (context) => context }),
    }),
  },
  teamRenamed: {
    name: 'team reassigned whenever the team is tailored',
    caughtBy: 'team-constant',
    machine: countryMachine.provide({
      actions: createCountryActions({
        tailorTeam: (context, phase) => {
          const next = logic.withTeamTailored(context, phase);
          return { ...next, team: { ...next.team, id: `${next.team.id}/${next.teamTailoring}` } };
        },
      }),
    }),
  },
  journalDropsOldest: {
    name: 'journal entry dropped: the oldest entry is lost on each write',
    caughtBy: 'case-file-kept',
    machine: countryMachine.provide({
      actions: createCountryActions({
        journal: (context, event) => {
          const next = logic.withJournalEntry(context, event);
          return { ...next, caseFile: next.caseFile.slice(1) };
        },
      }),
    }),
  },
  anyWithdrawal: {
    name: 'mission ends outside transition: any active presence may be withdrawn in any phase',
    caughtBy: 'transition-passage',
    machine: countryMachine.provide({
      guards: {
        isActiveCoverage: ({ context, event }) =>
          logic.isAdmissible(context, event) &&
          logic.findPresence(context, logic.eventPresenceName(event) ?? '') !== undefined,
      },
    }),
  },
  genderlessPlan: {
    name: 'plan without its WPS element: the gender flag is not checked',
    caughtBy: 'gender-in-plan',
    machine: countryMachine.provide({
      guards: {
        canAdoptPlan: ({ context, event }) =>
          logic.isAdmissible(context, event) &&
          event.type === 'ADOPT_PLAN' &&
          logic.getPlanError(context, { ...event, gender: true }) === null,
      },
    }),
  },
  receiverGone: {
    name: 'task handed to a receiver that is not there (left, leaving, or never came)',
    caughtBy: 'receiver-exists',
    machine: anyReceiver,
  },
  completesWithPending: {
    name: 'handover completed while tasks still wait for a receiver',
    caughtBy: 'no-task-orphaned',
    // Six events: deploy, begin, plan, drawdown, withdraw, complete.
    maxEvents: 6,
    machine: countryMachine.provide({
      guards: {
        isHandoverDue: ({ context, event }) => logic.isAdmissible(context, event),
        isHandoverDueWithPko: ({ context, event }) =>
          logic.isAdmissible(context, event) && logic.hasPko(context),
        isHandoverDueWithMission: ({ context, event }) =>
          logic.isAdmissible(context, event) && logic.hasMissionPresence(context),
      },
    }),
  },
  drawdownBeforePlan: {
    name: 'drawdown before the plan: a planned drawdown without an adopted plan',
    caughtBy: 'plan-before-drawdown',
    machine: countryMachine.provide({
      guards: {
        canDrawDown: ({ context, event }) =>
          logic.isAdmissible(context, event) && logic.isOutgoing(context, event),
      },
    }),
  },
} satisfies Record<string, PlantedBug>;

export const PLANTED_BUGS: readonly PlantedBug[] = Object.values(BUGS);

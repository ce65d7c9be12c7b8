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
}

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
} satisfies Record<string, PlantedBug>;

export const PLANTED_BUGS: readonly PlantedBug[] = Object.values(BUGS);

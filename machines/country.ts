/**
 * One country's life in the peace and security pillar (note of 11 September 2017): non-mission
 * settings, special political missions, peacekeeping, and the transitions between them. The lead
 * department is derived from the active presences by the doctrine; the regional ASG team never
 * changes; the other department is told of every change. Pure: no I/O, no clock, no randomness.
 */
import { and, assign, not, setup } from 'xstate';
import type { Phase } from './country-types.ts';
import type { CountryContext, CountryEvent, CountryInput, ExitCause } from './country-types.ts';
import * as logic from './country-logic.ts';

type PhaseParams = { phase: Phase };

export const countryMachine = setup({
  types: {
    context: {} as CountryContext,
    events: {} as CountryEvent,
    input: {} as CountryInput,
  },
  guards: {
    isAdmissible: ({ context, event }) => logic.isAdmissible(context, event),
    isNewPresence: ({ context, event }) => logic.isNewPresence(context, event),
    isPkoDeploy: ({ event }) => logic.getDeployKind(event) === 'pko',
    isMissionDeploy: ({ event }) => {
      const kind = logic.getDeployKind(event);
      return kind !== undefined && kind !== 'spm-regional-office';
    },
    isActiveMission: ({ context, event }) => logic.isActiveMission(context, event),
    isActiveCoverage: ({ context, event }) => logic.isActiveCoverage(context, event),
    isOutgoing: ({ context, event }) => logic.isOutgoing(context, event),
    isLastOutgoing: ({ context }) => context.outgoing.length === 1,
    isOnlyFinalMandate: ({ context, event }) =>
      'presence' in event &&
      context.presences.every((p) => !p.finalMandate || p.name === event.presence),
    hasPko: ({ context }) => logic.hasPko(context),
    hasMissionPresence: ({ context }) => logic.hasMissionPresence(context),
  },
  actions: {
    advanceMonth: assign(({ context, event }) => logic.withMonth(context, event)),
    deployPresence: assign(({ context, event }) => logic.withPresenceAdded(context, event)),
    withdrawPresence: assign(({ context, event }) => logic.withPresenceRemoved(context, event)),
    renewMandate: assign(({ context, event }) => logic.withMandate(context, event, false)),
    decideFinalMandate: assign(({ context, event }) => logic.withMandate(context, event, true)),
    markOutgoing: assign(({ context, event }) => ({
      ...logic.withOutgoing(context, [logic.eventPresenceName(event) ?? '']),
      transitionCause: context.transitionCause ?? 'planned',
    })),
    markAllOutgoing: assign(({ context, event }) => ({
      ...logic.withOutgoing(context, logic.getMissionNames(context)),
      transitionCause: (event as { cause: ExitCause }).cause,
    })),
    clearTransition: assign(({ context }) => logic.withTransitionCleared(context)),
    deriveLead: assign(({ context }) => logic.withLeadDerived(context)),
    tailorTeam: assign(({ context }, params: PhaseParams) =>
      logic.withTeamTailored(context, params.phase),
    ),
    notifyInformed: assign(({ context }, params: PhaseParams) =>
      logic.withInformedNotified(context, params.phase),
    ),
    journal: assign(({ context, event }) => logic.withJournalEntry(context, event)),
    recordService: assign(({ context, event }) => logic.withServiceRecorded(context, event)),
  },
}).createMachine({
  id: 'country',
  context: ({ input }) => logic.createCountryContext(input),
  initial: 'nonMission',
  on: {
    REQUEST_SERVICE: {
      guard: 'isAdmissible',
      actions: ['advanceMonth', 'recordService', 'journal'],
    },
  },
  states: {
    nonMission: {
      initial: 'earlyWarning',
      // A country created with missions already active starts in the phase they call for.
      always: [
        { guard: 'hasPko', target: 'peacekeeping' },
        { guard: 'hasMissionPresence', target: 'specialPoliticalMission' },
      ],
      states: {
        earlyWarning: {
          on: {
            ENGAGE_PREVENTION: {
              guard: 'isAdmissible',
              target: 'preventiveDiplomacy',
              actions: ['advanceMonth', 'journal'],
            },
          },
        },
        preventiveDiplomacy: {
          on: {
            STAND_DOWN: {
              guard: 'isAdmissible',
              target: 'earlyWarning',
              actions: ['advanceMonth', 'journal'],
            },
          },
        },
      },
      on: {
        DEPLOY: [
          {
            guard: and(['isAdmissible', 'isNewPresence', 'isPkoDeploy']),
            target: 'peacekeeping',
            actions: changeTo('peacekeeping', 'deployPresence'),
          },
          {
            guard: and(['isAdmissible', 'isNewPresence', 'isMissionDeploy']),
            target: 'specialPoliticalMission',
            actions: changeTo('specialPoliticalMission', 'deployPresence'),
          },
          {
            guard: and(['isAdmissible', 'isNewPresence']),
            actions: changeTo('nonMission', 'deployPresence'),
          },
        ],
        WITHDRAW: {
          guard: and(['isAdmissible', 'isActiveCoverage']),
          actions: changeTo('nonMission', 'withdrawPresence'),
        },
      },
    },
    specialPoliticalMission: missionPhase('specialPoliticalMission'),
    peacekeeping: missionPhase('peacekeeping'),
    transition: {
      initial: 'planning',
      states: {
        planning: {
          on: {
            DRAWDOWN: {
              guard: and(['isAdmissible', 'isOutgoing']),
              target: 'drawdown',
              actions: ['advanceMonth', 'journal'],
            },
          },
        },
        drawdown: {
          on: {
            DRAWDOWN: { guard: and(['isAdmissible', 'isOutgoing']), actions: ['advanceMonth', 'journal'] },
            WITHDRAW: [
              {
                guard: and(['isAdmissible', 'isOutgoing', 'isLastOutgoing']),
                target: 'handover',
                actions: changeTo('transition', 'withdrawPresence'),
              },
              {
                guard: and(['isAdmissible', 'isOutgoing']),
                actions: changeTo('transition', 'withdrawPresence'),
              },
            ],
          },
        },
        handover: {
          on: {
            COMPLETE_HANDOVER: [
              {
                guard: and(['isAdmissible', 'hasPko']),
                target: '#country.peacekeeping',
                actions: changeTo('peacekeeping', 'clearTransition'),
              },
              {
                guard: and(['isAdmissible', 'hasMissionPresence']),
                target: '#country.specialPoliticalMission',
                actions: changeTo('specialPoliticalMission', 'clearTransition'),
              },
              {
                guard: 'isAdmissible',
                target: '#country.nonMission',
                actions: changeTo('nonMission', 'clearTransition'),
              },
            ],
            BEGIN_TRANSITION: {
              guard: and(['isAdmissible', 'isActiveMission']),
              target: 'planning',
              actions: changeTo('transition', 'markOutgoing'),
            },
          },
        },
      },
      on: {
        DEPLOY: {
          guard: and(['isAdmissible', 'isNewPresence']),
          actions: changeTo('transition', 'deployPresence'),
        },
        BEGIN_TRANSITION: {
          guard: and(['isAdmissible', 'isActiveMission', not('isOutgoing')]),
          actions: changeTo('transition', 'markOutgoing'),
        },
        RENEW_MANDATE: {
          guard: and(['isAdmissible', 'isActiveMission', not('isOutgoing')]),
          actions: changeTo('transition', 'renewMandate'),
        },
        FINAL_MANDATE: {
          guard: and(['isAdmissible', 'isActiveMission', not('isOutgoing')]),
          actions: changeTo('transition', 'decideFinalMandate'),
        },
        WITHDRAW: {
          guard: and(['isAdmissible', 'isActiveCoverage']),
          actions: changeTo('transition', 'withdrawPresence'),
        },
        FORCED_EXIT: {
          guard: and(['isAdmissible', 'hasMissionPresence']),
          target: '.drawdown',
          actions: changeTo('transition', 'markAllOutgoing'),
        },
        RELAPSE: [
          {
            guard: and(['isAdmissible', 'hasPko']),
            target: '#country.peacekeeping.mandateImplementation',
            actions: changeTo('peacekeeping', 'clearTransition'),
          },
          {
            guard: and(['isAdmissible', 'hasMissionPresence']),
            target: '#country.specialPoliticalMission.mandateImplementation',
            actions: changeTo('specialPoliticalMission', 'clearTransition'),
          },
        ],
      },
    },
  },
});

export type CountryMachine = typeof countryMachine;

type ChangeAction =
  | 'deployPresence'
  | 'withdrawPresence'
  | 'renewMandate'
  | 'decideFinalMandate'
  | 'markOutgoing'
  | 'markAllOutgoing'
  | 'clearTransition';

/**
 * The actions of every step that may change presences, lead or phase: apply the change, derive
 * the lead, tailor the team, tell the informed department, write the case file. `phase` is the
 * top-level phase the step ends in.
 */
function changeTo(phase: Phase, change: ChangeAction) {
  return [
    'advanceMonth' as const,
    change,
    'deriveLead' as const,
    { type: 'tailorTeam' as const, params: { phase } },
    { type: 'notifyInformed' as const, params: { phase } },
    'journal' as const,
  ];
}

/** Special political missions and peacekeeping share their stages: start-up, mandate, final mandate. */
function missionPhase(phase: 'specialPoliticalMission' | 'peacekeeping') {
  const renew = {
    guard: and(['isAdmissible', 'isActiveMission']),
    actions: changeTo(phase, 'renewMandate'),
  } as const;
  const final = {
    guard: and(['isAdmissible', 'isActiveMission']),
    target: 'finalMandate',
    actions: changeTo(phase, 'decideFinalMandate'),
  } as const;
  const escalation =
    phase === 'specialPoliticalMission'
      ? [
          {
            guard: and(['isAdmissible', 'isNewPresence', 'isPkoDeploy']),
            target: '#country.peacekeeping',
            actions: changeTo('peacekeeping', 'deployPresence'),
          } as const,
        ]
      : [];
  return {
    initial: 'startUp',
    states: {
      startUp: { on: { RENEW_MANDATE: { ...renew, target: 'mandateImplementation' }, FINAL_MANDATE: final } },
      mandateImplementation: { on: { RENEW_MANDATE: renew, FINAL_MANDATE: final } },
      finalMandate: {
        on: {
          RENEW_MANDATE: [
            {
              guard: and(['isAdmissible', 'isActiveMission', 'isOnlyFinalMandate']),
              target: 'mandateImplementation',
              actions: changeTo(phase, 'renewMandate'),
            },
            renew,
          ],
          FINAL_MANDATE: { guard: final.guard, actions: final.actions },
        },
      },
    },
    on: {
      DEPLOY: [
        ...escalation,
        { guard: and(['isAdmissible', 'isNewPresence']), actions: changeTo(phase, 'deployPresence') },
      ],
      BEGIN_TRANSITION: {
        guard: and(['isAdmissible', 'isActiveMission']),
        target: '#country.transition.planning',
        actions: changeTo('transition', 'markOutgoing'),
      },
      FORCED_EXIT: {
        guard: 'isAdmissible',
        target: '#country.transition.drawdown',
        actions: changeTo('transition', 'markAllOutgoing'),
      },
      WITHDRAW: {
        guard: and(['isAdmissible', 'isActiveCoverage']),
        actions: changeTo(phase, 'withdrawPresence'),
      },
    },
  } as const;
}

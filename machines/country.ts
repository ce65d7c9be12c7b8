/**
 * One country's life in the peace and security pillar (note of 11 September 2017): non-mission
 * settings, special political missions, peacekeeping, and the transitions between them. The lead
 * department is derived from the active presences by the doctrine; the regional ASG team never
 * changes; the other department is told of every change. Pure: no I/O, no clock, no randomness.
 */
import { assign, setup } from 'xstate';
import type { CountryContext, CountryEvent, CountryInput, Phase } from './country-types.ts';
import * as logic from './country-logic.ts';
import type { ChangeName, StepFunctions } from './country-logic.ts';

type ChangeParams = { change: ChangeName; phase: Phase };
type Guard = (args: { context: CountryContext; event: CountryEvent }) => boolean;

/**
 * The machine's three actions, each one `assign` per step. `steps` replaces some of the step
 * functions (derive the lead, tailor the team, notify, journal): tests plant bugs that way with
 * `countryMachine.provide({ actions: createCountryActions({ ... }) })`.
 */
export function createCountryActions(steps: Partial<StepFunctions> = {}) {
  const all: StepFunctions = { ...logic.STEP_FUNCTIONS, ...steps };
  return {
    /** Month, case file and any service requested: a step that changes nothing else. */
    record: assign<CountryContext, CountryEvent, undefined, CountryEvent, never>(
      ({ context, event }) => logic.recordEvent(context, event, all),
    ),
    /** A change of presences or of the transition, then lead, team, notices and case file. */
    applyChange: assign<CountryContext, CountryEvent, ChangeParams, CountryEvent, never>(
      ({ context, event }, params) =>
        logic.applyChange(context, event, params.change, params.phase, all),
    ),
  };
}

const admissible: Guard = ({ context, event }) => logic.isAdmissible(context, event);
const activeMission: Guard = (a) => admissible(a) && logic.isActiveMission(a.context, a.event);
const newPresence: Guard = (a) => admissible(a) && logic.isNewPresence(a.context, a.event);
/** A new presence of a kind `accepts`: the kind is read before the presences are searched. */
const newPresenceOf =
  (accepts: (kind: ReturnType<typeof logic.getDeployKind>) => boolean): Guard =>
  (a) =>
    admissible(a) &&
    accepts(logic.getDeployKind(a.event)) &&
    logic.isNewPresence(a.context, a.event);
const outgoing: Guard = (a) => admissible(a) && logic.isOutgoing(a.context, a.event);

/** A task goes to its receiver during the drawdown or after the last withdrawal. */
const handOver = {
  guard: 'canHandOverTask',
  actions: change('handOverTask', 'transition'),
} as const;

export const countryMachine = setup({
  types: {
    context: {} as CountryContext,
    events: {} as CountryEvent,
    input: {} as CountryInput,
  },
  // Every guard includes `isAdmissible`: a well-formed event, not before the country's month.
  guards: {
    isAdmissible: admissible,
    canDeploy: newPresence,
    canDeployPko: newPresenceOf((kind) => kind === 'pko'),
    canDeployMission: newPresenceOf((kind) => kind !== undefined && kind !== 'spm-regional-office'),
    isActiveMission: activeMission,
    isStayingMission: (a) => activeMission(a) && !logic.isOutgoing(a.context, a.event),
    isOnlyFinalMandate: (a) => activeMission(a) && logic.isOnlyFinalMandate(a.context, a.event),
    isActiveCoverage: (a) => admissible(a) && logic.isFreeCoverage(a.context, a.event),
    canHandOverCoverageTask: (a) => admissible(a) && logic.isCoverageHandOver(a.context, a.event),
    isOutgoing: outgoing,
    hasPko: ({ context }) => logic.hasPko(context),
    hasMissionPresence: ({ context }) => logic.hasMissionPresence(context),
    canResumePeacekeeping: (a) => admissible(a) && logic.hasPko(a.context),
    canResumeMission: (a) => admissible(a) && logic.hasMissionPresence(a.context),
    canForceExit: (a) => admissible(a) && logic.canForceExit(a.context, a.event),
    canDrawDown: (a) => outgoing(a) && logic.isDrawdownPlanned(a.context, a.event),
    // A presence leaving a planned transition with tasks needs its plan, drawn down or not.
    canWithdrawOutgoing: (a) => outgoing(a) && logic.isDrawdownPlanned(a.context, a.event),
    canWithdrawLastOutgoing: (a) =>
      outgoing(a) && a.context.outgoing.length === 1 && logic.isDrawdownPlanned(a.context, a.event),
    canAdoptPlan: (a) => admissible(a) && logic.canAdoptPlan(a.context, a.event),
    canHandOverTask: (a) => admissible(a) && logic.canHandOverTask(a.context, a.event),
    isHandoverDue: (a) => admissible(a) && logic.areTasksSettled(a.context),
    isHandoverDueWithPko: (a) =>
      admissible(a) && logic.areTasksSettled(a.context) && logic.hasPko(a.context),
    isHandoverDueWithMission: (a) =>
      admissible(a) && logic.areTasksSettled(a.context) && logic.hasMissionPresence(a.context),
  },
  actions: createCountryActions(),
}).createMachine({
  id: 'country',
  context: ({ input }) => logic.createCountryContext(input),
  initial: 'nonMission',
  on: {
    REQUEST_SERVICE: { guard: 'isAdmissible', actions: 'record' },
    RESTRUCTURE: { guard: 'isAdmissible', actions: 'record' },
    // A regional office hands on a task it received, in any phase (a mission's handovers are
    // taken in the transition's own states first).
    HAND_OVER_TASK: { guard: 'canHandOverCoverageTask', actions: 'record' },
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
              actions: 'record',
            },
          },
        },
        preventiveDiplomacy: {
          on: { STAND_DOWN: { guard: 'isAdmissible', target: 'earlyWarning', actions: 'record' } },
        },
      },
      on: {
        DEPLOY: [
          {
            guard: 'canDeployPko',
            target: 'peacekeeping',
            actions: change('deployPresence', 'peacekeeping'),
          },
          {
            guard: 'canDeployMission',
            target: 'specialPoliticalMission',
            actions: change('deployPresence', 'specialPoliticalMission'),
          },
          { guard: 'canDeploy', actions: change('deployPresence', 'nonMission') },
        ],
        WITHDRAW: { guard: 'isActiveCoverage', actions: change('withdrawPresence', 'nonMission') },
      },
    },
    specialPoliticalMission: missionPhase('specialPoliticalMission'),
    peacekeeping: missionPhase('peacekeeping'),
    transition: {
      initial: 'planning',
      states: {
        planning: {
          on: { DRAWDOWN: { guard: 'canDrawDown', target: 'drawdown', actions: 'record' } },
        },
        drawdown: {
          on: {
            DRAWDOWN: { guard: 'canDrawDown', actions: 'record' },
            HAND_OVER_TASK: handOver,
            WITHDRAW: [
              {
                guard: 'canWithdrawLastOutgoing',
                target: 'handover',
                actions: change('withdrawPresence', 'transition'),
              },
              { guard: 'canWithdrawOutgoing', actions: change('withdrawPresence', 'transition') },
            ],
          },
        },
        handover: {
          on: {
            HAND_OVER_TASK: handOver,
            // Waits until every task of the presences that left has gone to a receiver (a forced
            // exit's remaining tasks are orphaned instead).
            COMPLETE_HANDOVER: [
              {
                guard: 'isHandoverDueWithPko',
                target: '#country.peacekeeping',
                actions: change('clearTransition', 'peacekeeping'),
              },
              {
                guard: 'isHandoverDueWithMission',
                target: '#country.specialPoliticalMission',
                actions: change('clearTransition', 'specialPoliticalMission'),
              },
              {
                guard: 'isHandoverDue',
                target: '#country.nonMission',
                actions: change('clearTransition', 'nonMission'),
              },
            ],
            BEGIN_TRANSITION: {
              guard: 'isActiveMission',
              target: 'planning',
              actions: change('markOutgoing', 'transition'),
            },
          },
        },
      },
      on: {
        DEPLOY: { guard: 'canDeploy', actions: change('deployPresence', 'transition') },
        BEGIN_TRANSITION: {
          guard: 'isStayingMission',
          actions: change('markOutgoing', 'transition'),
        },
        RENEW_MANDATE: { guard: 'isStayingMission', actions: change('renewMandate', 'transition') },
        FINAL_MANDATE: {
          guard: 'isStayingMission',
          actions: change('decideFinalMandate', 'transition'),
        },
        WITHDRAW: { guard: 'isActiveCoverage', actions: change('withdrawPresence', 'transition') },
        ADOPT_PLAN: { guard: 'canAdoptPlan', actions: change('adoptPlan', 'transition') },
        FORCED_EXIT: {
          guard: 'canForceExit',
          target: '.drawdown',
          actions: change('markAllOutgoing', 'transition'),
        },
        RELAPSE: [
          {
            guard: 'canResumePeacekeeping',
            target: '#country.peacekeeping.mandateImplementation',
            actions: change('clearTransition', 'peacekeeping'),
          },
          {
            guard: 'canResumeMission',
            target: '#country.specialPoliticalMission.mandateImplementation',
            actions: change('clearTransition', 'specialPoliticalMission'),
          },
        ],
      },
    },
  },
});

export type CountryMachine = typeof countryMachine;

/**
 * The machine keeps its presences in persistent lists, but its persisted snapshots are plain data
 * (`actor.getPersistedSnapshot()` gives arrays), and a snapshot given back to `createActor` has
 * its lists revived first: for this machine and for every variant `provide` makes of it.
 */
function reviveOnRestore(machine: CountryMachine): CountryMachine {
  const restore = machine.restoreSnapshot.bind(machine);
  const persist = machine.getPersistedSnapshot.bind(machine);
  const provide = machine.provide.bind(machine);
  machine.restoreSnapshot = (snapshot, scope) =>
    restore(logic.reviveCountrySnapshot(snapshot), scope);
  // Persisted snapshots hold plain arrays, so that structuredClone and postMessage copy them too.
  machine.getPersistedSnapshot = (snapshot, options) =>
    logic.toPlainCountrySnapshot(persist(snapshot, options));
  machine.provide = (implementations) => reviveOnRestore(provide(implementations));
  return machine;
}
reviveOnRestore(countryMachine);

/** The one action of a step that may change presences, lead or phase. */
function change(name: ChangeName, phase: Phase) {
  return { type: 'applyChange' as const, params: { change: name, phase } };
}

/** Special political missions and peacekeeping share their stages: start-up, mandate, final mandate. */
function missionPhase(phase: 'specialPoliticalMission' | 'peacekeeping') {
  const renew = { guard: 'isActiveMission', actions: change('renewMandate', phase) } as const;
  const final = {
    guard: 'isActiveMission',
    target: 'finalMandate',
    actions: change('decideFinalMandate', phase),
  } as const;
  const escalation =
    phase === 'specialPoliticalMission'
      ? [
          {
            guard: 'canDeployPko',
            target: '#country.peacekeeping',
            actions: change('deployPresence', 'peacekeeping'),
          } as const,
        ]
      : [];
  return {
    initial: 'startUp',
    states: {
      startUp: {
        on: { RENEW_MANDATE: { ...renew, target: 'mandateImplementation' }, FINAL_MANDATE: final },
      },
      mandateImplementation: { on: { RENEW_MANDATE: renew, FINAL_MANDATE: final } },
      finalMandate: {
        on: {
          RENEW_MANDATE: [
            {
              guard: 'isOnlyFinalMandate',
              target: 'mandateImplementation',
              actions: change('renewMandate', phase),
            },
            renew,
          ],
          FINAL_MANDATE: { guard: final.guard, actions: final.actions },
        },
      },
    },
    on: {
      DEPLOY: [...escalation, { guard: 'canDeploy', actions: change('deployPresence', phase) }],
      BEGIN_TRANSITION: {
        guard: 'isActiveMission',
        target: '#country.transition.planning',
        actions: change('markOutgoing', 'transition'),
      },
      FORCED_EXIT: {
        guard: 'canForceExit',
        target: '#country.transition.drawdown',
        actions: change('markAllOutgoing', 'transition'),
      },
      WITHDRAW: { guard: 'isActiveCoverage', actions: change('withdrawPresence', phase) },
    },
  } as const;
}

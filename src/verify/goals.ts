/**
 * "Sometimes" properties: situations exploration must reach, so that no invariant holds only
 * because the situation it guards never happens (vacuously).
 */
import type { CountryEvent } from '../../machines/country-types.ts';
import { EXIT_CAUSES, PHASES } from '../../machines/country-types.ts';
import { getPhase, getStage, type CountryState } from '../country/state.ts';

/** One accepted step of the exploration (or, for `before` undefined, a starting state). */
export interface GoalStep {
  before?: CountryState;
  event?: CountryEvent;
  after: CountryState;
}

export interface Goal {
  id: string;
  description: string;
  test: (step: GoalStep) => boolean;
}

const phaseOf = (s: CountryState | undefined): string | undefined =>
  s ? getPhase(s.value) : undefined;

function leadChange(from: 'DPPA' | 'DPO', to: 'DPPA' | 'DPO') {
  return ({ before, after }: GoalStep): boolean =>
    before !== undefined && before.context.lead === from && after.context.lead === to;
}

function completesTo(phase: string) {
  return ({ before, event, after }: GoalStep): boolean =>
    event?.type === 'COMPLETE_HANDOVER' &&
    phaseOf(before) === 'transition' &&
    phaseOf(after) === phase;
}

/** The goals checked under every doctrine. */
export const GOALS: readonly Goal[] = [
  ...PHASES.map((phase): Goal => ({
    id: `reach:${phase}`,
    description: `the country is in ${phase}`,
    test: ({ after }) => getPhase(after.value) === phase,
  })),
  {
    id: 'reach:preventiveDiplomacy',
    description: 'preventive diplomacy engaged in a non-mission setting',
    test: ({ after }) => getStage(after.value) === 'preventiveDiplomacy',
  },
  {
    id: 'handover:DPPA->DPO',
    description: 'lead handed over from DPPA to DPO',
    test: leadChange('DPPA', 'DPO'),
  },
  {
    id: 'handover:DPO->DPPA',
    description: 'lead handed over from DPO to DPPA',
    test: leadChange('DPO', 'DPPA'),
  },
  {
    id: 'transition:planned',
    description: 'a planned transition begins from a mission',
    test: ({ before, event, after }) =>
      event?.type === 'BEGIN_TRANSITION' &&
      phaseOf(before) !== 'transition' &&
      phaseOf(after) === 'transition',
  },
  ...EXIT_CAUSES.map((cause): Goal => ({
    id: `exit:${cause}`,
    description: `a forced exit (${cause}) starts a drawdown`,
    test: ({ event, after }) =>
      event?.type === 'FORCED_EXIT' && event.cause === cause && phaseOf(after) === 'transition',
  })),
  {
    id: 'relapse',
    description: 'a transition is reversed back into a mission',
    test: ({ before, event, after }) =>
      event?.type === 'RELAPSE' &&
      phaseOf(before) === 'transition' &&
      phaseOf(after) !== 'transition',
  },
  {
    id: 'escalation:SPM->PKO',
    description: 'a special political mission escalates to peacekeeping',
    test: ({ before, after }) =>
      phaseOf(before) === 'specialPoliticalMission' && phaseOf(after) === 'peacekeeping',
  },
  {
    id: 'rehatting:PKO->PKO',
    description:
      'within a transition the last outgoing peacekeeping operation is withdrawn while another carries on',
    test: ({ before, event, after }) =>
      event?.type === 'WITHDRAW' &&
      phaseOf(before) === 'transition' &&
      before?.context.presences.find((p) => p.name === event.presence)?.kind === 'pko' &&
      getStage(after.value) === 'handover' &&
      after.context.presences.some((p) => p.kind === 'pko'),
  },
  {
    id: 'drawdown:to-PKO',
    description: 'a transition ends with peacekeeping carrying on',
    test: completesTo('peacekeeping'),
  },
  {
    id: 'drawdown:to-SPM',
    description: 'a transition ends with a special political mission',
    test: completesTo('specialPoliticalMission'),
  },
  {
    id: 'drawdown:to-non-mission',
    description: 'a transition ends in a non-mission setting',
    test: completesTo('nonMission'),
  },
  {
    id: 'service:DPPA',
    description: 'a DPPA service is requested',
    test: ({ event, after }) =>
      event?.type === 'REQUEST_SERVICE' &&
      after.context.services.at(-1)?.provider.department === 'DPPA',
  },
  {
    id: 'service:DPO',
    description: 'a DPO service is requested',
    test: ({ event, after }) =>
      event?.type === 'REQUEST_SERVICE' &&
      after.context.services.at(-1)?.provider.department === 'DPO',
  },
  // The task rules (issue 12): every situation they guard happens.
  {
    id: 'task:plan-adopted',
    description: 'a transition plan with its WPS element is adopted',
    test: ({ event, after }) => event?.type === 'ADOPT_PLAN' && after.context.plans.length > 0,
  },
  {
    id: 'task:to-presence',
    description: 'a task goes to a successor presence, which holds it from then on',
    test: ({ event, after }) =>
      event?.type === 'HAND_OVER_TASK' &&
      after.context.presences.some((p) => p.name === event.to && p.tasks?.includes(event.task)),
  },
  {
    id: 'task:pending-received',
    description: 'a task left pending by a withdrawal is received after it',
    test: ({ before, event, after }) =>
      event?.type === 'HAND_OVER_TASK' &&
      (before?.context.pendingTasks.length ?? 0) > after.context.pendingTasks.length,
  },
  {
    id: 'task:orphaned-forced',
    description: 'a forced exit leaves a task with nobody (recorded as orphaned)',
    test: ({ before, after }) =>
      before !== undefined &&
      after.context.orphanedTasks.length > before.context.orphanedTasks.length &&
      after.context.orphanedTasks.at(-1)?.cause !== 'relapse',
  },
  {
    id: 'task:orphaned-relapse',
    description: 'a reversed transition orphans the tasks still pending',
    test: ({ before, after }) =>
      before !== undefined &&
      after.context.orphanedTasks.length > before.context.orphanedTasks.length &&
      after.context.orphanedTasks.at(-1)?.cause === 'relapse',
  },
];

/**
 * The peace and security pillar as a system (note of 11 September 2017, paragraphs 8 c) and 9):
 * one country actor per country, each in its regional ASG's portfolio for good; the Standing
 * Principals' Group, which endorses or sends back every proposal that may start a transition,
 * deploy a mission or hand the lead over; and dual reporting, each regional ASG reporting to the
 * lead USG with a copy to the other. Pure: no I/O, no clock, no randomness; context is plain JSON
 * (the country actors live among the snapshot's children, not in the context).
 */
import { and, assign, enqueueActions, not, setup, spawnChild } from 'xstate';
import { countryMachine } from './country.ts';
import type { CountryContext } from './country-types.ts';
import { getPhase } from '../src/country/state.ts';
import * as logic from './pillar-logic.ts';
import { toCurrentDepartment } from '../src/domain/index.ts';
import type { PillarContext, PillarEvent, PillarInput } from './pillar-types.ts';

type Registration = Extract<PillarEvent, { type: 'REGISTER' }>;

function withoutType<T extends { type: string }>(event: T): Omit<T, 'type'> {
  const rest: Partial<T> = { ...event };
  delete rest.type;
  return rest as Omit<T, 'type'>;
}

/** The pending proposal the SPG decides next, with the default policy's verdict. */
function policyVerdict(context: PillarContext) {
  const proposal = logic.getPendingProposal(context);
  return proposal ? logic.getDefaultPolicy(context, proposal) : undefined;
}

export const pillarMachine = setup({
  types: {
    context: {} as PillarContext,
    events: {} as PillarEvent,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the input type, for XState
    input: {} as PillarInput,
  },
  actors: { country: countryMachine },
  guards: {
    canRegister: ({ context, event }) =>
      event.type === 'REGISTER' && logic.getRegistrationError(context, withoutType(event)) === null,
    canPropose: ({ context, event }) =>
      event.type === 'PROPOSE' && logic.getRouteError(context, event) === null,
    canForwardRoutine: ({ context, event }) =>
      event.type === 'COUNTRY' && logic.getRouteError(context, event) === null,
    canReport: ({ context, event }) =>
      event.type === 'REPORT' && logic.getReportError(context, event) === null,
    isSettling: ({ context, event }) =>
      event.type === 'COUNTRY.SETTLE' &&
      context.forwarded.some((f) => f.country === event.country && f.status === 'pending'),
    hasPendingProposal: ({ context }) => logic.getPendingProposal(context) !== undefined,
    decidesByPolicy: ({ context }) => context.autoDecide,
    /** The SPG's policy; swap it with `pillarMachine.provide({ guards: { endorse } })`. */
    endorse: ({ context }) => policyVerdict(context)?.endorse ?? false,
    isPendingProposal: ({ context, event }) =>
      (event.type === 'ENDORSE' || event.type === 'SEND_BACK') &&
      logic.isPendingProposal(context, event.proposal) &&
      !logic.hasPendingForward(context) &&
      (event.type === 'ENDORSE' ||
        (typeof event.reason === 'string' && event.reason.trim() !== '')),
  },
  actions: {
    registerCountry: assign(({ context, event }) =>
      logic.withCountryRegistered(context, withoutType(event as Registration)),
    ),
    spawnCountry: spawnChild('country', {
      id: ({ event }) => logic.toActorId((event as Registration).country),
      input: ({ context, event }) =>
        logic.toCountryInput(context, withoutType(event as Registration)),
    }),
    spawnInitialCountries: enqueueActions(({ context, enqueue }) => {
      for (const record of context.countries) {
        enqueue.spawnChild('country', {
          id: record.actorId,
          input: logic.toCountryInput(context, {
            country: record.country,
            region: record.region,
            ...(record.month === null ? {} : { month: record.month }),
          }),
        });
      }
    }),
    recordProposal: assign(({ context, event }) =>
      event.type === 'PROPOSE' ? logic.withProposal(context, event.country, event.event) : context,
    ),
    endorseByPolicy: assign(({ context }) => {
      const proposal = logic.getPendingProposal(context);
      const verdict = policyVerdict(context);
      return proposal
        ? logic.withDecision(
            context,
            proposal.seq,
            'endorsed',
            verdict?.endorse ? verdict.reason : 'endorsed by the SPG\u2019s policy',
          )
        : context;
    }),
    sendBackByPolicy: assign(({ context }) => {
      const proposal = logic.getPendingProposal(context);
      const verdict = policyVerdict(context);
      return proposal
        ? logic.withDecision(
            context,
            proposal.seq,
            'sent-back',
            verdict && !verdict.endorse ? verdict.reason : 'sent back by the SPG\u2019s policy',
          )
        : context;
    }),
    endorseProposal: assign(({ context, event }) =>
      event.type === 'ENDORSE'
        ? logic.withDecision(
            context,
            event.proposal,
            'endorsed',
            event.reason ?? 'endorsed by the SPG',
          )
        : context,
    ),
    sendBackProposal: assign(({ context, event }) =>
      event.type === 'SEND_BACK'
        ? logic.withDecision(context, event.proposal, 'sent-back', event.reason)
        : context,
    ),
    recordEndorsedForward: assign(({ context }) => {
      const decision = context.decisions[context.decisions.length - 1];
      const proposal = context.proposals.find((p) => p.seq === decision?.proposal);
      if (!decision || decision.decision !== 'endorsed' || !proposal) return context;
      return logic.withForward(context, proposal.country, proposal.event, proposal.seq);
    }),
    recordRoutineForward: assign(({ context, event }) =>
      event.type === 'COUNTRY'
        ? logic.withForward(context, event.country, event.event, null)
        : context,
    ),
    forwardToCountry: enqueueActions(({ context, enqueue }) => {
      const pending = context.forwarded.find((f) => f.status === 'pending');
      const record = pending && logic.findCountry(context, pending.country);
      if (!pending || !record) return;
      enqueue.sendTo(record.actorId, pending.event);
      // Settled as the pillar's next event, once the country actor has taken this one.
      enqueue.sendTo(({ self }) => self, { type: 'COUNTRY.SETTLE', country: pending.country });
    }),
    settle: assign(({ context, event, self }) => {
      if (event.type !== 'COUNTRY.SETTLE') return context;
      const record = logic.findCountry(context, event.country);
      const child = record && self.getSnapshot().children[record.actorId];
      const snapshot = child?.getSnapshot() as
        { value: Parameters<typeof getPhase>[0]; context: CountryContext } | undefined;
      if (!snapshot) return context;
      const c = snapshot.context;
      return logic.withSettled(context, event.country, {
        phase: getPhase(snapshot.value),
        month: c.month,
        lead: toCurrentDepartment(c.lead),
        informed: toCurrentDepartment(c.informed),
        handovers: c.handovers.length,
        caseFile: c.caseFile.length,
        lastEntry: c.caseFile[c.caseFile.length - 1]?.text ?? '',
      });
    }),
    fileReport: assign(({ context, event }) =>
      event.type === 'REPORT'
        ? logic.withReport(
            context,
            event.country,
            event.month,
            event.subject ?? 'report',
            event.text,
          )
        : context,
    ),
  },
}).createMachine({
  id: 'pillar',
  context: ({ input }) => logic.createPillarContext(input),
  entry: 'spawnInitialCountries',
  type: 'parallel',
  states: {
    regionalAsgs: {
      description: 'registry of countries, routine country events, settlement and reports',
      on: {
        REGISTER: { guard: 'canRegister', actions: ['registerCountry', 'spawnCountry'] },
        COUNTRY: {
          guard: 'canForwardRoutine',
          actions: ['recordRoutineForward', 'forwardToCountry'],
        },
        'COUNTRY.SETTLE': { guard: 'isSettling', actions: 'settle' },
        REPORT: { guard: 'canReport', actions: 'fileReport' },
      },
    },
    standingPrincipalsGroup: {
      description: 'endorses or sends back proposals before they reach a country',
      initial: 'convened',
      on: {
        PROPOSE: { guard: 'canPropose', target: '.deliberating', actions: 'recordProposal' },
      },
      states: {
        convened: {},
        deliberating: {
          always: [
            { guard: not('hasPendingProposal'), target: 'convened' },
            {
              guard: and(['decidesByPolicy', 'endorse']),
              actions: ['endorseByPolicy', 'recordEndorsedForward', 'forwardToCountry'],
            },
            { guard: 'decidesByPolicy', actions: 'sendBackByPolicy' },
          ],
          on: {
            ENDORSE: {
              guard: 'isPendingProposal',
              actions: ['endorseProposal', 'recordEndorsedForward', 'forwardToCountry'],
            },
            SEND_BACK: { guard: 'isPendingProposal', actions: 'sendBackProposal' },
          },
        },
      },
    },
  },
});

export type PillarMachine = typeof pillarMachine;

/**
 * The reorganisation of 2017-2019 as a process: proposed (the note, 11 September 2017),
 * reported (A/72/525), endorsed by the General Assembly (72/199, the detailed proposal A/72/772,
 * then 72/262 C), implemented (1 January 2019) and then monitored and adjusted (note paragraph
 * 14). It cannot be implemented, nor adjusted, with a mapping the checks refuse. Pure.
 */
import { and, assign, setup } from 'xstate';
import { NOTE_DATE } from '../src/domain/legacy.ts';
import {
  DEFAULT_PLAN,
  checkMapping,
  type RestructuringPlan,
} from '../src/domain/restructuring-plan.ts';

/** A dated act of the process, kept in order. */
export interface ProcessRecord {
  event: string;
  date: string;
  document: string;
  text: string;
  /** The state the process entered. */
  state: string;
}

export interface RestructuringContext {
  plan: RestructuringPlan;
  /** Date of the latest act (YYYY-MM or YYYY-MM-DD). */
  date: string;
  history: ProcessRecord[];
}

type Act = { date: string; document: string; text?: string };

export type RestructuringEvent =
  | ({ type: 'REPORT' } & Act)
  | ({ type: 'ENDORSE_IN_PRINCIPLE' } & Act)
  | ({ type: 'SUBMIT_DETAILED_PROPOSAL' } & Act)
  | ({ type: 'APPROVE' } & Act)
  | ({ type: 'IMPLEMENT' } & Act)
  | ({ type: 'ADJUST'; plan?: RestructuringPlan } & Act);

export interface RestructuringInput {
  plan?: RestructuringPlan;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/;

/** A well-formed date no earlier than the latest act (dates compare as text). */
export function isDateInOrder(context: RestructuringContext, event: { date?: unknown }): boolean {
  return typeof event.date === 'string' && DATE.test(event.date) && event.date >= context.date;
}

function record(
  context: RestructuringContext,
  event: RestructuringEvent,
  state: string,
): RestructuringContext {
  return {
    ...context,
    date: event.date,
    history: [
      ...context.history,
      {
        event: event.type,
        date: event.date,
        document: String(event.document),
        text: event.text ?? '',
        state,
      },
    ],
  };
}

type StateParams = { state: string };

export const restructuringMachine = setup({
  types: {
    context: {} as RestructuringContext,
    events: {} as RestructuringEvent,
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- the input type, for XState
    input: {} as RestructuringInput,
  },
  guards: {
    isInOrder: ({ context, event }) => isDateInOrder(context, event),
    mappingHolds: ({ context }) => checkMapping(context.plan).length === 0,
    adjustmentHolds: ({ event }) =>
      event.type !== 'ADJUST' || event.plan === undefined || checkMapping(event.plan).length === 0,
  },
  actions: {
    record: assign(({ context, event }, params: StateParams) =>
      record(context, event, params.state),
    ),
    adoptAdjustment: assign(({ context, event }) =>
      event.type === 'ADJUST' && event.plan !== undefined
        ? { plan: event.plan }
        : { plan: context.plan },
    ),
  },
}).createMachine({
  id: 'restructuring',
  context: ({ input }) => ({
    plan: input.plan ?? DEFAULT_PLAN,
    date: NOTE_DATE,
    history: [
      {
        event: 'PROPOSE',
        date: NOTE_DATE,
        document: "Secretary-General's note to Member States",
        text: 'Restructuring of the Peace and Security Pillar',
        state: 'proposed',
      },
    ],
  }),
  initial: 'proposed',
  states: {
    proposed: {
      on: {
        REPORT: {
          guard: 'isInOrder',
          target: 'reported',
          actions: { type: 'record', params: { state: 'reported' } },
        },
      },
    },
    reported: {
      on: {
        ENDORSE_IN_PRINCIPLE: {
          guard: 'isInOrder',
          target: 'endorsed',
          actions: { type: 'record', params: { state: 'endorsed.inPrinciple' } },
        },
      },
    },
    endorsed: {
      initial: 'inPrinciple',
      states: {
        inPrinciple: {
          on: {
            SUBMIT_DETAILED_PROPOSAL: {
              guard: 'isInOrder',
              target: 'detailedProposal',
              actions: { type: 'record', params: { state: 'endorsed.detailedProposal' } },
            },
          },
        },
        detailedProposal: {
          on: {
            APPROVE: {
              guard: 'isInOrder',
              target: 'approved',
              actions: { type: 'record', params: { state: 'endorsed.approved' } },
            },
          },
        },
        approved: {
          on: {
            IMPLEMENT: {
              guard: and(['isInOrder', 'mappingHolds']),
              target: '#restructuring.implemented',
              actions: { type: 'record', params: { state: 'implemented.monitoring' } },
            },
          },
        },
      },
    },
    implemented: {
      initial: 'monitoring',
      states: {
        monitoring: {
          on: {
            ADJUST: {
              guard: and(['isInOrder', 'adjustmentHolds']),
              actions: [
                'adoptAdjustment',
                { type: 'record', params: { state: 'implemented.monitoring' } },
              ],
            },
          },
        },
      },
    },
  },
});

export type RestructuringMachine = typeof restructuringMachine;

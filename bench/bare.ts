/**
 * Baseline for `npm run bench`: a bare XState actor that takes every country event type with no
 * guards and one action (the month), so its cost per event is XState's own.
 */
import { assign, setup } from 'xstate';
import { COUNTRY_EVENT_TYPES, type CountryEvent } from '../machines/country-types.ts';

const takeMonth = { actions: 'takeMonth' } as const;

export const bareMachine = setup({
  types: { context: {} as { month: string | null }, events: {} as CountryEvent },
  actions: { takeMonth: assign({ month: ({ event }) => event.month }) },
}).createMachine({
  id: 'bare',
  context: { month: null },
  on: Object.fromEntries(COUNTRY_EVENT_TYPES.map((type) => [type, takeMonth])),
});

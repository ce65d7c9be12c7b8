/** The project's XState machines: one country's lifecycle, the pillar as a system, the 2017-2019 restructuring. */
export { countryMachine, createCountryActions, type CountryMachine } from './country.ts';
export * from './country-types.ts';
export { pillarMachine, type PillarMachine } from './pillar.ts';
export * from './pillar-types.ts';
export {
  restructuringMachine,
  type ProcessRecord,
  type RestructuringContext,
  type RestructuringEvent,
  type RestructuringInput,
  type RestructuringMachine,
} from './restructuring.ts';

/** Scenario files: types, schema, loading with precise errors, the bundled catalogue, events. */
export * from './types.ts';
export * from './events.ts';
export * from './errors.ts';
export * from './schema.ts';
export * from './load.ts';
export * from './catalog.ts';

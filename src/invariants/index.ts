export * from './catalogue.ts';
export * from './check.ts';
export * from './equal.ts';

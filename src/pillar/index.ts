export * from './invariants.ts';
export * from './portfolio.ts';
export * from './run.ts';
export * from './state.ts';
export * from './structure-file.ts';

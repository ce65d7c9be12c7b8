export * from './explain.ts';
export * from './run.ts';
export * from './state.ts';
export * from './send.ts';
export * from './restore.ts';

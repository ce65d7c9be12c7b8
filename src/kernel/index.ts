export * from './actor.ts';
export * from './check.ts';
export * from './compile.ts';
export * from './event.ts';
export * from './refusal.ts';
export * from './state.ts';
export * from './step.ts';

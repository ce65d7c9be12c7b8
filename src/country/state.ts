// A country's observable state lives with the step kernel; re-exported here for the library.
export * from '../kernel/state.ts';

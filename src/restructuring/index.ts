export * from './checks.ts';
export * from './plan.ts';
export * from './process.ts';
export * from './plan-file.ts';
export * from './format.ts';

export * from './model.ts';
export * from './model-file.ts';
export * from './sample.ts';
export * from './trajectory.ts';
export * from './summary.ts';
export * from './resume.ts';
export * from './run.ts';

/** The 2017-2019 restructuring: the plan and its checks (from src/domain), the process, plan files, output. */
export * from '../domain/restructuring-plan.ts';
export * from './process.ts';
export * from './plan-file.ts';
export * from './format.ts';

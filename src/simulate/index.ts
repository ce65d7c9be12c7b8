/** Replaying scenarios into timelines, comparing doctrines, summaries, output formats, Monte Carlo. */
export * from './replay.ts';
export * from './compare.ts';
export * from './summary.ts';
export * from './format.ts';
export * from './montecarlo/index.ts';

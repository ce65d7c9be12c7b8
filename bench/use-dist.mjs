/**
 * `node --import tsx --import ./bench/use-dist.mjs bench/run.ts`: the bench imports the built
 * package (dist/) wherever it imports the sources (see bench/dist-hooks.mjs).
 */
import { register } from 'node:module';
import process from 'node:process';

process.env.PILLAR_BENCH_CODE = 'built';
register('./dist-hooks.mjs', import.meta.url);

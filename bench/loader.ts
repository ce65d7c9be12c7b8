/**
 * The Node options the bench runs under (tsx, and under `npm run bench` the hook that loads the
 * built package, bench/use-dist.mjs), for the processes it starts: a child measures the same code.
 */
export function loaderArgs(): string[] {
  return process.execArgv.length > 0 ? [...process.execArgv] : ['--import', 'tsx'];
}

/** Which code the bench measures: the built package (dist/) or the sources through tsx. */
export function describeMeasuredCode(): string {
  return process.env.PILLAR_BENCH_CODE === 'built'
    ? 'the built package (dist/, as users run it)'
    : 'the TypeScript sources through tsx (npm run bench measures the built package)';
}

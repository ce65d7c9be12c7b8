import { spawnSync } from 'node:child_process';

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

/**
 * Runs `script` in a process of its own under the bench's loader options and returns the JSON of
 * the last line it prints (its measurements); throws with its stderr when it fails.
 */
export function runChild<T>(script: string, args: readonly string[]): T {
  const child = spawnSync(process.execPath, [...loaderArgs(), script, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (child.status !== 0) throw new Error(`${script} ${args.join(' ')}: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as T;
}

/**
 * In a child: runs `task` once, timed (wall and CPU), and prints the one JSON line `runChild`
 * reads: `fields`, what the task returns, then wallMs, cpuMs and maxRssMB (the process's peak).
 */
export async function measureChild(
  fields: Record<string, unknown>,
  task: () => Record<string, unknown> | void | Promise<Record<string, unknown> | void>,
): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await task();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(
    JSON.stringify({
      ...fields,
      ...result,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      maxRssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

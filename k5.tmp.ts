import { overlappingScenario } from './bench/kernel.ts';
import { replayScenario } from './src/simulate/replay.ts';
for (const n of [100, 250, 500, 1000]) {
  const s = overlappingScenario(n);
  const t0 = performance.now();
  const r = replayScenario(s);
  console.log(n, Math.round(performance.now() - t0), 'ms', r.steps, r.refused.length, r.invariants.filter(i => !i.holds).map(i=>i.id));
}

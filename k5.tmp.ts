import { overlappingScenario } from './bench/kernel.ts';
import { replayScenario } from './src/simulate/replay.ts';
import { planScenario } from './src/scenario/events.ts';
import { createCountryStepper } from './src/kernel/index.ts';
for (const n of [100, 1000, 10000]) {
  const s = overlappingScenario(n);
  const plan = planScenario(s);
  let t0 = performance.now();
  const st = createCountryStepper(plan.input, { engine: 'compiled' });
  let bad = 0;
  for (const m of plan.months) for (const e of m.events) { const r = st.step(e); if (!r.accepted || r.violations.length) bad++; }
  const stepMs = performance.now() - t0;
  let full = -1;
  if (n <= 1000) { t0 = performance.now(); replayScenario(s); full = performance.now() - t0; }
  console.log(n, 'stepper', Math.round(stepMs), 'ms', (stepMs / n * 1000).toFixed(1), 'us/presence; bad', bad, '; replayScenario', Math.round(full), 'ms', process.memoryUsage().rss >> 20, 'MB');
}

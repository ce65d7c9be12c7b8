/**
 * One measured `pillar verify` exploration in its own process (so its peak RSS is its own), for
 * bench/verify.ts: prints one JSON line. Arguments: machine (country|pillar), abstraction or
 * depth, doctrine, max states.
 */
import type { Doctrine } from '../src/domain/index.ts';
import { isAbstractionId, verifyCountryMachine } from '../src/verify/index.ts';
import { verifyPillarMachine } from '../src/verify/pillar.ts';

const [machine = 'country', size = 'default', doctrine = 'note-2017', max] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let states: number;
let edges: number;
let complete: boolean;
if (machine === 'pillar') {
  const r = verifyPillarMachine({ doctrine: doctrine as Doctrine, maxDepth: Number(size) });
  ({ states, edges, complete } = r);
} else {
  if (!isAbstractionId(size)) throw new Error(`unknown abstraction ${size}`);
  const r = verifyCountryMachine({
    doctrine: doctrine as Doctrine,
    abstraction: size,
    ...(max ? { maxStates: Number(max) } : {}),
  });
  ({ states, edges, complete } = r);
}
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    machine,
    size,
    doctrine,
    states,
    edges,
    complete,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);

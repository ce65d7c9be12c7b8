/**
 * One measured `pillar verify` exploration in its own process (so its peak RSS is its own), for
 * bench/verify.ts: prints one JSON line. Arguments: machine (country|pillar), abstraction or
 * depth, doctrine, max states.
 */
import type { Doctrine } from '../src/domain/index.ts';
import { isAbstractionId, verifyCountryMachine } from '../src/verify/index.ts';
import { verifyPillarMachine } from '../src/verify/pillar.ts';
import { measureChild } from './loader.ts';

const [machine = 'country', size = 'default', doctrine = 'note-2017', max] = process.argv.slice(2);
await measureChild({ machine, size, doctrine }, () => {
  if (machine === 'pillar') {
    const r = verifyPillarMachine({ doctrine: doctrine as Doctrine, maxDepth: Number(size) });
    return { states: r.states, edges: r.edges, complete: r.complete };
  }
  if (!isAbstractionId(size)) throw new Error(`unknown abstraction ${size}`);
  const r = verifyCountryMachine({
    doctrine: doctrine as Doctrine,
    abstraction: size,
    ...(max ? { maxStates: Number(max) } : {}),
  });
  return { states: r.states, edges: r.edges, complete: r.complete };
});

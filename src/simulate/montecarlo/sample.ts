/**
 * Seeded randomness for the simulation: a small PRNG (mulberry32), one independent stream per
 * country derived from (seed, country index), and the samplers the model needs. Never
 * Math.random: the same seed always gives the same trajectories, however the work is split.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** Murmur3's 32-bit finaliser: scatters the bits of an integer. */
function mix32(x: number): number {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: a 32-bit state PRNG, fast and good enough for simulation. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of country `index`'s own stream: depends on (seed, index) only. */
export function countrySeed(seed: number, index: number): number {
  return mix32(
    mix32(seed >>> 0) ^ mix32((index + 0x9e3779b9) >>> 0) ^ Math.floor(seed / 4294967296),
  );
}

/**
 * Country `index`'s second stream, for its missions' tasks, receivers and budgets: kept apart
 * from the main stream so that giving a model tasks leaves every phase trajectory as it was.
 */
export function taskStream(seed: number, index: number): Random {
  return mulberry32(mix32(countrySeed(seed, index) ^ 0x7f4a7c15));
}

/** Country `index`'s random stream for run `seed`. */
export function countryStream(seed: number, index: number): Random {
  return mulberry32(countrySeed(seed, index));
}

/**
 * Months until an event of monthly probability `p` happens (1 = next month): a geometric
 * waiting time, drawn with one uniform number. Infinity when `p` is zero.
 */
export function geometric(random: Random, p: number): number {
  if (p <= 0) return Infinity;
  if (p >= 1) return 1;
  const u = random();
  return 1 + Math.floor(Math.log1p(-u) / Math.log1p(-p));
}

/** An integer in [min, max], both included. */
export function uniformInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Whether an event of probability `p` happens. */
export function chance(random: Random, p: number): boolean {
  return p > 0 && random() < p;
}

/** Picks a key with probability proportional to its weight (keys in a fixed order). */
export function pickWeighted<K extends string>(
  random: Random,
  weights: Partial<Record<K, number>>,
): K {
  const entries = Object.entries(weights) as [K, number | undefined][];
  let total = 0;
  for (const [, w] of entries) total += w ?? 0;
  let u = random() * total;
  let last: K | undefined;
  for (const [key, w] of entries) {
    if (!w) continue;
    last = key;
    u -= w;
    if (u < 0) return key;
  }
  if (last === undefined) throw new RangeError('no weight above zero');
  return last;
}

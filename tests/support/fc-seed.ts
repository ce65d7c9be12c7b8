/**
 * One seed per test file, printed so any failure can be replayed:
 *   FC_SEED=<seed> npx vitest run <file>
 */
export function getSeed(file: string): number {
  const fromEnv = process.env.FC_SEED;
  const seed = fromEnv !== undefined ? Number(fromEnv) : Math.floor(Math.random() * 0x7fffffff);
  console.log(
    `[fast-check] ${file}: seed ${seed} (replay: FC_SEED=${seed} npx vitest run ${file})`,
  );
  return seed;
}

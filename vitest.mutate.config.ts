/**
 * Vitest configuration for mutation runs only (`npm run mutate`, see docs/mutation.md). `npm test`
 * keeps using vitest.config.ts. This one runs only the fast tests that exercise the country machine
 * and the invariant catalogue, with a fixed fast-check seed so every mutant meets the same inputs.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/country-machine.test.ts',
      'tests/invariants.test.ts',
      'tests/planted-bugs.test.ts',
      'tests/persistence.test.ts',
      'tests/path-coverage.test.ts',
      'tests/real-histories.test.ts',
      'tests/domain.test.ts',
      'tests/mutation-*.test.ts',
    ],
    // tests/country-model.test.ts (1000 runs x 2 doctrines, no way to lower numRuns from the
    // environment) is left out; tests/mutation-*.test.ts cover what it would have caught.
    env: { FC_SEED: '20170911' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

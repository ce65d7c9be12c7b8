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
      'tests/country-model.test.ts',
      'tests/mutation-*.test.ts',
    ],
    // The model-based test at a size a mutation run can afford: 50 histories of up to 30 events.
    env: { FC_SEED: '20170911', MODEL_RUNS: '50', MODEL_MAX_COMMANDS: '30' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The JSON report lets CI print a plain closing count (reports/ is not committed).
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
  },
});

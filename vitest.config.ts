import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The cluster stack's tests have a run of their own: `npm run test:cluster`.
    exclude: ['tests/cluster/**', 'node_modules/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    // One process per test file: the Temporal runtime may be installed once per process.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});

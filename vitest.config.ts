import { defineConfig } from 'vitest/config';

export default defineConfig({
  // workspace packages are used from their TypeScript sources: tsconfig.base.json's `paths`
  resolve: { tsconfigPaths: true },
  test: {
    include: ['tests/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // after the last file, what vitest's process may take to close (the last forks, the server); past
    // it vitest forces its exit, which npm test counts as a failure (tests/support/teardown-reporter.ts)
    teardownTimeout: 30_000,
    // two cores: real HTTP servers and SQLite files per test file, not per worker thread
    pool: 'forks',
    maxWorkers: 2,
  },
});

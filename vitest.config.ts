import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // two cores: real HTTP servers and SQLite files per test file, not per worker thread
    pool: 'forks',
    maxWorkers: 2,
  },
});

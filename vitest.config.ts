import { defineConfig } from 'vitest/config';

export default defineConfig({
  // workspace packages are used from their TypeScript sources (see packages/verifier/package.json)
  resolve: { conditions: ['gatehouse-source'] },
  ssr: { resolve: { conditions: ['gatehouse-source'], externalConditions: ['gatehouse-source'] } },
  test: {
    server: { deps: { inline: [/@gatehouse\/verifier/] } },
    include: ['tests/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // two cores: real HTTP servers and SQLite files per test file, not per worker thread
    pool: 'forks',
    maxWorkers: 2,
  },
});

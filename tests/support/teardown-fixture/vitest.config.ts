// The project for tests/runner/teardown-reporter.test.ts: one passing test, and with LINGER=1 a
// global setup that leaves a server listening in vitest's own process, as a leaked handle would.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['passes.check.ts'],
    globalSetup: process.env.LINGER === '1' ? ['./linger-setup.ts'] : [],
    teardownTimeout: 500,
  },
});

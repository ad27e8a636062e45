import { defineConfig } from 'vitest/config';

// `npx vitest run --config examples/testing/vitest/vitest.config.ts`
export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    root: __dirname,
    include: ['*.test.ts'],
    globalSetup: ['./global-setup.ts'],
  },
});

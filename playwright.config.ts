import { defineConfig } from '@playwright/test';

/** Debian's Chromium (installed by .ci/run); Playwright never downloads a browser here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Root needs --no-sandbox; the rest stop background connections the closed network refuses. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  // CI reads only npm test's closing line: a dot per test keeps its log short; failures print in full
  reporter: [[process.env.CI === 'true' ? 'dot' : 'list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  outputDir: 'test-results/e2e',
  use: {
    headless: true,
    viewport: { width: 1400, height: 900 },
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'web', testIgnore: /electron\..*spec\.ts/ },
    { name: 'electron', testMatch: /electron\..*spec\.ts/ },
    // @gatehouse/testing's Playwright recipe (one Gatehouse per worker, reset between tests)
    { name: 'testing-recipe', testDir: 'examples/testing/playwright' },
  ],
});

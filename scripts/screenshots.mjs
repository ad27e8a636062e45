// `npm run screenshots`: retakes the pictures of the README and docs/ (docs/screenshots/). It builds the console
// when it is stale, then runs the end-to-end tests tagged @screenshots with GATEHOUSE_SCREENSHOTS
// pointing there (tests/e2e/screenshots.ts); `npm test` writes the same pictures to the ignored
// test-results/screenshots/ instead, so only this command changes the tracked ones.
// Extra arguments go to Playwright.
import { spawnSync } from 'node:child_process';
import { buildIfStale, root } from './build-if-stale.mjs';

try {
  buildIfStale();
} catch (err) {
  console.error(`gatehouse: ${err.message}`);
  process.exit(1);
}
const r = spawnSync(
  'npx',
  ['playwright', 'test', '--project', 'web', '--grep', '@screenshots', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, GATEHOUSE_SCREENSHOTS: 'docs/screenshots' },
  },
);
process.exit(r.status ?? 1);

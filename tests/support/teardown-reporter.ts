/**
 * A vitest reporter for `npm test` (scripts/test.mjs): a run whose teardown does not finish within
 * `teardownTimeout` (something the tests started still holds the main process: a server, a socket,
 * a timer) fails. Without it vitest forces its own exit after the timeout with the code of its tests
 * alone, so a leak would pass unseen; the hanging-process reporter beside it names what was open.
 */
import type { Reporter } from 'vitest/node';

export default class TeardownReporter implements Reporter {
  onProcessTimeout(): void {
    console.error('✗ vitest: the run ended but did not close within teardownTimeout (what was open is listed above)');
    process.exitCode = 1;
  }
}

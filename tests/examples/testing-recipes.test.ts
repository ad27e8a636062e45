/**
 * examples/testing/: the vitest globalSetup and node:test recipes of @gatehouse/testing, each run
 * as a user runs it (the Playwright recipe is a project of playwright.config.ts, run by npm test's
 * end-to-end stage).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const run = (command: string, args: string[]) =>
  spawnSync(command, args, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 150_000 });

describe('the @gatehouse/testing recipes', () => {
  it('vitest globalSetup: one Gatehouse for the run, its issuer injected into the tests', () => {
    const r = run(process.execPath, [
      path.join(root, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'examples/testing/vitest/vitest.config.ts',
    ]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+.*1 passed/);
  }, 180_000);

  it('node:test: a Gatehouse for the file, reset after each test', () => {
    const r = run(process.execPath, ['--import', 'tsx', '--test', 'examples/testing/node-test/app.test.ts']);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/# pass 2/);
  }, 180_000);
});

/**
 * scripts/test.mjs runs vitest with tests/support/teardown-reporter.ts: a run that passes but leaves
 * something holding vitest's process open must fail, not be forced out by vitest with a 0.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/** `vitest run` on the fixture project with the reporters scripts/test.mjs uses; its code and output. */
function runFixture(env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  const args = [
    path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
    'run',
    '--config',
    path.join(root, 'tests', 'support', 'teardown-fixture', 'vitest.config.ts'),
    '--reporter=dot',
    '--reporter=hanging-process',
    `--reporter=${path.join(root, 'tests', 'support', 'teardown-reporter.ts')}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, out }));
  });
}

describe('a vitest run through the teardown reporter', () => {
  it('exits 0 when its tests pass and it closes', async () => {
    const { code, out } = await runFixture({ LINGER: '0' });
    expect(out).not.toMatch(/did not close/);
    expect(code).toBe(0);
  });

  it('fails when its tests pass but something keeps its process open, naming what', async () => {
    const { code, out } = await runFixture({ LINGER: '1' });
    expect(out).toMatch(/1 passed/);
    expect(out).toMatch(/did not close within teardownTimeout/);
    // the hanging-process reporter's listing of the open handle
    expect(out).toMatch(/TCPSERVERWRAP|TCPServerWrap|linger-setup/);
    expect(code).toBe(1);
  });
});

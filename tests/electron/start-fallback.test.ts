import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { electronBinaryAvailable } from '../support/electron';
import { makeTempDir } from '../support/gatehouse-fixture';
import { postJson } from '../support/http-client';

const root = path.resolve(import.meta.dirname, '..', '..');
const ADMIN_TOKEN = 'start-test-admin-token-0123456789abcdef';
const dataDir = makeTempDir();
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm start where Electron cannot run', () => {
  it('says why in one line, then serves the web console until stopped (GATEHOUSE_VIRTUAL_CLOCK=1 passed on)', async () => {
    // where the binary exists, ask for the fallback explicitly, so the test never opens a window;
    // where it does not, never fetch it
    const env = {
      ...process.env,
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN,
      // as for the desktop app, the variable gives the live instance a virtual clock
      GATEHOUSE_VIRTUAL_CLOCK: '1',
      ...(electronBinaryAvailable() ? { GATEHOUSE_HEADLESS: '1' } : {}),
    };
    const child = spawn(
      process.execPath,
      ['scripts/start.mjs', '--no-build', '--data-dir', dataDir, '--port', '0', '--console-port', '0'],
      { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const consoleUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no console URL within 30 s:\n${out}`)), 30_000);
      const scan = (chunk: Buffer) => {
        out += chunk.toString();
        const url = /admin console: (http:\/\/\S+)/.exec(out)?.[1];
        if (url) {
          clearTimeout(timer);
          resolve(url);
        }
      };
      child.stdout.on('data', scan);
      child.stderr.on('data', scan);
      void exited.then((code) => reject(new Error(`start exited with ${code}:\n${out}`)));
    });
    try {
      const notices = out.split('\n').filter((line) => line.startsWith('Electron cannot run here'));
      expect(notices).toEqual([
        expect.stringMatching(/^Electron cannot run here \(.+\); serving the web console instead\.$/),
      ]);
      expect(out.split('\n')[0]).toBe(notices[0]);
      const res = await postJson(
        new URL('/admin/api/system.info', consoleUrl).href,
        {},
        { authorization: `Bearer ${ADMIN_TOKEN}` },
      );
      expect(await res.json()).toMatchObject({ ok: true, value: { mode: 'headless', virtualClock: true } });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    await expect(fetch(consoleUrl)).rejects.toThrow();
  });
});

import { _electron, expect, test as base, type ElectronApplication, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AdminApi } from '../../src/shared/admin-api';
import type { GatehouseEvent } from '../../src/shared/events';
import { electronExecutable, whyElectronCannotRun } from '../support/electron';
import { DEMO_PASSWORD } from '../support/serve-process';

/** What a page script can see of its global scope; the bridge is the only thing Gatehouse adds. */
type PageGlobals = {
  gatehouse?: AdminApi;
  require?: unknown;
  process?: unknown;
  ipcRenderer?: unknown;
  electron?: unknown;
  seen?: GatehouseEvent[];
  location: { href: string };
  open(url: string): unknown;
};

interface Desktop {
  app: ElectronApplication;
  window: Page;
  /** Everything the main process printed so far. */
  logs: () => string;
}

/** Each test gets the built app in its own user data folder, opened to a ready console. */
const test = base.extend<{ desktop: Desktop }>({
  desktop: async ({}, use) => {
    const root = path.resolve(import.meta.dirname, '..', '..');
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-electron-'));
    const app = await _electron.launch({
      executablePath: electronExecutable()!,
      // Chromium refuses to run as root with its sandbox on (CI runs as root)
      args: ['.', ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
      cwd: root,
      env: {
        ...process.env,
        GATEHOUSE_USER_DATA_DIR: dataDir,
        GATEHOUSE_AUTH_PORT: '0',
        GATEHOUSE_DEMO_PASSWORD: DEMO_PASSWORD,
      },
    });
    let out = '';
    app.process().stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    app.process().stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      const window = await app.firstWindow();
      await expect(window.locator('[data-app-state="ready"]')).toBeVisible();
      await use({ app, window, logs: () => out });
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

const cannotRun = whyElectronCannotRun();

// a skip says why, on stdout and in the report's annotations, instead of a bare "skipped"
test.beforeEach(({}, testInfo) => {
  if (!cannotRun) return;
  console.log(`electron spec skipped: ${testInfo.title}: ${cannotRun}`);
  testInfo.skip(true, cannotRun);
});

test('opens the console window with the admin API on window.gatehouse', async ({ desktop: { app, window } }) => {
  expect(app.windows()).toHaveLength(1);
  expect(window.url()).toMatch(/^file:.*\/out\/renderer\/index\.html/);
  const domains = await window.evaluate(() =>
    Object.keys((globalThis as unknown as PageGlobals).gatehouse ?? {}).sort(),
  );
  expect(domains).toEqual(
    expect.arrayContaining(['audit', 'events', 'keys', 'sessions', 'settings', 'tokens', 'users']),
  );
});

test('gives the page neither Node nor raw IPC', async ({ desktop: { window } }) => {
  const seen = await window.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    return [typeof g.require, typeof g.process, typeof g.ipcRenderer, typeof g.electron];
  });
  expect(seen).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
});

test('runs the page isolated and sandboxed', async ({ desktop: { app, window } }) => {
  // a contextBridge function is a proxy into the preload's world: its source is not the page's to read
  const source = await window.evaluate(() => String((globalThis as unknown as PageGlobals).gatehouse!.sessions.list));
  expect(source).toContain('[native code]');
  // Electron reports the OS sandbox per process on macOS and Windows (undefined on Linux)
  const renderers = await app.evaluate(({ app: electronApp }) =>
    electronApp
      .getAppMetrics()
      .filter((m) => m.type === 'Tab')
      .map((m) => m.sandboxed),
  );
  expect(renderers.length).toBeGreaterThan(0);
  expect(renderers).not.toContain(false);
});

test('blocks navigation away from the app', async ({ desktop: { window, logs } }) => {
  await window.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
  });
  await expect.poll(logs).toContain('blocked navigation to https://example.com');
  expect(window.url()).toMatch(/^file:/);
  await expect(window.locator('[data-app-state="ready"]')).toBeVisible();
});

test('denies window.open', async ({ desktop: { app, window, logs } }) => {
  const opened = await window.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/'));
  expect(opened).toBeNull();
  await expect.poll(logs).toContain('blocked a new window for https://example.com');
  expect(app.windows()).toHaveLength(1);
});

test('lists a session through the bridge and pushes its creation live', async ({ desktop: { window } }) => {
  const info = await window.evaluate(() => (globalThis as unknown as PageGlobals).gatehouse!.system.info(undefined));
  if (!info.ok) throw new Error(info.error.message);
  expect(info.value.mode).toBe('desktop');
  await window.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    g.seen = [];
    g.gatehouse!.events.subscribe((event) => g.seen!.push(event));
  });
  const res = await fetch(`${info.value.authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  const { session_id: sessionId } = (await res.json()) as { session_id: string };
  await expect
    .poll(() => window.evaluate(() => (globalThis as unknown as PageGlobals).seen!.map((e) => e.type)))
    .toContain('session.created');
  const list = await window.evaluate(() => (globalThis as unknown as PageGlobals).gatehouse!.sessions.list({}));
  expect(list).toMatchObject({ ok: true, value: { total: 1, items: [{ id: sessionId, username: 'alice' }] } });
});

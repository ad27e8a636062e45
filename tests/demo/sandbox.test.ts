import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../src/main/demo/catalogue';
import { DEMO_USER_AGENT } from '../../src/main/demo/strategy-routes';
import { startServices, type Services } from '../../src/main/runtime/services';
import type { AdminMethod, AdminRequest, AdminResponses } from '../../src/shared/admin-api';
import type { GatehouseEvent } from '../../src/shared/events';
import { CLIENT_SECRET, DEMO_PASSWORD, makeTempDir } from '../support/gatehouse-fixture';
import { getMe, login } from '../support/http-client';

/**
 * The "done when": the console's first hour (start, log in a user, revoke, inspect,
 * rotate, run the whole lab, back to the live instance) leaves the live instance's clock, keys,
 * users, sessions and denylist exactly as they were, while the sandbox shows what the runs did.
 */
let dataDir: string;
let sandboxParent: string;
let services: Services;
const liveEvents: GatehouseEvent[] = [];
const sandboxEvents: GatehouseEvent[] = [];

type Handle = Pick<Services['admin'], 'handle'>;
async function call<M extends AdminMethod>(
  admin: Handle,
  method: M,
  request: AdminRequest<M> = {} as AdminRequest<M>,
): Promise<AdminResponses[M]> {
  const result = await admin.handle(method, request);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}
const live = <M extends AdminMethod>(method: M, request?: AdminRequest<M>) => call(services.admin, method, request);
const sandbox = <M extends AdminMethod>(method: M, request?: AdminRequest<M>) =>
  call(services.sandbox.admin, method, request);
const sandboxFolders = () => fs.readdirSync(sandboxParent).filter((f) => f.startsWith('gatehouse-sandbox-'));

/** What the issue says a demo run must never change on the live instance. */
async function liveState() {
  const sessions = await live('sessions.list', { limit: 1000 });
  return {
    clock: await live('clock.get'),
    keys: (await live('keys.list')).map((k) => `${k.kid}:${k.state}`).sort(),
    users: (await live('users.list'))
      .map((u) => `${u.id}:${u.username}:v${u.tokenVersion}:${u.roles.join(',')}`)
      .sort(),
    sessions: sessions.items.map((s) => `${s.id}:${s.status}`).sort(),
    sessionTotal: sessions.total,
    denylist: (await live('denylist.list', { limit: 1000 })).items.map((e) => `${e.kind}:${e.subject}`).sort(),
    settings: await live('settings.get'),
    jwks: (await live('keys.jwks')).keys.map((k) => k.kid).sort(),
  };
}

beforeAll(async () => {
  dataDir = makeTempDir();
  sandboxParent = makeTempDir();
  services = await startServices({
    dataDir,
    mode: 'headless',
    version: 'test',
    port: 0,
    // the live instance has a virtual clock, held still: the old lab moved it ~70 minutes a pass
    virtualClock: true,
    sandboxTmpDir: sandboxParent,
    env: {
      GATEHOUSE_DEMO_PASSWORD: DEMO_PASSWORD,
      GATEHOUSE_CLIENT_SECRET: CLIENT_SECRET,
      GATEHOUSE_ADMIN_TOKEN: 'x'.repeat(32),
    },
    log: () => {},
  });
  services.gatehouse.bus.subscribe((e) => liveEvents.push(e));
  services.sandbox.bus.subscribe((e) => sandboxEvents.push(e));
  await live('clock.set', { paused: true });
});
afterAll(async () => {
  await services?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(sandboxParent, { recursive: true, force: true });
});

describe('the first hour leaves the live instance as it was', () => {
  let before: Awaited<ReturnType<typeof liveState>>;
  /** How many live events there were when `before` was taken. */
  let eventsBefore = 0;
  const runs: Awaited<ReturnType<typeof live<'demo.run'>>>[] = [];

  it('start → log in a user → revoke → inspect → rotate, on the live instance', async () => {
    // nothing of the lab exists before it is used
    expect(await live('demo.sandbox')).toEqual({ running: false, authUrl: null, clock: null });
    expect(sandboxFolders()).toEqual([]);
    const url = services.auth.url;
    const pair = await login(url, 'alice', DEMO_PASSWORD);
    expect((await getMe(url, pair.access_token)).status).toBe(200);
    await live('sessions.revoke', { sessionId: pair.session_id, reason: 'first hour' });
    expect((await getMe(url, pair.access_token)).status).toBe(401);
    const inspected = await live('tokens.verify', { token: pair.access_token, key: { kind: 'ring' } });
    expect(inspected.valid).toBe(false);
    await live('keys.rotate');
    // a live session that stays active, and live settings of one's own for the lab to copy
    await login(url, 'bob', DEMO_PASSWORD);
    await live('settings.update', { accessTokenTtl: 90, clockTolerance: 7 });
    before = await liveState();
    eventsBefore = liveEvents.length;
    expect(before.sessionTotal).toBe(2);
  });

  it('runs every scenario through the live admin service: every verdict passes', async () => {
    for (const { id } of SCENARIOS) {
      const run = await live('demo.run', { scenario: id, pace: 'instant' });
      expect(run.verdict.pass, `${id}: ${run.verdict.summary}`).toBe(true);
      runs.push(run);
    }
    expect(runs.map((r) => r.scenario)).toEqual(SCENARIOS.map((s) => s.id));
  }, 60_000);

  it('changed nothing live: clock, key ring, users, sessions, denylist, settings', async () => {
    expect(await liveState()).toEqual(before);
    // no trace of the runs' sessions, keys, users or settings on the live bus: only their demo.* events
    const during = liveEvents.slice(eventsBefore);
    expect(new Set(during.map((e) => e.type))).toEqual(
      new Set(['sandbox.changed', 'demo.started', 'demo.step', 'demo.finished']),
    );
    // the live stream carries the runs in the live instance's own time, whatever the sandbox's says
    const demo = during.filter((e) => e.type.startsWith('demo.'));
    expect(demo.filter((e) => e.type === 'demo.finished')).toHaveLength(SCENARIOS.length);
    expect(new Set(demo.map((e) => e.at))).toEqual(new Set([before.clock.now]));
    // the strategy routes exist on the sandbox's server only
    expect((await fetch(`${services.auth.url}/demo/strategy/stateless-jwt/me`)).status).toBe(404);
  });

  it('shows the runs in the sandbox: its own server, clock, sessions, keys, users, denylist, audit', async () => {
    const state = await live('demo.sandbox');
    expect(state).toMatchObject({ running: true, authUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) });
    expect(state.authUrl).not.toBe(services.auth.url);
    const info = await sandbox('system.info');
    expect(info).toMatchObject({
      instance: 'sandbox',
      virtualClock: true,
      authUrl: state.authUrl,
      issuer: state.authUrl,
    });
    expect(await live('system.info')).toMatchObject({ instance: 'live', authUrl: services.auth.url });
    // the scenarios' time passed on the sandbox's clock only
    expect((await sandbox('clock.get')).now - before.clock.now).toBeGreaterThan(3600);

    const sessions = await sandbox('sessions.list', { limit: 1000 });
    expect(sessions.total).toBeGreaterThanOrEqual(10);
    // the demo clients' sessions, and the app checks scenario's, made by the checks engine
    expect(
      sessions.items.every((s) => s.userAgent.startsWith(DEMO_USER_AGENT) || s.userAgent === 'gatehouse-app-checks'),
    ).toBe(true);
    expect(sessions.items.some((s) => s.status === 'revoked')).toBe(true);
    const liveSessionIds = new Set(before.sessions.map((s) => s.split(':')[0]));
    expect(sessions.items.filter((s) => liveSessionIds.has(s.id))).toEqual([]);

    // key compromise revoked the sandbox's key, not the live one
    const keys = await sandbox('keys.list');
    expect(keys.some((k) => k.state === 'revoked')).toBe(true);
    const liveKids = new Set(before.keys.map((k) => k.split(':')[0]));
    expect(keys.filter((k) => liveKids.has(k.kid))).toEqual([]);
    // role change bumped the sandbox's alice, a user of its own
    const users = await sandbox('users.list');
    const alice = users.find((u) => u.username === 'alice')!;
    expect(alice.tokenVersion).toBeGreaterThanOrEqual(1);
    expect(before.users.some((u) => u.startsWith(`${alice.id}:`))).toBe(false);
    const audit = await sandbox('audit.list', { limit: 1000 });
    expect(audit.some((e) => e.type === 'key.revoked')).toBe(true);
    // every run started from the live settings (all but the issuer)
    const settings = (await sandbox('settings.get')).settings;
    expect(settings).toEqual({ ...before.settings.settings, issuer: state.authUrl });
    expect(audit.some((e) => e.type === 'settings.updated' && e.actor === 'demo lab')).toBe(true);

    // its folder is a temporary one of its own, never the live data folder
    expect(sandboxFolders()).toHaveLength(1);
    expect(fs.readdirSync(path.join(sandboxParent, sandboxFolders()[0]!))).toContain('gatehouse.db');
    expect(fs.readdirSync(dataDir).some((f) => f.startsWith('gatehouse-sandbox'))).toBe(false);
    // the sandbox's own stream saw its sessions
    expect(sandboxEvents.some((e) => e.type === 'session.created')).toBe(true);
  });

  it('the demo users of the sandbox have a password of their own', async () => {
    const state = await live('demo.sandbox');
    const res = await fetch(`${state.authUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'alice', password: DEMO_PASSWORD }),
    });
    expect(res.status).toBe(401);
  });

  it('the next run copies the live settings again', async () => {
    await live('settings.update', { accessTokenTtl: 75 });
    const run = await live('demo.run', { scenario: 'stolen-access', pace: 'instant' });
    expect(run.verdict.pass).toBe(true);
    expect((await sandbox('settings.get')).settings.accessTokenTtl).toBe(75);
    // the revoked session is on the sandbox's denylist (the earlier runs' entries were pruned as its clock ran on)
    const denylist = await sandbox('denylist.list');
    expect(denylist.items.some((e) => e.kind === 'sid')).toBe(true);
    expect((await live('denylist.list')).items.map((e) => `${e.kind}:${e.subject}`).sort()).toEqual(before.denylist);
    await live('settings.update', { accessTokenTtl: 90 });
  });

  it('reset closes the sandbox and deletes its folder; the next use starts a fresh one', async () => {
    const old = await live('demo.sandbox');
    liveEvents.length = 0;
    sandboxEvents.length = 0;
    expect(await live('demo.reset')).toEqual({ running: false, authUrl: null, clock: null });
    expect(sandboxFolders()).toEqual([]);
    expect(liveEvents).toContainEqual(expect.objectContaining({ type: 'sandbox.changed', running: false }));
    expect(sandboxEvents).toContainEqual(expect.objectContaining({ type: 'sandbox.changed', running: false }));
    await expect(fetch(`${old.authUrl}/api/health`)).rejects.toThrow();
    // the sandbox's own API answers about it without starting it
    expect(await sandbox('demo.sandbox')).toMatchObject({ running: false });
    expect(sandboxFolders()).toEqual([]);
    // any other call starts a fresh one: no sessions, a key of its own
    expect(await sandbox('sessions.list')).toMatchObject({ total: 0 });
    expect(sandboxFolders()).toHaveLength(1);
    expect(sandboxEvents).toContainEqual(expect.objectContaining({ type: 'sandbox.changed', running: true }));
    const fresh = await live('demo.sandbox');
    expect(fresh.running).toBe(true);
    // and still nothing live changed
    const { settings: _settings, ...now } = await liveState();
    const { settings: _before, ...then } = before;
    expect(now).toEqual(then);
  });

  it('refuses a reset while a run is going, and a second run at once', async () => {
    const started = new Promise<void>((resolve) => {
      const off = services.gatehouse.bus.subscribe((e) => {
        if (e.type !== 'demo.started') return;
        off();
        resolve();
      });
    });
    const running = live('demo.run', { scenario: 'happy-path', pace: 'watch' });
    // while the run is going, both are refused with conflict
    await started;
    expect(await services.admin.handle('demo.reset', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await services.admin.handle('demo.run', { scenario: 'role-change' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect((await running).verdict.pass).toBe(true);
  });

  it('closes with the process: its folder is gone and it does not start again', async () => {
    expect(sandboxFolders()).toHaveLength(1);
    await services.sandbox.close();
    expect(sandboxFolders()).toEqual([]);
    expect(await services.sandbox.admin.handle('sessions.list', {})).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(sandboxFolders()).toEqual([]);
  });
});

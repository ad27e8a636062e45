import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import { getMe, login, refresh, rejection } from '../support/http-client';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { startDemoLab, type DemoFixture } from './demo-fixture';

let fx: DemoFixture;
let admin: AdminService;

beforeAll(async () => {
  fx = await startDemoLab();
  admin = new AdminService({
    gatehouse: fx.gatehouse,
    authUrl: () => fx.server.url,
    mode: 'headless',
    version: 'test',
    virtualClock: fx.clock,
  });
});
afterAll(() => fx.close());

const advance = async (seconds: number) => {
  const result = await admin.handle('clock.advance', { seconds });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('every expiry follows the virtual clock (clock.advance through the admin API)', () => {
  it('clock.get/set report and change rate and pause; advance moves now forward', async () => {
    const before = await admin.handle('clock.get', {});
    expect(before).toMatchObject({ ok: true, value: { paused: true } });
    expect(await admin.handle('clock.set', { rate: 600 })).toMatchObject({
      ok: true,
      value: { rate: 600, paused: true },
    });
    const after = await advance(90);
    expect(after.now - (before.ok ? before.value.now : 0)).toBe(90);
    // pause is changed too (and left on, as the other tests expect)
    expect(await admin.handle('clock.set', { paused: false })).toMatchObject({
      ok: true,
      value: { rate: 600, paused: false },
    });
    expect(await admin.handle('clock.set', { paused: true })).toMatchObject({
      ok: true,
      value: { rate: 600, paused: true },
    });
    expect(await admin.handle('clock.set', { rate: 601 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
  });

  it('clock.reset goes back to real time: the system time, rate 1, not paused; audited', async () => {
    await advance(3600);
    await admin.handle('clock.set', { rate: 60, paused: true });
    const reset = await admin.handle('clock.reset', {});
    expect(reset).toMatchObject({ ok: true, value: { rate: 1, paused: false } });
    const now = reset.ok ? reset.value.now : 0;
    expect(Math.abs(now - Math.floor(Date.now() / 1000))).toBeLessThanOrEqual(1);
    const audit = await admin.handle('audit.list', { type: 'clock.reset' });
    expect(audit).toMatchObject({ ok: true, value: [{ type: 'clock.reset', actor: 'admin', subject: 'clock' }] });
    expect(await admin.handle('clock.reset', { rate: 1 })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    // held still again, as the tests below expect
    await admin.handle('clock.set', { paused: true });
  });

  it('an access token past exp (plus tolerance) is rejected after an advance', async () => {
    const pair = await login(fx.server.url, 'alice', DEMO_PASSWORD);
    expect((await getMe(fx.server.url, pair.access_token)).status).toBe(200);
    await advance(pair.expires_in + fx.gatehouse.settings.get().clockTolerance);
    expect(await rejection(await getMe(fx.server.url, pair.access_token))).toMatchObject({
      status: 401,
      reason: 'token_expired',
    });
  });

  it('a session idle past its timeout can no longer refresh, and the sweep marks it expired', async () => {
    const pair = await login(fx.server.url, 'bob', DEMO_PASSWORD);
    await advance(fx.gatehouse.settings.get().idleTimeout + 1);
    expect((await refresh(fx.server.url, pair.refresh_token)).status).toBe(401);
    const detail = await admin.handle('sessions.get', { sessionId: pair.session_id });
    expect(detail).toMatchObject({ ok: true, value: { session: { status: 'expired' } } });
  });
});

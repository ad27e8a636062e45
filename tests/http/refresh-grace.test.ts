import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { getMe, login, refresh, type TokenResponse } from '../support/http-client';

let fx: ServerFixture;
beforeAll(async () => {
  fx = await startTestServer();
});
afterAll(() => fx.close());

describe('the optional refresh reuse grace window (off by default)', () => {
  it('is off by default: presenting a rotated token again revokes the session', async () => {
    expect(fx.gatehouse.settings.get().refreshReuseGrace).toBe(0);
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    expect((await refresh(fx.url, pair.refresh_token)).status).toBe(200);
    expect((await refresh(fx.url, pair.refresh_token)).status).toBe(401);
    expect((await fx.gatehouse.store.getSession(pair.session_id))?.status).toBe('revoked');
  });

  it('when on, lets a client that lost the answer retry once within the window; the lost pair then counts as reuse', async () => {
    await fx.gatehouse.settings.update({ refreshReuseGrace: 30 }, 'test');
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    const lost = (await (await refresh(fx.url, pair.refresh_token)).json()) as TokenResponse;
    fx.clock.advance(10);
    const retried = await refresh(fx.url, pair.refresh_token);
    expect(retried.status).toBe(200);
    const next = (await retried.json()) as TokenResponse;
    expect((await getMe(fx.url, next.access_token)).status).toBe(200);
    // someone presenting the superseded (lost) refresh token is a reuser: the whole session ends
    expect((await refresh(fx.url, lost.refresh_token)).status).toBe(401);
    expect((await getMe(fx.url, next.access_token)).status).toBe(401);
  });

  it('when on, still treats a presentation after the window as reuse', async () => {
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    expect((await refresh(fx.url, pair.refresh_token)).status).toBe(200);
    fx.clock.advance(31);
    expect((await refresh(fx.url, pair.refresh_token)).status).toBe(401);
    expect((await fx.gatehouse.store.getSession(pair.session_id))?.status).toBe('revoked');
  });
});

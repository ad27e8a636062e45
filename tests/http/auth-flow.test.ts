import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_PASSWORD, startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { getMe, login, postJson, refresh, rejection, type ErrorBody, type TokenResponse } from '../support/http-client';

let fx: ServerFixture;
let g: Gatehouse;

beforeAll(async () => {
  fx = await startTestServer();
  g = fx.gatehouse;
});
afterAll(() => fx.close());

/** The refresh cookie's Set-Cookie line. */
function refreshCookie(res: Response): string {
  const line = res.headers.getSetCookie().find((c) => c.startsWith('gh_refresh='));
  if (!line) throw new Error('no gh_refresh cookie was set');
  return line;
}

describe('login → /api/me → refresh → logout', () => {
  it('runs the whole hybrid flow', async () => {
    const loginRes = await postJson(`${fx.url}/auth/login`, { username: 'alice', password: DEMO_PASSWORD });
    expect(loginRes.status).toBe(200);
    expect(loginRes.headers.get('cache-control')).toBe('no-store');
    const pair = (await loginRes.json()) as TokenResponse;
    expect(pair).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
    expect(pair.refresh_token).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);

    const me = await getMe(fx.url, pair.access_token);
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const alice = await g.store.getUserByUsername('alice');
    expect(await me.json()).toMatchObject({
      sub: alice!.id,
      sid: pair.session_id,
      iss: fx.url,
      aud: 'demo-resource',
      ver: 0,
    });

    const refreshed = await refresh(fx.url, pair.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(refreshed.headers.get('cache-control')).toBe('no-store');
    const next = (await refreshed.json()) as TokenResponse;
    expect(next.session_id).toBe(pair.session_id);
    expect(next.refresh_token).not.toBe(pair.refresh_token);
    expect(next.access_token).not.toBe(pair.access_token);
    expect((await getMe(fx.url, next.access_token)).status).toBe(200);

    const logout = await fetch(`${fx.url}/auth/logout`, {
      method: 'POST',
      headers: { authorization: `Bearer ${next.access_token}` },
    });
    expect(logout.status).toBe(204);
    expect(refreshCookie(logout)).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);

    for (const token of [next.access_token, pair.access_token]) {
      const after = await rejection(await getMe(fx.url, token));
      expect(after).toMatchObject({ status: 401, error: 'invalid_token', reason: 'session_revoked' });
      expect(after.challenge).toMatch(/^Bearer .*error="invalid_token"/);
    }
    const again = await refresh(fx.url, next.refresh_token);
    expect(again.status).toBe(401);
    expect(((await again.json()) as ErrorBody).error).toBe('invalid_grant');
    expect((await g.store.getSession(pair.session_id))?.status).toBe('revoked');
  });

  it('logout without a token is 401 and revokes nothing', async () => {
    const pair = await login(fx.url, 'bob', DEMO_PASSWORD);
    const res = await fetch(`${fx.url}/auth/logout`, { method: 'POST' });
    expect(await rejection(res)).toMatchObject({ status: 401, reason: 'token_missing' });
    expect((await g.store.getSession(pair.session_id))?.status).toBe('active');
    expect((await getMe(fx.url, pair.access_token)).status).toBe(200);
  });
});

describe('login failures', () => {
  it('answers an unknown user and a wrong password with the same 401 body', async () => {
    const unknown = await postJson(`${fx.url}/auth/login`, { username: 'mallory', password: DEMO_PASSWORD });
    const wrong = await postJson(`${fx.url}/auth/login`, { username: 'bob', password: 'not the password' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const [a, b] = [await unknown.text(), await wrong.text()];
    expect(JSON.parse(a)).toMatchObject({ error: 'invalid_grant' });
    expect(a).toBe(b);
    expect(unknown.headers.get('cache-control')).toBe('no-store');
    const failed = await g.store.listAudit({ type: 'login.failed' });
    expect(failed.map((e) => e.subject)).toEqual(expect.arrayContaining(['mallory', 'bob']));
    // a failure does not lock out the correct password (under the limit)
    await login(fx.url, 'bob', DEMO_PASSWORD);
  });
});

describe('refresh via cookie', () => {
  it('sets an HttpOnly, SameSite=Strict, Path=/auth cookie and accepts it instead of a body', async () => {
    const res = await postJson(`${fx.url}/auth/login`, { username: 'alice', password: DEMO_PASSWORD });
    const cookie = refreshCookie(res);
    const pair = (await res.json()) as TokenResponse;
    const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/auth');
    expect(attributes.some((a) => a.startsWith('domain='))).toBe(false);
    expect(cookie.split(';')[0]).toBe(`gh_refresh=${pair.refresh_token}`);

    const viaCookie = await fetch(`${fx.url}/auth/refresh`, {
      method: 'POST',
      headers: { cookie: cookie.split(';')[0]! },
    });
    expect(viaCookie.status).toBe(200);
    const next = (await viaCookie.json()) as TokenResponse;
    expect(next.session_id).toBe(pair.session_id);
    expect(refreshCookie(viaCookie).split(';')[0]).toBe(`gh_refresh=${next.refresh_token}`);

    const noToken = await fetch(`${fx.url}/auth/refresh`, { method: 'POST' });
    expect(noToken.status).toBe(400);
    expect(((await noToken.json()) as ErrorBody).error).toBe('invalid_request');
  });

  it('rejects a malformed or unknown refresh token with 401 invalid_grant', async () => {
    for (const token of ['nope', `${'A'.repeat(22)}.${'B'.repeat(43)}`, "' OR 1=1 --"]) {
      const res = await refresh(fx.url, token);
      expect(res.status).toBe(401);
      expect(((await res.json()) as ErrorBody).error).toBe('invalid_grant');
    }
  });
});

describe('refresh-token reuse detection (RFC 9700)', () => {
  it('revokes the whole session when a rotated token is presented again', async () => {
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    const first = await refresh(fx.url, pair.refresh_token);
    expect(first.status).toBe(200);
    const rotated = (await first.json()) as TokenResponse;
    expect((await getMe(fx.url, rotated.access_token)).status).toBe(200);

    const replay = await refresh(fx.url, pair.refresh_token);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as ErrorBody).error).toBe('invalid_grant');

    expect(await rejection(await getMe(fx.url, rotated.access_token))).toMatchObject({
      status: 401,
      reason: 'session_revoked',
    });
    const legit = await refresh(fx.url, rotated.refresh_token);
    expect(legit.status).toBe(401);
    const audit = await g.store.listAudit({ type: 'refresh.reuse_detected' });
    expect(audit.map((e) => e.subject)).toContain(pair.session_id);
    expect((await g.store.getSession(pair.session_id))?.status).toBe('revoked');
  });

  it('lets exactly one of 16 concurrent refreshes with the same token win', async () => {
    const pair = await login(fx.url, 'bob', DEMO_PASSWORD);
    const results = await Promise.all(Array.from({ length: 16 }, () => refresh(fx.url, pair.refresh_token)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(15);
    for (const res of results.filter((r) => r.status === 401))
      expect(((await res.json()) as ErrorBody).error).toBe('invalid_grant');
    const winner = (await results.find((r) => r.status === 200)!.json()) as TokenResponse;
    // the losers replayed a rotated token, so the family is revoked: the winner's tokens die with it
    expect(await rejection(await getMe(fx.url, winner.access_token))).toMatchObject({
      status: 401,
      reason: 'session_revoked',
    });
    const family = await g.store.getRefreshFamily(pair.session_id);
    expect(family).toHaveLength(2);
  });
});

describe('login throttling', () => {
  let tfx: ServerFixture;
  beforeAll(async () => {
    tfx = await startTestServer();
    await tfx.gatehouse.settings.update({ loginMaxFailures: 2, loginWindow: 600 }, 'admin');
  });
  afterAll(() => tfx.close());

  it('answers 429 with Retry-After after repeated failures, even for the right password, until the window passes', async () => {
    for (let i = 0; i < 2; i++)
      expect((await postJson(`${tfx.url}/auth/login`, { username: 'alice', password: 'guess' })).status).toBe(401);
    const throttled = await postJson(`${tfx.url}/auth/login`, { username: 'alice', password: DEMO_PASSWORD });
    expect(throttled.status).toBe(429);
    expect(((await throttled.json()) as ErrorBody).error).toBe('slow_down');
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await tfx.gatehouse.store.listAudit({ type: 'login.throttled' })).toHaveLength(1);
    // another user from the same address is not locked out by alice's failures
    await login(tfx.url, 'bob', DEMO_PASSWORD);

    tfx.clock.advance(retryAfter);
    await login(tfx.url, 'alice', DEMO_PASSWORD);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { DEMO_PASSWORD, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';
import { getMe, postJson, rawRequest, type TokenResponse } from '../support/http-client';

/** An app origin allowed with --cors-origin. */
const APP = 'http://localhost:5173';
let fx: GatehouseFixture;
let server: AuthServer;

beforeAll(async () => {
  fx = await openTestGatehouse({ demoData: true });
  server = await startAuthServer(fx.gatehouse, { port: 0, corsOrigins: [APP] });
});
afterAll(async () => {
  await server.close();
  await fx.close();
});

/** Logs alice in; returns the tokens and the `gh_refresh` cookie as a browser would send it back. */
async function loginWithCookie(): Promise<TokenResponse & { cookie: string }> {
  const res = await postJson(`${server.url}/auth/login`, { username: 'alice', password: DEMO_PASSWORD });
  const cookie = /gh_refresh=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (res.status !== 200 || !cookie) throw new Error(`login: ${res.status}`);
  return { ...((await res.json()) as TokenResponse), cookie };
}

/** A cookie-only request, as a page's fetch with `credentials: 'include'` sends it. */
const withCookie = (path: string, cookie: string, headers: Record<string, string>) =>
  rawRequest(server.url, {
    path,
    method: 'POST',
    headers: { host: new URL(server.url).host, cookie, 'content-type': 'application/json', ...headers },
    body: '{}',
  });

const own = () => new URL(server.url).origin;

describe('cookie-authenticated requests check where they come from (CSRF)', () => {
  it('refuses a cookie refresh from a foreign Origin with 403 and leaves the family as it was', async () => {
    const pair = await loginWithCookie();
    const res = await withCookie('/auth/refresh', pair.cookie, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' });
    // not rotated: the same refresh token still rotates once, normally
    const after = await postJson(`${server.url}/auth/refresh`, { refresh_token: pair.refresh_token });
    expect(after.status).toBe(200);
  });

  it('refuses a cookie refresh from another port of the same host (same site, other origin)', async () => {
    const pair = await loginWithCookie();
    const other = `http://127.0.0.1:${Number(new URL(server.url).port) === 1 ? 2 : 1}`;
    expect((await withCookie('/auth/refresh', pair.cookie, { origin: other })).status).toBe(403);
    expect((await withCookie('/auth/refresh', pair.cookie, { origin: 'null' })).status).toBe(403);
  });

  it('refuses a cookie refresh without Origin whose Sec-Fetch-Site is cross-site or same-site', async () => {
    const pair = await loginWithCookie();
    for (const site of ['cross-site', 'same-site'])
      expect((await withCookie('/auth/refresh', pair.cookie, { 'sec-fetch-site': site })).status).toBe(403);
  });

  it('accepts a cookie refresh from its own origin, from an allowed origin, and from a non-browser client', async () => {
    let pair = await loginWithCookie();
    const allowed: Record<string, string>[] = [
      { origin: own() },
      { origin: APP },
      { 'sec-fetch-site': 'same-origin' },
      {},
    ];
    for (const headers of allowed) {
      const res = await withCookie('/auth/refresh', pair.cookie, headers);
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as TokenResponse;
      pair = { ...body, cookie: `gh_refresh=${body.refresh_token}` };
    }
  });

  it('accepts a refresh token in the body from any Origin (an attacker cannot know it)', async () => {
    const pair = await loginWithCookie();
    const res = await postJson(
      `${server.url}/auth/refresh`,
      { refresh_token: pair.refresh_token },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(200);
  });

  it('refuses a cookie logout from a foreign Origin and keeps the session; logs out from its own origin', async () => {
    const pair = await loginWithCookie();
    const forged = await withCookie('/auth/logout', pair.cookie, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect((await getMe(server.url, pair.access_token)).status).toBe(200);
    const real = await withCookie('/auth/logout', pair.cookie, { origin: own() });
    expect(real.status).toBe(204);
    expect(real.headers['set-cookie']?.join(';')).toMatch(/gh_refresh=;/);
    expect((await getMe(server.url, pair.access_token)).status).toBe(401);
  });

  it('answers a cookie logout whose refresh token names no live session with 401', async () => {
    const res = await withCookie(
      '/auth/logout',
      'gh_refresh=AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      { origin: own() },
    );
    expect(res.status).toBe(401);
  });
});

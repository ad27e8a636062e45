import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { DEMO_PASSWORD, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';
import { PROXY_ADDRESS, requestFrom, setCookie, startTlsProxy, type TlsProxy } from '../support/tls-proxy';

/** Two clients on the public side of the proxy, and one that reaches the server directly. */
const ALICE_ADDRESS = '127.0.0.3';
const OTHER_CLIENT = '127.0.0.4';
const DIRECT_PEER = '127.0.0.2';
const REDIRECT = 'https://app.example.com/cb';

let fx: GatehouseFixture;
let g: Gatehouse;
let server: AuthServer;
let proxy: TlsProxy;

beforeAll(async () => {
  fx = await openTestGatehouse({ demoData: true });
  g = fx.gatehouse;
  server = await startAuthServer(g, { port: 0, trustProxy: [PROXY_ADDRESS] });
  proxy = await startTlsProxy(server.url, fx.dir);
  g.settings.setIssuer(proxy.url);
  await g.clients.apply(
    {
      clientId: 'proxied-app',
      name: 'Proxied App',
      redirectUris: [REDIRECT],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      audience: null,
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'none',
    },
    'test',
  );
});
afterAll(async () => {
  await proxy.close();
  await server.close();
  await fx.close();
});

const viaProxy = (from: string, opts: Parameters<typeof requestFrom>[2]) =>
  requestFrom(from, proxy.url, { ...opts, ca: proxy.ca });
const loginJson = (username: string, password: string) => ({
  method: 'POST',
  path: '/auth/login',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username, password }),
});

describe('behind a TLS-terminating proxy (an https issuer, --trust-proxy)', () => {
  it('sets the refresh cookie Secure with the __Secure- prefix, and records the forwarded client address', async () => {
    const res = await viaProxy(ALICE_ADDRESS, loginJson('alice', DEMO_PASSWORD));
    expect(res.status).toBe(200);
    expect(setCookie(res, 'gh_refresh')).toBeUndefined();
    const cookie = setCookie(res, '__Secure-gh_refresh');
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Path=\/auth/);

    const { session_id } = JSON.parse(res.body) as { session_id: string };
    expect((await g.store.getSession(session_id))?.ip).toBe(ALICE_ADDRESS);
    const [entry] = await g.store.listAudit({ type: 'login.succeeded' });
    expect(entry?.detail).toMatchObject({ ip: ALICE_ADDRESS });

    // the cookie comes back under its prefixed name: a refresh by cookie alone works
    const refreshed = await viaProxy(ALICE_ADDRESS, {
      method: 'POST',
      path: '/auth/refresh',
      headers: { cookie: cookie!.split(';')[0]!, origin: proxy.url },
    });
    expect(refreshed.status).toBe(200);
  });

  it('ignores an X-Forwarded-For the client sends through the proxy: the address the proxy saw counts', async () => {
    const res = await viaProxy(ALICE_ADDRESS, {
      ...loginJson('alice', DEMO_PASSWORD),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.1' },
    });
    const { session_id } = JSON.parse(res.body) as { session_id: string };
    expect((await g.store.getSession(session_id))?.ip).toBe(ALICE_ADDRESS);
  });

  it('ignores X-Forwarded-For from a peer that is not a listed proxy', async () => {
    const res = await requestFrom(DIRECT_PEER, server.url, {
      ...loginJson('alice', DEMO_PASSWORD),
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.1' },
    });
    expect(res.status).toBe(200);
    const { session_id } = JSON.parse(res.body) as { session_id: string };
    expect((await g.store.getSession(session_id))?.ip).toBe(DIRECT_PEER);
  });

  it('counts failed logins per forwarded address: one client locked out does not lock out another', async () => {
    await g.settings.update({ loginMaxFailures: 1 }, 'test'); // 4 per address
    try {
      for (let i = 0; i < 4; i++)
        expect((await viaProxy(OTHER_CLIENT, loginJson(`nobody-${i}`, 'wrong'))).status).toBe(401);
      expect((await viaProxy(OTHER_CLIENT, loginJson('nobody-4', 'wrong'))).status).toBe(429);
      expect((await viaProxy(ALICE_ADDRESS, loginJson('bob', DEMO_PASSWORD))).status).toBe(200);
    } finally {
      await g.settings.update({ loginMaxFailures: 5 }, 'test');
    }
  });

  it('signs in through the proxy: __Host- session cookie, Secure binding cookie, https issuer in the redirect and metadata', async () => {
    const discovery = await viaProxy(ALICE_ADDRESS, { path: '/.well-known/openid-configuration' });
    expect(discovery.status).toBe(200);
    expect(JSON.parse(discovery.body)).toMatchObject({
      issuer: proxy.url,
      authorization_endpoint: `${proxy.url}/authorize`,
      token_endpoint: `${proxy.url}/oauth/token`,
    });

    const verifier = crypto.randomBytes(32).toString('base64url');
    const challenge = crypto.createHash('sha256').update(verifier).digest('base64url');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'proxied-app',
      redirect_uri: REDIRECT,
      scope: 'openid',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 'st-1',
    });
    const page = await viaProxy(ALICE_ADDRESS, { path: `/authorize?${query}` });
    expect(page.status).toBe(200);
    const binding = setCookie(page, '__Secure-gh_login');
    expect(binding).toMatch(/; Secure/);
    expect(binding).toMatch(/; Path=\/authorize/);
    const interaction = /name="interaction" value="([^"]+)"/.exec(page.body)![1]!;

    const signedIn = await viaProxy(ALICE_ADDRESS, {
      method: 'POST',
      path: '/authorize/login',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: proxy.url,
        cookie: binding!.split(';')[0]!,
      },
      body: new URLSearchParams({ interaction, username: 'alice', password: DEMO_PASSWORD }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const location = new URL(String(signedIn.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT);
    expect(location.searchParams.get('iss')).toBe(proxy.url);
    expect(location.searchParams.get('state')).toBe('st-1');

    const session = setCookie(signedIn, '__Host-gh_session');
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; Path=\/(;|$)/);
    expect(session).not.toMatch(/Domain=/i);
    expect(setCookie(signedIn, '__Secure-gh_login')).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/);

    // single sign-on: the prefixed cookie is the one read back
    const again = await viaProxy(ALICE_ADDRESS, {
      path: `/authorize?${query}`,
      headers: { cookie: session!.split(';')[0]! },
    });
    expect(again.status).toBe(303);
    expect(new URL(String(again.headers.location)).searchParams.get('code')).toBeTruthy();
  });
});

describe('cookies on plain HTTP', () => {
  it('keeps unprefixed names without Secure, unless --secure-cookies forces them', async () => {
    const plain = await openTestGatehouse({ demoData: true });
    const servers = [await startAuthServer(plain.gatehouse, { port: 0 })];
    servers.push(await startAuthServer(plain.gatehouse, { port: 0, secureCookies: true }));
    try {
      plain.gatehouse.settings.setIssuer(servers[0]!.url);
      const open = await requestFrom('127.0.0.1', servers[0]!.url, loginJson('alice', DEMO_PASSWORD));
      expect(setCookie(open, 'gh_refresh')).not.toMatch(/Secure/);
      const forced = await requestFrom('127.0.0.1', servers[1]!.url, loginJson('alice', DEMO_PASSWORD));
      expect(setCookie(forced, '__Secure-gh_refresh')).toMatch(/; Secure/);
    } finally {
      for (const s of servers) await s.close();
      await plain.close();
    }
  });
});

/**
 * Logout that reaches the apps: RP-Initiated Logout driven by openid-client, and back-channel
 * logout tokens verified by a receiver with jose after every kind of session end, with retries,
 * timeouts and restarts.
 */
import { decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { openGatehouse } from '../../src/main/runtime/open-gatehouse';
import { CLIENT, DEMO_PASSWORD, openTestGatehouse } from '../support/gatehouse-fixture';
import { getMe, rejection } from '../support/http-client';
import { startLogoutReceiver, LOGOUT_EVENT, type LogoutReceiver } from '../support/logout-receiver';
import { TestBrowser } from '../support/oidc-browser';
import { authorizationRequest, startOidcServer, type OidcFixture } from '../support/oidc-fixture';

const REDIRECT = 'http://localhost:5175/callback';
const BYE = 'http://localhost:5175/bye';
const SECRET = 'logout-app-secret-0123456789';
const TIMEOUT_MS = 400;

let fx: OidcFixture;
let g: Gatehouse;
let app: LogoutReceiver;
let idle: LogoutReceiver;
let config: oidc.Configuration;

beforeAll(async () => {
  fx = await startOidcServer({ logout: { timeoutMs: TIMEOUT_MS } });
  g = fx.gatehouse;
  app = await startLogoutReceiver(fx.url, 'logout-app', () => g.clock.now());
  idle = await startLogoutReceiver(fx.url, 'idle-app', () => g.clock.now());
  const registration = {
    postLogoutRedirectUris: [BYE],
    grantTypes: ['authorization_code', 'refresh_token'] as ('authorization_code' | 'refresh_token')[],
    tokenEndpointAuthMethod: 'client_secret_basic' as const,
    audience: null,
  };
  await g.clients.apply(
    {
      ...registration,
      clientId: 'logout-app',
      clientSecret: SECRET,
      name: 'Logout App',
      redirectUris: [REDIRECT],
      backchannelLogoutUri: app.uri,
    },
    'test',
  );
  // registered for back-channel logout too, but never signed in through: it must never be told
  await g.clients.apply(
    {
      ...registration,
      clientId: 'idle-app',
      clientSecret: SECRET,
      name: 'Idle App',
      redirectUris: ['http://localhost:5176/cb'],
      backchannelLogoutUri: idle.uri,
    },
    'test',
  );
  config = await oidc.discovery(
    new URL(fx.url),
    'logout-app',
    { [oidc.clockSkew]: g.clock.now() - Math.floor(Date.now() / 1000) } as never,
    oidc.ClientSecretBasic(SECRET),
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
});
afterAll(async () => {
  await app.close();
  await idle.close();
  await fx.close();
});
beforeEach(async () => {
  // what an earlier test ended is delivered before this one starts counting
  await g.logout.settle();
  app.mode = 'ok';
  app.received.length = 0;
  idle.received.length = 0;
});

/** alice signs in to logout-app from a fresh browser. */
async function signIn(username = 'alice', password = DEMO_PASSWORD) {
  const browser = fx.browser();
  const req = await authorizationRequest(config, REDIRECT, 'openid offline_access');
  const callback = await browser.authorize(req.url, { username, password });
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    expectedNonce: req.nonce,
  });
  return { browser, tokens, sid: tokens.claims()!.sid as string, sub: tokens.claims()!.sub };
}

const deliveriesOf = (sid: string) => g.store.listLogoutDeliveries(sid);

describe('discovery', () => {
  it('advertises the end-session endpoint and back-channel logout with sid', async () => {
    const meta = config.serverMetadata();
    expect(meta.end_session_endpoint).toBe(`${fx.url}/logout`);
    expect(meta.backchannel_logout_supported).toBe(true);
    expect(meta.backchannel_logout_session_supported).toBe(true);
  });
});

describe('RP-initiated logout', () => {
  it('with a valid id_token_hint: ends the session, clears the provider cookie, goes back with state, and tells the app by back channel', async () => {
    const { browser, tokens, sid, sub } = await signIn();
    const url = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: BYE,
      state: 'bye-1',
    });
    const page = await browser.navigate(url.href);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`${BYE}?state=bye-1`);
    expect(browser.cookies.has('gh_session')).toBe(false);
    expect((await g.store.getSession(sid))!.status).toBe('revoked');
    expect((await rejection(await getMe(fx.url, tokens.access_token))).reason).toBe('session_revoked');
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    const [notice] = await app.waitFor(1);
    expect(app.rejected).toEqual([]);
    expect(notice!.claims).toMatchObject({ iss: fx.url, aud: 'logout-app', sub, sid, events: { [LOGOUT_EVENT]: {} } });
    expect(notice!.claims).not.toHaveProperty('nonce');
    expect(typeof notice!.claims.jti).toBe('string');
    await g.logout.settle();
    expect(await deliveriesOf(sid)).toEqual([
      expect.objectContaining({
        clientId: 'logout-app',
        status: 'delivered',
        attempts: 1,
        lastError: null,
        latencyMs: expect.any(Number),
      }),
    ]);
    // the app that never got tokens in the session is not told
    expect(idle.received).toEqual([]);
    // the next sign-in asks for the password again
    const again = await browser.navigate((await authorizationRequest(config, REDIRECT)).url.href);
    expect(again.status).toBe(200);
  });

  it('accepts an expired id_token as the hint', async () => {
    const { browser, tokens, sid } = await signIn();
    fx.clock.advance(400); // the id_token lived 300 s; the session (30 min idle) still lives
    const page = await browser.navigate(oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token! }).href);
    expect(page.status).toBe(200);
    expect(page.html).toContain('You are signed out');
    expect((await g.store.getSession(sid))!.status).toBe('revoked');
  });

  it.each<[string, (t: oidc.TokenEndpointResponse) => Record<string, string>, RegExp]>([
    [
      'a forged hint (signature changed)',
      (t) => ({ id_token_hint: `${t.id_token!.slice(0, -4)}AAAA` }),
      /not an ID token Gatehouse issued/,
    ],
    ['an access token as the hint', (t) => ({ id_token_hint: t.access_token }), /not an ID token Gatehouse issued/],
    [
      'a hint of this client with another client_id',
      (t) => ({ id_token_hint: t.id_token!, client_id: 'idle-app' }),
      /another client/,
    ],
    [
      'an unregistered post_logout_redirect_uri',
      (t) => ({ id_token_hint: t.id_token!, post_logout_redirect_uri: 'https://evil.example/' }),
      /not a post-logout redirect URI registered/,
    ],
    [
      'a registered URI with a path added',
      (t) => ({ id_token_hint: t.id_token!, post_logout_redirect_uri: `${BYE}/../x` }),
      /not a post-logout redirect URI registered/,
    ],
    [
      'a post_logout_redirect_uri without a hint or client_id',
      () => ({ post_logout_redirect_uri: BYE }),
      /needs id_token_hint or client_id/,
    ],
    [
      'an unknown client_id',
      () => ({ client_id: 'nobody', post_logout_redirect_uri: BYE }),
      /no client .*nobody.* is registered here/,
    ],
  ])('refuses %s on a page of its own, never redirecting, and ends nothing', async (_name, params, message) => {
    const { browser, tokens, sid } = await signIn();
    const url = new URL('/logout', fx.url);
    for (const [k, v] of Object.entries(params(tokens))) url.searchParams.set(k, v);
    const page = await browser.navigate(url.href);
    expect(page.status).toBe(400);
    expect(page.html).toMatch(message);
    expect(page.headers.get('location')).toBeNull();
    expect((await g.store.getSession(sid))!.status).toBe('active');
  });

  it('refuses a parameter given twice', async () => {
    const { browser, tokens, sid } = await signIn();
    const page = await browser.navigate(`${fx.url}/logout?id_token_hint=${tokens.id_token}&state=a&state=b`);
    expect(page.status).toBe(400);
    expect(page.html).toContain('state is given more than once');
    expect((await g.store.getSession(sid))!.status).toBe('active');
  });

  it('without a hint asks the user to confirm; the confirmation is refused from another site and accepted from the page', async () => {
    const { browser, sid } = await signIn();
    const page = await browser.navigate(
      `${fx.url}/logout?client_id=logout-app&post_logout_redirect_uri=${encodeURIComponent(BYE)}&state=s2`,
    );
    expect(page.status).toBe(200);
    expect(page.html).toContain('Sign out of Logout App?');
    expect((await g.store.getSession(sid))!.status).toBe('active');

    const { interaction } = TestBrowser.formOf(page);
    const forged = await browser.navigate(
      `${fx.url}/logout/confirm`,
      { interaction },
      { origin: 'https://evil.example' },
    );
    expect(forged.status).toBe(403);
    const elsewhere = await new TestBrowser(fx.url).navigate(`${fx.url}/logout/confirm`, { interaction });
    expect(elsewhere.status).toBe(400);
    expect((await g.store.getSession(sid))!.status).toBe('active');

    const confirmed = await browser.navigate(`${fx.url}/logout/confirm`, { interaction });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${BYE}?state=s2`);
    expect((await g.store.getSession(sid))!.status).toBe('revoked');
    expect(browser.cookies.has('gh_session')).toBe(false);
  });
});

describe('back-channel logout after every kind of session end', () => {
  it.each<[string, (s: Awaited<ReturnType<typeof signIn>>) => Promise<unknown>]>([
    ['a revoke in the console', (s) => g.sessions.revokeSession(s.sid, 'revoked in the console', 'admin')],
    [
      'POST /auth/logout with its access token',
      (s) =>
        fetch(`${fx.url}/auth/logout`, {
          method: 'POST',
          headers: { authorization: `Bearer ${s.tokens.access_token}` },
        }),
    ],
    ['revoking every session of the user', (s) => g.sessions.revokeUserSessions(s.sub, 'all of them', 'admin')],
    ['RFC 7009 revocation of its refresh token', (s) => oidc.tokenRevocation(config, s.tokens.refresh_token!)],
    [
      'refresh-token reuse',
      async (s) => {
        await oidc.refreshTokenGrant(config, s.tokens.refresh_token!);
        await oidc.refreshTokenGrant(config, s.tokens.refresh_token!).catch(() => {});
      },
    ],
    [
      'idle expiry',
      async () => {
        fx.clock.advance(g.settings.get().idleTimeout + 1);
        await g.tick();
      },
    ],
    [
      'disabling the user',
      async (s) => {
        await g.users.update(s.sub, { disabled: true }, 'admin');
        await g.users.update(s.sub, { disabled: false }, 'admin');
      },
    ],
  ])('%s', async (_name, endIt) => {
    const session = await signIn();
    await endIt(session);
    const notice = await app.waitForSid(session.sid);
    expect(notice.claims).toMatchObject({ sid: session.sid, sub: session.sub, aud: 'logout-app' });
    expect(app.rejected).toEqual([]);
    expect(idle.received).toEqual([]);
  });

  it('deleting the user tells the app, and the delivery outlives the user', async () => {
    const dave = await g.users.createUser('dave', 'dave-password-1', ['user'], 'test');
    const session = await signIn('dave', 'dave-password-1');
    await g.users.delete(dave.id, 'admin');
    const notice = await app.waitForSid(session.sid);
    expect(notice.claims).toMatchObject({ sid: session.sid, sub: dave.id });
    await g.logout.settle();
    expect(await g.store.getUserById(dave.id)).toBeNull();
    expect(await deliveriesOf(session.sid)).toEqual([expect.objectContaining({ status: 'delivered' })]);
  });

  it('a token-version bump does not end the session, so no app is told', async () => {
    const session = await signIn();
    await g.users.bumpTokenVersion(session.sub, 'admin', 'test');
    await g.logout.settle();
    expect(await deliveriesOf(session.sid)).toEqual([]);
    expect(app.received).toEqual([]);
  });

  it('retries after the app answered 500, with the error kept, until it answers 200', async () => {
    app.mode = 'fail';
    const session = await signIn();
    await g.sessions.revokeSession(session.sid, 'x', 'admin');
    await g.logout.settle();
    expect(await deliveriesOf(session.sid)).toEqual([
      expect.objectContaining({
        status: 'pending',
        attempts: 1,
        lastError: expect.stringMatching(/^HTTP 500/),
        // 1 s after the second the failure fell in: never sooner than the backoff's 1 s
        nextAttemptAt: g.clock.now() + 2,
      }),
    ]);
    app.mode = 'ok';
    await g.logout.kick(); // not due yet: nothing sent
    await g.logout.settle();
    expect((await deliveriesOf(session.sid))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    fx.clock.advance(1);
    await g.logout.kick(); // 1 s may have passed only in part: still not due
    await g.logout.settle();
    expect((await deliveriesOf(session.sid))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    fx.clock.advance(1);
    await g.logout.kick();
    await g.logout.settle();
    expect(await deliveriesOf(session.sid)).toEqual([
      expect.objectContaining({ status: 'delivered', attempts: 2, lastError: null }),
    ]);
    expect(app.received.filter((r) => r.claims.sid === session.sid)).toHaveLength(2);
  });

  it('gives up after the last backoff step and says so', async () => {
    app.mode = 'fail';
    const session = await signIn();
    await g.sessions.revokeSession(session.sid, 'x', 'admin');
    for (const wait of [0, 1, 5, 30, 120, 600]) {
      fx.clock.advance(wait && wait + 1);
      await g.logout.kick();
      await g.logout.settle();
    }
    expect(await deliveriesOf(session.sid)).toEqual([expect.objectContaining({ status: 'failed', attempts: 6 })]);
  });

  it('an app that never answers times out; revocation did not wait for it and the server keeps answering', async () => {
    app.mode = 'hang';
    const session = await signIn();
    const other = await signIn();
    await g.sessions.revokeSession(session.sid, 'x', 'admin'); // returns while the POST hangs
    expect((await rejection(await getMe(fx.url, session.tokens.access_token))).reason).toBe('session_revoked');
    expect((await getMe(fx.url, other.tokens.access_token)).status).toBe(200);
    await g.logout.settle();
    expect((await deliveriesOf(session.sid))[0]).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: `no answer within ${TIMEOUT_MS} ms`,
    });
  });
});

describe('deliveries survive a restart', () => {
  it('a delivery that failed before the restart is sent by the next start', async () => {
    const fixture = await openTestGatehouse({ demoData: true });
    const issuer = fixture.gatehouse.settings.get().issuer;
    const jwks = fixture.gatehouse.ring.jwks() as never;
    let receiver = await startLogoutReceiver(issuer, 'restart-app', () => fixture.clock.now(), { jwks });
    const port = Number(new URL(receiver.uri).port);
    try {
      let gh = fixture.gatehouse;
      await gh.clients.apply(
        {
          clientId: 'restart-app',
          name: 'Restart App',
          redirectUris: ['http://localhost:5177/cb'],
          postLogoutRedirectUris: [],
          grantTypes: ['authorization_code'],
          tokenEndpointAuthMethod: 'none',
          backchannelLogoutUri: receiver.uri,
          audience: null,
        },
        'test',
      );
      const user = (await gh.store.getUserByUsername('alice'))!;
      const session = await gh.sessions.startBrowserSession(user, CLIENT);
      await gh.store.addSessionClient(session.id, 'restart-app', fixture.clock.now());
      await receiver.close(); // the app is down when the session ends
      await gh.sessions.revokeSession(session.id, 'x', 'admin');
      await gh.logout.settle();
      expect((await gh.store.listLogoutDeliveries(session.id))[0]).toMatchObject({
        status: 'pending',
        attempts: 1,
        lastError: 'ECONNREFUSED',
      });

      await gh.close();
      gh = fixture.gatehouse = await openGatehouse({ dataDir: fixture.dir, clock: fixture.clock });
      receiver = await startLogoutReceiver(issuer, 'restart-app', () => fixture.clock.now(), { port, jwks });
      fixture.clock.advance(2); // the first retry's wait, counted from the end of the failure's second
      await gh.logout.kick();
      const [notice] = await receiver.waitFor(1);
      expect(notice!.claims).toMatchObject({ sid: session.id, sub: user.id });
      await gh.logout.settle();
      expect((await gh.store.listLogoutDeliveries(session.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    } finally {
      await receiver.close().catch(() => {});
      await fixture.close();
    }
  });
});

it('a logout token is signed in its client’s id_token algorithm (ES256 here), by the ring’s key for it', async () => {
  await g.clients.update('logout-app', { idTokenSignedResponseAlg: 'ES256' }, 'test');
  try {
    const session = await signIn();
    await g.sessions.revokeSession(session.sid, 'x', 'admin');
    const notice = await app.waitForSid(session.sid);
    expect(decodeProtectedHeader(notice.raw)).toMatchObject({
      typ: 'logout+jwt',
      alg: 'ES256',
      kid: g.ring.signingKey().kid,
    });
  } finally {
    await g.clients.update('logout-app', { idTokenSignedResponseAlg: 'RS256' }, 'test');
  }
});

it('a logout token is typed logout+jwt: refused as an access token and as an id_token_hint', async () => {
  const session = await signIn();
  await g.sessions.revokeSession(session.sid, 'x', 'admin');
  const notice = await app.waitForSid(session.sid);
  expect(decodeProtectedHeader(notice.raw)).toMatchObject({
    typ: 'logout+jwt',
    // signed like the client's id_tokens: RS256 by default
    alg: 'RS256',
    kid: g.ring.signingKeyFor('RS256')!.kid,
  });
  expect((await rejection(await getMe(fx.url, notice.raw))).reason).toBe('typ_invalid');
  const other = await signIn();
  const page = await other.browser.navigate(`${fx.url}/logout?id_token_hint=${notice.raw}`);
  expect(page.status).toBe(400);
  expect((await g.store.getSession(other.sid))!.status).toBe('active');
});

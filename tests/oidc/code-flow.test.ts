/**
 * Every flow an app uses, driven by panva's openid-client (the reference relying party), with
 * the hosted login page filled in over HTTP as a browser fills it.
 */
import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { basicAuth, getMe, postForm, rejection } from '../support/http-client';
import {
  authorizationRequest,
  MACHINE_SECRET,
  REDIRECT,
  startOidcServer,
  TEST_CLIENTS,
  type OidcFixture,
} from '../support/oidc-fixture';

let fx: OidcFixture;
let g: Gatehouse;
const alice = { username: 'alice', password: DEMO_PASSWORD };

beforeAll(async () => {
  fx = await startOidcServer();
  g = fx.gatehouse;
});
afterAll(() => fx.close());

/** Signs alice in through `client` from a fresh browser (or `browser`), and redeems the code. */
async function signIn(client: keyof typeof TEST_CLIENTS, scope?: string, browser = fx.browser()) {
  const config = await fx.configFor(client);
  const redirectUri = TEST_CLIENTS[client].redirectUris[0]!;
  const req = await authorizationRequest(config, redirectUri, scope);
  const callback = await browser.authorize(req.url, alice);
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    expectedNonce: req.nonce,
    idTokenExpected: (scope ?? 'openid').includes('openid'),
  });
  return { config, tokens, browser, callback, req };
}

describe('discovery', () => {
  it('advertises the code flow with PKCE S256 only, id_token alone, the three grants and the endpoints that answer', async () => {
    const config = await fx.configFor('web');
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(fx.url);
    expect(meta.response_types_supported).toEqual(['code', 'id_token']);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.grant_types_supported).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(meta.response_modes_supported).toEqual(['query', 'fragment', 'form_post']);
    expect(meta.subject_types_supported).toEqual(['public']);
    expect(meta.request_parameter_supported).toBe(false);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'none']);
    expect(meta.scopes_supported).toEqual(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);
    // OIDC Discovery §3: RS256 first; ES256 too, as the ring's access key can sign it
    expect(meta.id_token_signing_alg_values_supported).toEqual(['RS256', 'ES256']);
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    // every advertised endpoint exists (an empty request is refused, not a 404)
    for (const url of [meta.authorization_endpoint!, meta.userinfo_endpoint!])
      expect((await fetch(url)).status).not.toBe(404);
    expect((await fetch(meta.token_endpoint!, { method: 'POST' })).status).toBe(401);
  });
});

describe('authorization code flow with PKCE (confidential client, client_secret_basic)', () => {
  it('signs the user in on the hosted page and redeems the code for an access token, a refresh token and a valid id_token', async () => {
    const { tokens, callback } = await signIn('web', 'openid profile email offline_access');
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('iss')).toBe(fx.url); // RFC 9207
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.scope).toBe('openid profile email offline_access');

    const user = (await g.store.getUserByUsername('alice'))!;
    const id = tokens.claims()!;
    expect(id).toMatchObject({ iss: fx.url, sub: user.id, aud: 'web-app', azp: 'web-app' });
    expect(typeof id.sid).toBe('string');
    expect(id.auth_time).toBe(g.clock.now());
    // OIDC Core §2: RS256 by default, by the ring's RS256 key, checked by a JOSE library against the JWKS
    expect(decodeProtectedHeader(tokens.id_token!)).toMatchObject({
      alg: 'RS256',
      typ: 'JWT',
      kid: g.ring.signingKeyFor('RS256')!.kid,
    });
    const jwks = createLocalJWKSet((await (await fetch(`${fx.url}/.well-known/jwks.json`)).json()) as JSONWebKeySet);
    await jwtVerify(tokens.id_token!, jwks, {
      issuer: fx.url,
      audience: 'web-app',
      algorithms: ['RS256'],
      currentDate: new Date(g.clock.now() * 1000),
    });
    // OIDC Core §3.1.3.6: the left half of SHA-256 of the access token
    const digest = createHash('sha256').update(tokens.access_token).digest();
    expect(id.at_hash).toBe(digest.subarray(0, 16).toString('base64url'));

    const access = decodeJwt(tokens.access_token);
    expect(decodeProtectedHeader(tokens.access_token).typ).toBe('at+jwt');
    expect(access).toMatchObject({
      sub: user.id,
      client_id: 'web-app',
      sid: id.sid,
      scope: 'openid profile email offline_access',
    });
    // the resource server accepts it, by the hybrid's local verification
    expect((await getMe(fx.url, tokens.access_token)).status).toBe(200);
    // the session knows which client signed in through it
    expect((await g.store.listSessionClients(id.sid as string)).map((c) => c.clientId)).toEqual(['web-app']);
  });

  it('serves UserInfo: sub, the claims of the granted scopes and the custom claims', async () => {
    const user = (await g.store.getUserByUsername('alice'))!;
    await g.users.setClaims(user.id, { email: 'alice@example.com', name: 'Alice Liddell', team: 'wonderland' }, 'test');
    const { config, tokens } = await signIn('web', 'openid profile email');
    expect(await oidc.fetchUserInfo(config, tokens.access_token, user.id)).toEqual({
      sub: user.id,
      name: 'Alice Liddell',
      preferred_username: 'alice',
      email: 'alice@example.com',
      email_verified: false,
      team: 'wonderland',
    });
    // without the email scope, no email
    const narrow = await signIn('web', 'openid');
    expect(await oidc.fetchUserInfo(narrow.config, narrow.tokens.access_token, user.id)).toEqual({
      sub: user.id,
      team: 'wonderland',
    });
  });

  it("grants the client's registered API scopes it asks for beside the OIDC ones, drops the unknown ones, and stops refreshing one unregistered since", async () => {
    const web = {
      ...TEST_CLIENTS.web,
      redirectUris: [...TEST_CLIENTS.web.redirectUris],
      grantTypes: [...TEST_CLIENTS.web.grantTypes],
    };
    await g.clients.apply({ ...web, scopes: ['orders:read'] }, 'test');
    const config = await fx.configFor('web');
    let refreshToken: string;
    try {
      const { tokens } = await signIn('web', 'openid admin orders:read root');
      expect(tokens.scope).toBe('openid orders:read');
      expect(decodeJwt(tokens.access_token).scope).toBe('openid orders:read');
      // the refreshed token keeps the granted scope
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(refreshed.scope).toBe('openid orders:read');
      refreshToken = refreshed.refresh_token!;
    } finally {
      await g.clients.apply({ ...web, scopes: [] }, 'test');
    }
    // not registered any more: a refresh no longer carries it, and a new sign-in drops it as unknown
    const narrowed = await oidc.refreshTokenGrant(config, refreshToken);
    expect(narrowed.scope).toBe('openid');
    expect(decodeJwt(narrowed.access_token).scope).toBe('openid');
    const { tokens } = await signIn('web', 'openid orders:read');
    expect(tokens.scope).toBe('openid');
  });

  it('changing the custom claims ends the tokens issued before at once', async () => {
    const user = (await g.store.getUserByUsername('alice'))!;
    const { config, tokens } = await signIn('web', 'openid profile');
    await g.users.setClaims(user.id, { team: 'looking-glass' }, 'test');
    await expect(oidc.fetchUserInfo(config, tokens.access_token, user.id)).rejects.toMatchObject({
      status: 401,
      cause: [
        expect.objectContaining({ scheme: 'bearer', parameters: expect.objectContaining({ error: 'invalid_token' }) }),
      ],
    });
    expect((await rejection(await getMe(fx.url, tokens.access_token))).reason).toBe('version_stale');
  });

  it('refreshes with rotation: a new access token, refresh token and id_token; the old refresh token replayed ends the session', async () => {
    const { config, tokens } = await signIn('web');
    const sid = tokens.claims()!.sid as string;
    const next = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(next.refresh_token).toBeTruthy();
    expect(next.refresh_token).not.toBe(tokens.refresh_token);
    expect(next.claims()).toMatchObject({ aud: 'web-app', sid });
    expect(decodeJwt(next.access_token).sid).toBe(sid);

    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await g.store.getSession(sid))!.status).toBe('revoked');
    expect((await getMe(fx.url, next.access_token)).status).toBe(401);
  });

  it('a public client (PKCE only) gets a refresh token only when it asks for offline_access', async () => {
    const without = await signIn('spa', 'openid profile');
    expect(without.tokens.refresh_token).toBeUndefined();
    expect(without.tokens.claims()!.aud).toBe('spa');
    const withOffline = await signIn('spa', 'openid offline_access');
    expect(withOffline.tokens.refresh_token).toBeTruthy();
    const next = await oidc.refreshTokenGrant(withOffline.config, withOffline.tokens.refresh_token!);
    expect(decodeJwt(next.access_token).client_id).toBe('spa');
  });

  it('a client_secret_post client authenticates with its secret in the form', async () => {
    const { tokens } = await signIn('post', 'openid');
    expect(tokens.claims()!.aud).toBe('post-app');
    // registered without refresh_token: no refresh token even though confidential
    expect(tokens.refresh_token).toBeUndefined();
  });
});

describe('single sign-on through the provider session', () => {
  it('a second client in the same browser gets its code without a password prompt, in the same session', async () => {
    const first = await signIn('web');
    const config = await fx.configFor('spa');
    const req = await authorizationRequest(config, TEST_CLIENTS.spa.redirectUris[0]!, 'openid');
    const page = await first.browser.navigate(req.url.href);
    expect(page.status).toBe(303); // no login page
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.headers.get('location')!), {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const sid = first.tokens.claims()!.sid as string;
    expect(tokens.claims()!.sid).toBe(sid);
    expect((await g.store.listSessionClients(sid)).map((c) => c.clientId).sort()).toEqual(['spa', 'web-app']);

    // revoking the one session ends every client's tokens and the browser session
    await g.sessions.revokeSession(sid, 'test', 'admin');
    expect((await getMe(fx.url, first.tokens.access_token)).status).toBe(401);
    expect((await getMe(fx.url, tokens.access_token)).status).toBe(401);
    await expect(oidc.refreshTokenGrant(first.config, first.tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const again = await first.browser.navigate(
      (await authorizationRequest(config, TEST_CLIENTS.spa.redirectUris[0]!, 'openid')).url.href,
    );
    expect(again.status).toBe(200);
    expect(again.html).toContain('Sign in to Single Page App');
  });

  it('prompt=none answers with a code when signed in, and login_required (with state and iss) when not', async () => {
    const first = await signIn('web');
    const config = first.config;
    const silent = await authorizationRequest(config, REDIRECT, 'openid', { prompt: 'none' });
    const answered = await first.browser.navigate(silent.url.href);
    expect(answered.status).toBe(303);
    expect(new URL(answered.headers.get('location')!).searchParams.get('code')).toBeTruthy();

    const stranger = await fx.browser().navigate(silent.url.href);
    const back = new URL(stranger.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(Object.fromEntries(back.searchParams)).toMatchObject({
      error: 'login_required',
      state: silent.state,
      iss: fx.url,
    });
  });

  it('prompt=login and an exceeded max_age ask for the password again', async () => {
    const first = await signIn('web');
    const login = await authorizationRequest(first.config, REDIRECT, 'openid', { prompt: 'login' });
    expect((await first.browser.navigate(login.url.href)).status).toBe(200);
    fx.clock.advance(120);
    const fresh = await authorizationRequest(first.config, REDIRECT, 'openid', { max_age: '60' });
    expect((await first.browser.navigate(fresh.url.href)).status).toBe(200);
    const lenient = await authorizationRequest(first.config, REDIRECT, 'openid', { max_age: '3600' });
    expect((await first.browser.navigate(lenient.url.href)).status).toBe(303);
  });
});

describe('client_credentials', () => {
  it('issues an at+jwt for the client itself: sub and client_id are the client, its audience, no refresh token, no session', async () => {
    const config = await fx.configFor('machine');
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'orders:read' });
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).toBe('orders:read');
    expect(decodeProtectedHeader(tokens.access_token)).toMatchObject({ typ: 'at+jwt', alg: 'ES256' });
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({ sub: 'machine', client_id: 'machine', aud: 'orders-api', iss: fx.url });
    expect(claims.sid).toBeUndefined();
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toMatchObject({
      active: true,
      client_id: 'machine',
    });
  });

  it('refuses a scope not registered for the client with invalid_scope (RFC 6749 §5.2), as openid-client sees it', async () => {
    const config = await fx.configFor('machine');
    await expect(oidc.clientCredentialsGrant(config, { scope: 'admin orders:write root' })).rejects.toMatchObject({
      status: 400,
      error: 'invalid_scope',
      error_description: "scope 'admin' is not registered for Machine (registered: orders:read orders:write)",
    });
    // registered ones, as asked; none asked for, none granted
    expect((await oidc.clientCredentialsGrant(config, { scope: 'orders:write orders:read' })).scope).toBe(
      'orders:write orders:read',
    );
    expect((await oidc.clientCredentialsGrant(config)).scope).toBe('');
  });

  it("answers the review's request (scope=admin orders:write root) 400 invalid_scope with no token", async () => {
    const res = await postForm(
      `${fx.url}/oauth/token`,
      { grant_type: 'client_credentials', scope: 'admin orders:write root' },
      { authorization: basicAuth('machine', MACHINE_SECRET) },
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.error).toBe('invalid_scope');
    expect(body.access_token).toBeUndefined();
  });

  it('its tokens end when revoked by jti, when the secret is rotated and when the client is disabled', async () => {
    const config = await fx.configFor('machine');
    const byJti = await oidc.clientCredentialsGrant(config);
    await oidc.tokenRevocation(config, byJti.access_token);
    expect(await oidc.tokenIntrospection(config, byJti.access_token)).toEqual({ active: false });

    const beforeRotation = await oidc.clientCredentialsGrant(config);
    const { secret } = await g.clients.rotateSecret('machine', 'test');
    const rotated = await oidc.discovery(
      new URL(fx.url),
      'machine',
      { [oidc.clockSkew]: (config.clientMetadata() as never)[oidc.clockSkew] } as never,
      oidc.ClientSecretBasic(secret!),
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    expect(await oidc.tokenIntrospection(rotated, beforeRotation.access_token)).toEqual({ active: false });
    // the old secret: 401 with a Basic challenge
    await expect(oidc.clientCredentialsGrant(config)).rejects.toMatchObject({
      status: 401,
      cause: [expect.objectContaining({ scheme: 'basic' })],
    });

    const beforeDisable = await oidc.clientCredentialsGrant(rotated);
    await g.clients.update('machine', { enabled: false }, 'test');
    await g.clients.update('machine', { enabled: true }, 'test');
    expect(await oidc.tokenIntrospection(rotated, beforeDisable.access_token)).toEqual({ active: false });
    // put the fixture's secret back for the other tests
    await g.clients.apply({ ...TEST_CLIENTS.machine, redirectUris: [], grantTypes: ['client_credentials'] }, 'test');
  });
});

/**
 * What the OpenID Provider refuses, and how: an untrustworthy client or redirect URI gets a page
 * on Gatehouse (never a redirect), any other bad authorization request goes back to the client
 * with `error`, and the token endpoint answers RFC 6749 §5.2 errors.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { basicAuth, getMe, postForm, rejection } from '../support/http-client';
import { TestBrowser } from '../support/oidc-browser';
import {
  authorizationRequest,
  REDIRECT,
  startOidcServer,
  TEST_CLIENTS,
  WEB_SECRET,
  type OidcFixture,
} from '../support/oidc-fixture';

let fx: OidcFixture;
let g: Gatehouse;
const alice = { username: 'alice', password: DEMO_PASSWORD };
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'; // RFC 7636 appendix B

beforeAll(async () => {
  fx = await startOidcServer();
  g = fx.gatehouse;
});
afterAll(() => fx.close());

const authorizeUrl = (params: Record<string, string | string[]>): string => {
  const url = new URL('/authorize', fx.url);
  for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) url.searchParams.append(k, one);
  return url.href;
};
const valid = {
  response_type: 'code',
  client_id: 'web-app',
  redirect_uri: REDIRECT,
  scope: 'openid',
  state: 'st-1',
  code_challenge: challenge,
  code_challenge_method: 'S256',
};

/** The query the client's redirect URI was sent with (the test fails unless it was a redirect there). */
async function sentBack(params: Record<string, string | string[]>): Promise<Record<string, string>> {
  const page = await fx.browser().navigate(authorizeUrl(params));
  expect(page.status).toBe(303);
  const url = new URL(page.headers.get('location')!);
  expect(url.origin + url.pathname).toBe(REDIRECT);
  return Object.fromEntries(url.searchParams);
}

/** An error page on Gatehouse: 400, HTML, and no Location anywhere. */
async function refusedHere(params: Record<string, string | string[]>): Promise<string> {
  const page = await fx.browser().navigate(authorizeUrl(params));
  expect(page.status).toBe(400);
  expect(page.headers.get('location')).toBeNull();
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  return page.html;
}

/** A code for web-app, signed in as alice, with the given verifier's challenge. */
async function codeFor(browser = fx.browser()) {
  const config = await fx.configFor('web');
  const req = await authorizationRequest(config, REDIRECT, 'openid offline_access');
  const callback = await browser.authorize(req.url, alice);
  return { config, req, callback, code: callback.searchParams.get('code')! };
}

const token = (fields: Record<string, string>, secret = WEB_SECRET, id = 'web-app') =>
  postForm(`${fx.url}/oauth/token`, fields, { authorization: basicAuth(id, secret) });

describe('authorization requests answered on Gatehouse, never redirected (RFC 9700 §4.1)', () => {
  it('an unknown client', async () => {
    expect(await refusedHere({ ...valid, client_id: 'nobody' })).toContain('no client');
  });
  it('no client_id at all', async () => {
    const { client_id: _, ...rest } = valid;
    expect(await refusedHere(rest)).toContain('client_id is missing');
  });
  it.each([
    ['another site', 'https://evil.example/callback'],
    ['a longer path', `${REDIRECT}/../evil`],
    ['an added query', `${REDIRECT}?next=https://evil.example`],
    ['another port', 'http://localhost:5174/callback'],
    ['upper-case host', 'http://LOCALHOST:5173/callback'],
    ['a trailing slash', `${REDIRECT}/`],
  ])('a redirect_uri that is not exactly a registered one: %s', async (_name, uri) => {
    expect(await refusedHere({ ...valid, redirect_uri: uri })).toContain('is not a redirect URI registered');
  });
  it('client_id given twice', async () => {
    expect(await refusedHere({ ...valid, client_id: ['web-app', 'spa'] })).toContain('more than once');
  });
  it('a disabled client', async () => {
    await g.clients.update('post-app', { enabled: false }, 'test');
    try {
      await refusedHere({ ...valid, client_id: 'post-app', redirect_uri: TEST_CLIENTS.post.redirectUris[0]! });
    } finally {
      await g.clients.update('post-app', { enabled: true }, 'test');
    }
  });
});

describe('authorization requests sent back to the client with error, state and iss', () => {
  it.each<[string, Record<string, string | string[]>, string, RegExp]>([
    ['no PKCE', { code_challenge: '', code_challenge_method: '' }, 'invalid_request', /PKCE is required/],
    ['PKCE plain', { code_challenge_method: 'plain' }, 'invalid_request', /S256, not plain/],
    ['a challenge that is not a SHA-256', { code_challenge: 'short' }, 'invalid_request', /43-character/],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type', /only response_type=code/],
    ['scope given twice', { scope: ['openid', 'email'] }, 'invalid_request', /scope is given more than once/],
    ['an oversized nonce', { nonce: 'n'.repeat(600) }, 'invalid_request', /nonce/],
    [
      'a parameter over 2048 characters',
      { scope: `openid ${'x'.repeat(3000)}` },
      'invalid_request',
      /longer than 2048/,
    ],
    ['a request object', { request: 'eyJhbGciOiJub25lIn0.e30.' }, 'request_not_supported', /not supported/],
    ['an unknown prompt', { prompt: 'sometimes' }, 'invalid_request', /unknown prompt/],
    [
      'a hybrid response_type',
      { response_type: 'code id_token' },
      'unsupported_response_type',
      /only response_type=code/,
    ],
  ])('%s', async (_name, change, error, description) => {
    const params = Object.fromEntries(Object.entries({ ...valid, ...change }).filter(([, v]) => v !== ''));
    const query = await sentBack(params);
    expect(query).toMatchObject({ error, state: 'st-1', iss: fx.url });
    expect(query.error_description).toMatch(description);
    expect(query.code).toBeUndefined();
  });
});

describe('the hosted login page', () => {
  it('is never cached or framed, runs no script, and labels its fields', async () => {
    const page = await fx.browser().navigate(authorizeUrl(valid));
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.html).toContain('Sign in to Web App');
    expect(page.html).toMatch(/<label for="username">Username<\/label>\s*<input id="username"/);
    expect(page.html).toMatch(/<label for="password">Password<\/label>\s*<input id="password"[^>]*type="password"/);
    expect(page.html).not.toMatch(/<script/i);
  });

  it('escapes a client name that is HTML', async () => {
    await g.clients.apply(
      {
        ...TEST_CLIENTS.post,
        name: '<img src=x onerror=alert(1)>',
        redirectUris: [...TEST_CLIENTS.post.redirectUris],
        grantTypes: ['authorization_code'],
      },
      'test',
    );
    try {
      const page = await fx
        .browser()
        .navigate(authorizeUrl({ ...valid, client_id: 'post-app', redirect_uri: TEST_CLIENTS.post.redirectUris[0]! }));
      expect(page.html).not.toContain('<img');
      expect(page.html).toContain('&#60;img');
    } finally {
      await g.clients.apply(
        { ...TEST_CLIENTS.post, redirectUris: [...TEST_CLIENTS.post.redirectUris], grantTypes: ['authorization_code'] },
        'test',
      );
    }
  });

  it('shows a clear error after a wrong password and keeps the username, then signs in', async () => {
    const browser = fx.browser();
    const page = await browser.navigate(authorizeUrl(valid));
    const wrong = await browser.login(page, 'alice', 'not her password');
    expect(wrong.status).toBe(401);
    expect(wrong.html).toContain('The username or password is not right.');
    expect(wrong.html).toContain('value="alice"');
    const right = await browser.login(wrong, 'alice', DEMO_PASSWORD);
    expect(right.status).toBe(303);
    expect(new URL(right.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });

  it('refuses a login form posted from another site (Origin), even with the right fields', async () => {
    const browser = fx.browser();
    const page = await browser.navigate(authorizeUrl(valid));
    const forged = await browser.login(page, 'alice', DEMO_PASSWORD, { origin: 'https://evil.example' });
    expect(forged.status).toBe(403);
    expect(forged.headers.get('location')).toBeNull();
  });

  it("takes an opaque Origin (null) only when Sec-Fetch-Site says the form was this origin's own", async () => {
    const browser = fx.browser();
    const framed = await browser.login(await browser.navigate(authorizeUrl(valid)), 'alice', DEMO_PASSWORD, {
      origin: 'null',
      'sec-fetch-site': 'cross-site',
    });
    expect(framed.status).toBe(403);
    const own = await browser.login(await browser.navigate(authorizeUrl(valid)), 'alice', DEMO_PASSWORD, {
      origin: 'null',
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(303);
  });

  it('refuses a login form opened in another browser (the hidden field is bound to a cookie)', async () => {
    const page = await fx.browser().navigate(authorizeUrl(valid));
    const other = new TestBrowser(fx.url);
    const res = await other.login(page, 'alice', DEMO_PASSWORD);
    expect(res.status).toBe(400);
    expect(res.html).toContain('not opened in this browser');
  });

  it('refuses a tampered hidden field (another redirect URI slipped in)', async () => {
    const browser = fx.browser();
    const page = await browser.navigate(authorizeUrl(valid));
    const { interaction } = TestBrowser.formOf(page);
    const [body, mac] = [
      interaction.slice(0, interaction.lastIndexOf('.')),
      interaction.slice(interaction.lastIndexOf('.') + 1),
    ];
    const params = JSON.parse(Buffer.from(body, 'base64url').toString());
    params.p.redirect_uri = 'https://evil.example/cb';
    const forged = `${Buffer.from(JSON.stringify(params)).toString('base64url')}.${mac}`;
    const res = await browser.navigate(`${fx.url}/authorize/login`, {
      interaction: forged,
      username: 'alice',
      password: DEMO_PASSWORD,
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('refuses a login form left open longer than ten minutes', async () => {
    const browser = fx.browser();
    const page = await browser.navigate(authorizeUrl(valid));
    fx.clock.advance(601);
    const res = await browser.login(page, 'alice', DEMO_PASSWORD);
    expect(res.status).toBe(400);
    expect(res.html).toContain('expired');
  });
});

describe('the token endpoint', () => {
  it('a second redemption of a code fails with invalid_grant and revokes what the first produced (RFC 6749 §4.1.2)', async () => {
    const { config, req, callback } = await codeFor();
    const first = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect((await getMe(fx.url, first.access_token)).status).toBe(200);
    await expect(
      oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: req.verifier,
        expectedState: req.state,
        expectedNonce: req.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    expect((await rejection(await getMe(fx.url, first.access_token))).reason).toBe('session_revoked');
    await expect(oidc.refreshTokenGrant(config, first.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('a code older than 60 s is refused', async () => {
    const { code } = await codeFor();
    fx.clock.advance(61);
    const res = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: 'x'.repeat(43),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/expired/),
    });
  });

  it.each<[string, (code: string, verifier: string) => Record<string, string>, RegExp]>([
    [
      'a wrong PKCE verifier',
      (code) => ({ code, redirect_uri: REDIRECT, code_verifier: 'a'.repeat(43) }),
      /does not match/,
    ],
    ['no PKCE verifier', (code) => ({ code, redirect_uri: REDIRECT }), /code_verifier is missing/],
    [
      'another redirect_uri',
      (code, v) => ({ code, redirect_uri: 'http://localhost:5173/other', code_verifier: v }),
      /redirect_uri does not match/,
    ],
    ['no redirect_uri', (code, v) => ({ code, code_verifier: v }), /redirect_uri does not match/],
    ['an unknown code', (_code, v) => ({ code: 'not-a-code', redirect_uri: REDIRECT, code_verifier: v }), /not valid/],
  ])('%s → invalid_grant', async (_name, fields, description) => {
    const { code, req } = await codeFor();
    const res = await token({ grant_type: 'authorization_code', ...fields(code, req.verifier) });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringMatching(description),
    });
  });

  it('a code issued to one client is refused to another, even with the right verifier', async () => {
    const { code, req } = await codeFor();
    const res = await postForm(`${fx.url}/oauth/token`, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: req.verifier,
      client_id: 'spa',
    });
    expect(await res.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringMatching(/another client/),
    });
  });

  it('a wrong secret is 401 invalid_client with a Basic challenge', async () => {
    const res = await token({ grant_type: 'client_credentials' }, 'wrong-secret-0123456789');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('a confidential client registered for Basic may send its secret in the form; a public client may send none', async () => {
    // web-app is client_secret_basic: its secret in the form authenticates it (openid-client's
    // default), so the request reaches the grant, whose refresh token is unknown
    const res = await postForm(`${fx.url}/oauth/token`, {
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_id: 'web-app',
      client_secret: WEB_SECRET,
    });
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
    const spa = await postForm(`${fx.url}/oauth/token`, {
      grant_type: 'refresh_token',
      refresh_token: 'x',
      client_id: 'spa',
      client_secret: WEB_SECRET,
    });
    expect(spa.status).toBe(401);
  });

  it.each<[string, string, Record<string, string>]>([
    ['a public client asking for client_credentials', 'spa', { grant_type: 'client_credentials' }],
    [
      'a client without the refresh_token grant refreshing',
      'post-app',
      { grant_type: 'refresh_token', refresh_token: 'x' },
    ],
  ])('%s → unauthorized_client', async (_name, clientId, fields) => {
    const auth: Record<string, string> =
      clientId === 'spa'
        ? { client_id: 'spa' }
        : { client_id: 'post-app', client_secret: TEST_CLIENTS.post.clientSecret };
    const res = await postForm(`${fx.url}/oauth/token`, { ...fields, ...auth });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'unauthorized_client' });
  });

  it('the machine client (client_credentials only) has no code flow: its authorization request gets the error page', async () => {
    await refusedHere({ ...valid, client_id: 'machine' });
  });

  it("another client's refresh token is invalid_grant, and does not rotate it", async () => {
    const { config, req, callback } = await codeFor();
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const res = await postForm(`${fx.url}/oauth/token`, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: 'spa',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
    // still usable by its own client, and its session untouched
    expect((await oidc.refreshTokenGrant(config, tokens.refresh_token!)).access_token).toBeTruthy();
  });

  it.each<[string, string, number, string]>([
    ['a parameter given twice', 'grant_type=client_credentials&grant_type=client_credentials', 400, 'invalid_request'],
    ['no grant_type', 'scope=x', 400, 'invalid_request'],
    ['an unknown grant_type', 'grant_type=password2', 400, 'unsupported_grant_type'],
    ['the implicit grant', 'grant_type=implicit', 400, 'unsupported_grant_type'],
  ])('%s → %s %s', async (_name, body, status, error) => {
    const res = await fetch(`${fx.url}/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basicAuth('machine', TEST_CLIENTS.machine.clientSecret),
      },
      body,
    });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ error });
  });

  it('a body over 64 KiB is refused', async () => {
    const res = await token({ grant_type: 'client_credentials', scope: 'x'.repeat(70_000) });
    expect(res.status).toBe(413);
  });
});

describe('id_tokens are not access tokens', () => {
  it('an id_token presented as a Bearer token is refused with typ_invalid, at the resource server and at UserInfo', async () => {
    const { config, req, callback } = await codeFor();
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const me = await rejection(await getMe(fx.url, tokens.id_token!));
    expect(me).toMatchObject({ status: 401, reason: 'typ_invalid' });
    const info = await fetch(`${fx.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${tokens.id_token}` } });
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toMatch(/invalid_token/);
  });

  it('UserInfo refuses a token without the openid scope (403 insufficient_scope)', async () => {
    const config = await fx.configFor('web');
    const req = await authorizationRequest(config, REDIRECT, 'profile');
    const callback = await fx.browser().authorize(req.url, alice);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
    });
    expect(tokens.id_token).toBeUndefined();
    const info = await fetch(`${fx.url}/oauth/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.status).toBe(403);
    expect(info.headers.get('www-authenticate')).toMatch(/insufficient_scope/);
  });

  it("a client_credentials token is not a user's: UserInfo refuses it", async () => {
    const tokens = await oidc.clientCredentialsGrant(await fx.configFor('machine'));
    const info = await fetch(`${fx.url}/oauth/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect([401, 403]).toContain(info.status);
  });
});

describe('loopback redirect URIs (RFC 8252 §7.3)', () => {
  const spa = { ...valid, client_id: 'spa' };
  it('a native app’s loopback literal on any port reaches the login form, and its code redeems at that URI only', async () => {
    const redirect = 'http://127.0.0.1:61001/cb'; // registered as http://127.0.0.1:5174/cb
    const config = await fx.configFor('spa');
    const req = await authorizationRequest(config, redirect, 'openid');
    const callback = await fx.browser().authorize(req.url, alice);
    expect(callback.origin + callback.pathname).toBe(redirect);
    const code = callback.searchParams.get('code')!;
    const redeem = (redirect_uri: string) =>
      postForm(`${fx.url}/oauth/token`, {
        grant_type: 'authorization_code',
        client_id: 'spa',
        code,
        redirect_uri,
        code_verifier: req.verifier,
      });
    // RFC 6749 §4.1.3: identical to the authorization request's, port included
    expect(await (await redeem('http://127.0.0.1:61002/cb')).json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('a code redeems with the loopback URI it was sent to', async () => {
    const redirect = 'http://127.0.0.1:61003/cb';
    const config = await fx.configFor('spa');
    const req = await authorizationRequest(config, redirect, 'openid');
    const callback = await fx.browser().authorize(req.url, alice);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect(tokens.access_token).toBeTruthy();
  });

  it('localhost, another path or another host is still refused on Gatehouse', async () => {
    await refusedHere({ ...spa, redirect_uri: 'http://127.0.0.1:61001/cb/other' });
    await refusedHere({ ...spa, redirect_uri: 'http://localhost:5174/cb' });
    await refusedHere({ ...valid, redirect_uri: 'http://localhost:5999/callback' });
  });
});

describe('prompt=none with no session (the suite’s oidcc-prompt-none-not-logged-in)', () => {
  it('is login_required at the redirect URI, even without PKCE or with an unsupported response type', async () => {
    const { code_challenge: _c, code_challenge_method: _m, ...noPkce } = valid;
    // the suite sends a 128-character state to check it comes back uncorrupted
    const state = 'S'.repeat(64) + '-_.~'.repeat(16);
    expect(await sentBack({ ...noPkce, state, prompt: 'none' })).toMatchObject({
      error: 'login_required',
      state,
      iss: fx.url,
    });
    expect(await sentBack({ ...valid, response_type: 'token', prompt: 'none' })).toMatchObject({
      error: 'login_required',
    });
    await refusedHere({ ...valid, prompt: 'none', redirect_uri: 'https://evil.example/cb' });
  });
});

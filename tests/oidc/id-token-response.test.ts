/**
 * response_type=id_token as a relying party uses it (express-openid-connect's default): openid-client
 * configured for it, the hosted login as for a code, the id_token read from the fragment or the
 * posted form, and refused to a client not registered for it.
 */
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { REDIRECT, startOidcServer, TEST_CLIENTS, type OidcFixture } from '../support/oidc-fixture';

let fx: OidcFixture;
let g: Gatehouse;
const alice = { username: 'alice', password: DEMO_PASSWORD };
const RP_REDIRECT = 'https://rp.example.com/callback';

beforeAll(async () => {
  fx = await startOidcServer();
  g = fx.gatehouse;
  await g.clients.apply(
    {
      clientId: 'id-token-rp',
      clientSecret: 'id-token-rp-secret-0123456789abcdef',
      name: 'ID Token RP',
      redirectUris: [RP_REDIRECT],
      postLogoutRedirectUris: [],
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      backchannelLogoutUri: null,
      audience: null,
      scopes: [],
      responseTypes: ['code', 'id_token'],
    },
    'test',
  );
});
afterAll(() => fx.close());

/** openid-client set up for response_type=id_token, with the fixture's frozen clock. */
async function idTokenConfig(clientId = 'id-token-rp') {
  const skew = g.clock.now() - Math.floor(Date.now() / 1000);
  const config = await oidc.discovery(new URL(fx.url), clientId, { [oidc.clockSkew]: skew } as never, undefined, {
    execute: [oidc.allowInsecureRequests, oidc.useIdTokenResponseType],
  });
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  return { config, state, nonce };
}

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));

describe('response_type=id_token', () => {
  it('signs in on the hosted page and returns the id_token in the fragment, which openid-client accepts', async () => {
    const { config, state, nonce } = await idTokenConfig();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: RP_REDIRECT, scope: 'openid', state, nonce });
    expect(url.searchParams.get('response_type')).toBe('id_token');
    const callback = await fx.browser().authorize(url, alice);
    expect(callback.search).toBe('');
    const claims = await oidc.implicitAuthentication(config, callback, nonce, { expectedState: state });
    const user = (await g.store.getUserByUsername('alice'))!;
    expect(claims).toMatchObject({ iss: fx.url, sub: user.id, aud: 'id-token-rp', nonce });
    expect(typeof claims.sid).toBe('string');
    // no access token was issued, so nothing to hash
    expect(claims.at_hash).toBeUndefined();
    expect(claims.c_hash).toBeUndefined();
    expect(new URLSearchParams(callback.hash.slice(1)).has('access_token')).toBe(false);
    // the session knows the client, so a logout reaches it
    expect((await g.store.listSessionClients(claims.sid as string)).map((c) => c.clientId)).toEqual(['id-token-rp']);
  });

  it('carries the claims of the scope in the id_token, since no access token reaches UserInfo (OIDC Core §5.4)', async () => {
    const { config, state, nonce } = await idTokenConfig();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: RP_REDIRECT,
      scope: 'openid profile',
      state,
      nonce,
    });
    const callback = await fx.browser().authorize(url, alice);
    const claims = await oidc.implicitAuthentication(config, callback, nonce, { expectedState: state });
    expect(claims).toMatchObject({ preferred_username: 'alice', name: expect.any(String) });
    expect(claims.email).toBeUndefined();
  });

  it('by form_post: the id_token is posted to the redirect URI, and single sign-on answers the next request', async () => {
    const { config, state, nonce } = await idTokenConfig();
    const browser = fx.browser();
    const params = { redirect_uri: RP_REDIRECT, scope: 'openid', state, nonce, response_mode: 'form_post' };
    const login = await browser.navigate(String(oidc.buildAuthorizationUrl(config, params)));
    const page = await browser.login(login, alice.username, alice.password);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const body = new URLSearchParams();
    for (const m of page.html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
      body.append(unescape(m[1]!), unescape(m[2]!));
    expect([...body.keys()]).toEqual(['id_token', 'state', 'iss']);
    const posted = new Request(RP_REDIRECT, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
    const claims = await oidc.implicitAuthentication(config, posted, nonce, { expectedState: state });
    expect(claims.nonce).toBe(nonce);

    const again = await idTokenConfig();
    const sso = await browser.authorize(
      oidc.buildAuthorizationUrl(again.config, {
        ...params,
        state: again.state,
        nonce: again.nonce,
        response_mode: 'fragment',
      }),
    );
    const next = await oidc.implicitAuthentication(again.config, sso, again.nonce, { expectedState: again.state });
    expect(next.sid).toBe(claims.sid);
  });

  it('refuses a request without nonce, or in the query, back at the redirect URI in the fragment', async () => {
    // built by hand: openid-client itself refuses to build a request without nonce
    const request = (extra: Record<string, string>) =>
      `${fx.url}/authorize?${new URLSearchParams({ client_id: 'id-token-rp', redirect_uri: RP_REDIRECT, response_type: 'id_token', scope: 'openid', state: 'st', ...extra })}`;
    const noNonce = await fx.browser().authorize(request({}));
    const fragment = new URLSearchParams(noNonce.hash.slice(1));
    expect(fragment.get('error')).toBe('invalid_request');
    expect(fragment.get('error_description')).toMatch(/nonce/);
    expect(fragment.get('state')).toBe('st');
    const query = await fx.browser().authorize(request({ nonce: 'n', response_mode: 'query' }));
    expect(query.search).toBe('');
    expect(new URLSearchParams(query.hash.slice(1)).get('error')).toBe('invalid_request');
  });

  it('a client not registered for id_token gets unauthorized_client at its redirect URI', async () => {
    const { config, state, nonce } = await idTokenConfig(TEST_CLIENTS.web.clientId);
    const callback = await fx
      .browser()
      .authorize(oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state, nonce }), alice);
    const fragment = new URLSearchParams(callback.hash.slice(1));
    expect(fragment.get('error')).toBe('unauthorized_client');
    expect(fragment.get('state')).toBe(state);
    expect(fragment.get('iss')).toBe(fx.url);
  });

  it('an id_token from the front channel is not an access token', async () => {
    const { config, state, nonce } = await idTokenConfig();
    const callback = await fx
      .browser()
      .authorize(
        oidc.buildAuthorizationUrl(config, { redirect_uri: RP_REDIRECT, scope: 'openid', state, nonce }),
        alice,
      );
    const idToken = new URLSearchParams(callback.hash.slice(1)).get('id_token')!;
    expect(decodeJwt(idToken).sub).toBeTruthy();
    const me = await fetch(`${fx.url}/api/me`, { headers: { authorization: `Bearer ${idToken}` } });
    expect(me.status).toBe(401);
  });
});

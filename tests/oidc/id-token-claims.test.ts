/**
 * The id_token says of the user what UserInfo says for the same scope (OIDC Core §5.4), as
 * Keycloak and Auth0 do: a relying party that reads only the id_token (Auth.js' minimal `oidc`
 * provider) shows the user's name. The suite's oidcc-scope-* modules accept a claim in either place.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { authorizationRequest, REDIRECT, startOidcServer, type OidcFixture } from '../support/oidc-fixture';

let fx: OidcFixture;
let userId: string;

beforeAll(async () => {
  fx = await startOidcServer();
  userId = (await fx.gatehouse.store.getUserByUsername('alice'))!.id;
  await fx.gatehouse.users.setClaims(
    userId,
    {
      name: 'Alice Liddell',
      email: 'alice@example.com',
      address: { locality: 'Oxford', country: 'GB' },
      phone_number: '+44 1865 000000',
      team: 'wonderland',
    },
    'test',
  );
});
afterAll(() => fx.close());

async function signIn(scope: string) {
  const config = await fx.configFor('web');
  const req = await authorizationRequest(config, REDIRECT, scope);
  const callback = await fx.browser().authorize(req.url, { username: 'alice', password: DEMO_PASSWORD });
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    expectedNonce: req.nonce,
  });
  return { config, tokens };
}

describe('claims in the id_token', () => {
  it('carries the claims of profile, email, address and phone, the same as UserInfo', async () => {
    const { config, tokens } = await signIn('openid profile email address phone');
    const id = tokens.claims()!;
    const expected = {
      sub: userId,
      name: 'Alice Liddell',
      preferred_username: 'alice',
      email: 'alice@example.com',
      email_verified: false,
      address: { locality: 'Oxford', country: 'GB' },
      phone_number: '+44 1865 000000',
      phone_number_verified: false,
      team: 'wonderland',
    };
    expect(id).toMatchObject({ ...expected, iss: fx.url, aud: 'web-app' });
    expect(await oidc.fetchUserInfo(config, tokens.access_token, userId)).toEqual(expected);
  });

  it('carries no standard claim whose scope was not granted', async () => {
    const id = (await signIn('openid')).tokens.claims()!;
    for (const name of ['name', 'preferred_username', 'email', 'address', 'phone_number'])
      expect(id).not.toHaveProperty(name);
    expect(id.team).toBe('wonderland');
  });

  it('a refreshed id_token carries them too', async () => {
    const { config, tokens } = await signIn('openid profile offline_access');
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()).toMatchObject({ sub: userId, name: 'Alice Liddell', preferred_username: 'alice' });
  });
});

describe('the claims request parameter (OIDC Core §5.5, the suite’s oidcc-claims-essential)', () => {
  async function signInAsking(scope: string, claims: unknown) {
    const config = await fx.configFor('web');
    const req = await authorizationRequest(config, REDIRECT, scope, { claims: JSON.stringify(claims) });
    // through the hosted login form: the request travels in its signed copy, then in the code
    const callback = await fx.browser().authorize(req.url, { username: 'alice', password: DEMO_PASSWORD });
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    return { config, tokens };
  }

  it('answers an essential acr with unmet_authentication_requirements at the redirect URI, before any login (§5.5.1.1)', async () => {
    const config = await fx.configFor('web');
    const claims = JSON.stringify({ id_token: { acr: { essential: true, values: ['urn:mace:incommon:iap:silver'] } } });
    const req = await authorizationRequest(config, REDIRECT, 'openid', { claims });
    const res = await fetch(req.url, { redirect: 'manual' });
    const to = new URL(res.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect(to.searchParams.get('error')).toBe('unmet_authentication_requirements');
    expect(to.searchParams.get('state')).toBe(req.state);
    expect(to.searchParams.get('error_description')).toMatch(/acr/);
  });

  it('puts the id_token member’s claims in the id_token, beyond the scope; unknown ones are ignored', async () => {
    const { tokens } = await signInAsking('openid', {
      id_token: { email: { essential: true }, name: null, 'urn:unknown': null },
    });
    const id = tokens.claims()!;
    expect(id).toMatchObject({ email: 'alice@example.com', email_verified: false, name: 'Alice Liddell' });
    expect(id).not.toHaveProperty('urn:unknown');
    expect(id).not.toHaveProperty('phone_number');
  });

  it('serves the userinfo member’s claims at UserInfo, beyond the scope, and not in the id_token', async () => {
    const { config, tokens } = await signInAsking('openid', { userinfo: { name: { essential: true }, email: null } });
    expect(await oidc.fetchUserInfo(config, tokens.access_token, userId)).toEqual({
      sub: userId,
      name: 'Alice Liddell',
      email: 'alice@example.com',
      email_verified: false,
      team: 'wonderland',
    });
    expect(tokens.claims()).not.toHaveProperty('name');
  });

  it('outlives a refresh: the new access token still unlocks the userinfo member, the new id_token carries the id_token member', async () => {
    const { config, tokens } = await signInAsking('openid offline_access', {
      userinfo: { email: null },
      id_token: { name: { essential: true } },
    });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(await oidc.fetchUserInfo(config, refreshed.access_token, userId)).toMatchObject({
      email: 'alice@example.com',
    });
    expect(refreshed.claims()).toMatchObject({ sub: userId, name: 'Alice Liddell' });
    expect(refreshed.claims()).not.toHaveProperty('email');
    // and the next refresh too: the request is the family's, copied to each rotation
    const again = await oidc.refreshTokenGrant(config, refreshed.refresh_token!);
    expect(await oidc.fetchUserInfo(config, again.access_token, userId)).toMatchObject({ email: 'alice@example.com' });
    expect(again.claims()).toMatchObject({ name: 'Alice Liddell' });
  });

  it('malformed JSON is invalid_request at the redirect URI', async () => {
    const config = await fx.configFor('web');
    const req = await authorizationRequest(config, REDIRECT, 'openid', { claims: '{"userinfo":' });
    const page = await fx.browser().navigate(req.url.href);
    expect(page.status).toBe(303);
    const sent = new URL(page.headers.get('location')!);
    expect(sent.origin + sent.pathname).toBe(REDIRECT);
    expect(sent.searchParams.get('error')).toBe('invalid_request');
    expect(sent.searchParams.get('state')).toBe(req.state);
  });
});

describe('a client registered with idTokenClaims minimal', () => {
  beforeAll(() => fx.gatehouse.clients.update('web-app', { idTokenClaims: 'minimal' }, 'test'));
  afterAll(() => fx.gatehouse.clients.update('web-app', { idTokenClaims: 'scopes' }, 'test'));

  it("gets id_tokens without the scope's claims, at the code exchange and on refresh; UserInfo unchanged", async () => {
    const config = await fx.configFor('web');
    const req = await authorizationRequest(config, REDIRECT, 'openid profile email offline_access', {
      claims: JSON.stringify({ id_token: { email: null } }),
    });
    const callback = await fx.browser().authorize(req.url, { username: 'alice', password: DEMO_PASSWORD });
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    for (const id of [tokens.claims()!, refreshed.claims()!]) {
      // only the protocol's claims and the one the claims parameter asked for
      expect(id).toMatchObject({ iss: fx.url, sub: userId, aud: 'web-app', email: 'alice@example.com' });
      for (const name of ['name', 'preferred_username', 'email_verified', 'team']) expect(id).not.toHaveProperty(name);
    }
    expect(await oidc.fetchUserInfo(config, refreshed.access_token, userId)).toMatchObject({
      name: 'Alice Liddell',
      preferred_username: 'alice',
      email: 'alice@example.com',
      team: 'wonderland',
    });
  });
});

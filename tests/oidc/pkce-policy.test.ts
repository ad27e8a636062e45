/**
 * PKCE policy over HTTP (issue 19.3): required by default and always for public clients, optional
 * for a confidential client registered with `requirePkce: false`, as the OpenID Foundation's Basic
 * OP plan uses one (a static client, client_secret_basic or client_secret_post, `state` and `nonce`
 * but no `code_challenge`), and a PKCE downgrade refused (RFC 9700 §4.8.2).
 */
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { basicAuth, postForm } from '../support/http-client';
import { REDIRECT, startOidcServer, type OidcFixture } from '../support/oidc-fixture';

let fx: OidcFixture;
let g: Gatehouse;
/** The endpoints as the suite finds them: by discovery. */
let meta: { authorization_endpoint: string; token_endpoint: string; jwks_uri: string };
const alice = { username: 'alice', password: DEMO_PASSWORD };
const SECRET = 'basic-rp-secret-0123456789abcdef';
const CALLBACK = 'https://rp.example.com/cb';
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'; // RFC 7636 appendix B
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const basicClient = (clientId: string, method: 'client_secret_basic' | 'client_secret_post') => ({
  clientId,
  clientSecret: SECRET,
  name: clientId,
  redirectUris: [CALLBACK],
  postLogoutRedirectUris: [],
  grantTypes: ['authorization_code' as const],
  tokenEndpointAuthMethod: method,
  backchannelLogoutUri: null,
  audience: null,
  requirePkce: false,
});

beforeAll(async () => {
  fx = await startOidcServer();
  g = fx.gatehouse;
  await g.clients.apply(basicClient('basic-rp', 'client_secret_basic'), 'test');
  await g.clients.apply(basicClient('basic-post', 'client_secret_post'), 'test');
  meta = (await (await fetch(new URL('/.well-known/openid-configuration', fx.url))).json()) as typeof meta;
});
afterAll(() => fx.close());

const authorizeUrl = (params: Record<string, string>): string => {
  const url = new URL(meta.authorization_endpoint);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
};

/** The suite's authorization request (CreateAuthorizationEndpointRequestFromClientInformation): no PKCE. */
const suiteRequest = (clientId: string, extra: Record<string, string> = {}) => ({
  response_type: 'code',
  client_id: clientId,
  redirect_uri: CALLBACK,
  scope: 'openid',
  state: 'st-basic',
  ...extra,
});

/** Signs alice in from a fresh browser (through the hosted login form) and returns the code. */
async function codeFor(params: Record<string, string>): Promise<string> {
  const callback = await fx.browser().authorize(authorizeUrl(params), alice);
  expect(callback.origin + callback.pathname).toBe(CALLBACK);
  expect(callback.searchParams.get('state')).toBe(params.state);
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code: ${callback.search}`);
  return code;
}

/** The token request, authenticated as the client is registered. */
function redeem(clientId: string, fields: Record<string, string>): Promise<Response> {
  const form = { grant_type: 'authorization_code', redirect_uri: CALLBACK, ...fields };
  return clientId === 'basic-post'
    ? postForm(meta.token_endpoint, { ...form, client_id: clientId, client_secret: SECRET })
    : postForm(meta.token_endpoint, form, { authorization: basicAuth(clientId, SECRET) });
}

describe('a confidential client registered with requirePkce: false (the Basic OP plan)', () => {
  it.each(['basic-rp', 'basic-post'])(
    '%s completes the code flow without PKCE; the id_token carries the nonce',
    async (clientId) => {
      const code = await codeFor(suiteRequest(clientId, { nonce: 'n-basic-1' }));
      const res = await redeem(clientId, { code });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { id_token: string; access_token: string; token_type: string };
      expect(body.token_type).toBe('Bearer');
      const jwks = createRemoteJWKSet(new URL(meta.jwks_uri));
      const { payload } = await jwtVerify(body.id_token, jwks, {
        issuer: fx.url,
        audience: clientId,
        currentDate: new Date(g.clock.now() * 1000),
      });
      expect(payload.nonce).toBe('n-basic-1');
    },
  );

  it('completes without a nonce too (oidcc-ensure-request-without-nonce-succeeds-for-code-flow)', async () => {
    const code = await codeFor(suiteRequest('basic-rp'));
    const res = await redeem('basic-rp', { code });
    expect(res.status).toBe(200);
  });

  it('refuses a code_verifier for a code issued without a challenge: invalid_grant (PKCE downgrade)', async () => {
    const code = await codeFor(suiteRequest('basic-rp', { nonce: 'n-2' }));
    const res = await redeem('basic-rp', { code, code_verifier: VERIFIER });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier was sent, but the authorization request had no code_challenge',
    });
  });

  it('holds a request that does send a challenge to it: the verifier is then required, and the valid pair succeeds (oidcc-ensure-request-with-valid-pkce-succeeds)', async () => {
    const pkce = { code_challenge: CHALLENGE, code_challenge_method: 'S256', nonce: 'n-pkce' };
    const missing = await redeem('basic-rp', { code: await codeFor(suiteRequest('basic-rp', pkce)) });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: /code_verifier is missing/,
    });
    const ok = await redeem('basic-rp', {
      code: await codeFor(suiteRequest('basic-rp', pkce)),
      code_verifier: VERIFIER,
    });
    expect(ok.status).toBe(200);
  });

  it('still refuses code_challenge_method plain, back to the client', async () => {
    const page = await fx
      .browser()
      .navigate(authorizeUrl(suiteRequest('basic-rp', { code_challenge: CHALLENGE, code_challenge_method: 'plain' })));
    expect(page.status).toBe(303);
    const sent = new URL(page.headers.get('location')!);
    expect(Object.fromEntries(sent.searchParams)).toMatchObject({
      error: 'invalid_request',
      error_description: 'code_challenge_method must be S256, not plain',
      state: 'st-basic',
    });
  });
});

describe('a client that requires PKCE (the default)', () => {
  it('is refused a request without code_challenge, back to the client', async () => {
    const page = await fx
      .browser()
      .navigate(authorizeUrl({ ...suiteRequest('web-app'), redirect_uri: REDIRECT, nonce: 'n' }));
    expect(page.status).toBe(303);
    const sent = new URL(page.headers.get('location')!);
    expect(sent.searchParams.get('error')).toBe('invalid_request');
    expect(sent.searchParams.get('error_description')).toMatch(/PKCE is required/);
  });
});

/**
 * The Basic OP plan's happy-flow modules (`OIDCCServerTest` and the modules that only add a
 * parameter to its authorization request): each module's request, then the checks its conditions
 * make of the callback, the token response and the id_token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useUnboundedHasher } from '../support/unbounded-hasher';
import { halfHash, nonRequestedClaims, shannonBits } from './suite-claims';
import {
  callUserInfo,
  codeFlow,
  startSuiteServer,
  SUITE_CLIENTS,
  SUITE_REDIRECT,
  type SuiteFixture,
} from './suite-client';

const passwords = useUnboundedHasher();
let fx: SuiteFixture;
beforeAll(async () => {
  fx = await startSuiteServer(passwords);
});
afterAll(() => fx.close());

describe('oidcc-server (client_secret_basic)', () => {
  it('returns a code with the same state and iss, redeems it for a Bearer token and an RS256 id_token naming the client, with no claim the request did not ask for', async () => {
    const { params, callback, code, tokens, idToken } = await codeFlow(fx);
    // CheckMatchingCallbackParameters, ValidateIssIfPresentInAuthorizationResponse, CheckStateInAuthorizationResponse
    expect([...callback.keys()].sort()).toEqual(['code', 'iss', 'state']);
    expect(callback.get('state')).toBe(params.state);
    expect(callback.get('iss')).toBe(fx.meta.issuer);
    // EnsureMinimumAuthorizationCodeLength (128 bits) and ...Entropy (96 bits measured)
    expect(code.length * 8).toBeGreaterThanOrEqual(128);
    expect(shannonBits(code)).toBeGreaterThan(96);
    // CheckTokenEndpointHttpStatus200, CheckForAccessTokenValue, ValidateExpiresIn
    expect(tokens.token_type).toBe('Bearer');
    expect(typeof tokens.access_token).toBe('string');
    expect(tokens.expires_in).toBeGreaterThan(0);
    // PerformStandardIdTokenChecks passed in codeFlow; ValidateAtHash as at_hash is present
    expect(idToken.at_hash).toBe(halfHash(tokens.access_token!));
    expect(idToken.aud).toBe(SUITE_CLIENTS.client.clientId);
    // EnsureIdTokenDoesNotContainName, EnsureIdTokenDoesNotContainNonRequestedClaims (scope=openid)
    expect(idToken.name).toBeUndefined();
    expect(nonRequestedClaims(idToken, params.scope)).toEqual([]);
    // requestProtectedResource: UserInfo answers the access token
    expect((await callUserInfo(fx, tokens.access_token!)).status).toBe(200);
  });
});

describe("oidcc-server's EnsureIdTokenDoesNotContainNonRequestedClaims and a user's custom claims", () => {
  const willow = { username: 'willow', password: 'suite user password 4567' };
  beforeAll(() =>
    fx.gatehouse.users.createUser(willow.username, willow.password, ['user'], 'test', { team: 'scoobies' }),
  );
  const idTokenOf = async (client: 'client' | 'scopes') => {
    const browser = fx.browser();
    await fx.authorize(fx.request(client), { browser, as: willow });
    return codeFlow(fx, client, {}, browser);
  };

  it("keeps a user's custom claim out of the id_token of a client registered with idTokenClaims minimal, as the suite's are: the check passes", async () => {
    const { idToken, params } = await idTokenOf('client');
    expect(idToken.team).toBeUndefined();
    expect(nonRequestedClaims(idToken, params.scope)).toEqual([]);
  });

  it("puts a user's custom claim in the id_token for scope openid with the default idTokenClaims scopes, which the suite would warn of", async () => {
    const { idToken, params } = await idTokenOf('scopes');
    expect(nonRequestedClaims(idToken, params.scope)).toEqual(['team']);
  });
});

describe('oidcc-server-client-secret-post', () => {
  it('completes the same flow with the secret in the token request body', async () => {
    const { tokens, idToken } = await codeFlow(fx, 'post');
    expect(idToken.aud).toBe(SUITE_CLIENTS.post.clientId);
    expect((await callUserInfo(fx, tokens.access_token!)).status).toBe(200);
  });

  it('discovery lists both client_secret_basic and client_secret_post (EnsureServerConfigurationSupportsClientSecret*)', () => {
    expect(fx.meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post']),
    );
  });
});

describe('modules that add a parameter the OP must accept (RFC 6749 §3.1, OIDC Core §15.1)', () => {
  const cases: [module: string, extra: Record<string, string>][] = [
    ['oidcc-ensure-request-with-unknown-parameter-succeeds', { extra: 'foobar' }],
    ['oidcc-display-page', { display: 'page' }],
    ['oidcc-display-popup', { display: 'popup' }],
    ['oidcc-login-hint', { login_hint: 'buffy@127.0.0.1' }],
    ['oidcc-ui-locales', { ui_locales: 'se' }],
    ['oidcc-claims-locales', { claims_locales: 'se' }],
    ['oidcc-ensure-request-with-acr-values-succeeds', { acr_values: '1 2' }],
  ];
  for (const [module, extra] of cases)
    it(`${module}: signs in and redeems the code as without ${Object.keys(extra)[0]}`, async () => {
      const { tokens, idToken } = await codeFlow(fx, 'client', extra);
      expect(tokens.access_token).toBeTruthy();
      expect(idToken.sub).toBeTruthy();
    });

  // acr is the class the authentication met (OIDC Core §3.1.2.1): echoing '1' or '2' would claim one never
  // evaluated; docs/conformance.md says why the warning stays
  it('oidcc-ensure-request-with-acr-values-succeeds: no acr claim, as no acr is advertised (ValidateIdTokenACRClaimAgainstAcrValuesRequest is a SHOULD: the suite warns)', async () => {
    const { idToken } = await codeFlow(fx, 'client', { acr_values: '1 2' });
    expect(idToken.acr).toBeUndefined();
    expect(fx.meta.acr_values_supported).toBeUndefined();
  });
});

describe('oidcc-alternate-happy-flow', () => {
  it('accepts the scope reversed and the parameters in another order, with no email or name in the id_token and both email claims at UserInfo', async () => {
    const params = fx.request('client', { scope: 'email openid' });
    const reordered = Object.fromEntries(Object.entries(params).reverse());
    const arrival = await fx.authorize(reordered);
    const code = arrival.callback!.get('code')!;
    expect(arrival.callback!.get('state')).toBe(params.state);
    const tokens = await fx.token('client', { grant_type: 'authorization_code', code, redirect_uri: SUITE_REDIRECT });
    expect(tokens.status).toBe(200);
    expect(tokens.body.scope).toBe('openid email');
    const idToken = await fx.checkIdToken(tokens.body.id_token!, 'client', params.nonce);
    // oidcc-scope-email's EnsureIdTokenDoesNotContainName and ...EmailForScopeEmail: the client is minimal
    expect(idToken.name).toBeUndefined();
    expect(idToken.email).toBeUndefined();
    const info = (await (await callUserInfo(fx, tokens.body.access_token!)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({ email: 'buffy@example.com', email_verified: true });
    expect(info.name).toBeUndefined();
  });
});

describe('oidcc-ensure-request-without-nonce-succeeds-for-code-flow', () => {
  it('issues a code to a request without nonce, and the id_token then carries none', async () => {
    const { nonce: _omitted, ...params } = fx.request();
    const arrival = await fx.authorize(params);
    const code = arrival.callback!.get('code')!;
    expect(code).toBeTruthy();
    const tokens = await fx.token('client', { grant_type: 'authorization_code', code, redirect_uri: SUITE_REDIRECT });
    expect((await fx.checkIdToken(tokens.body.id_token!, 'client')).nonce).toBeUndefined();
  });
});

describe('oidcc-ensure-post-request-succeeds', () => {
  it('takes the authorization request as a form POST and calls the redirect URI', async () => {
    const params = fx.request();
    const arrival = await fx.authorize(params, { method: 'POST' });
    expect(arrival.callback?.get('state')).toBe(params.state);
    const tokens = await fx.token('client', {
      grant_type: 'authorization_code',
      code: arrival.callback!.get('code')!,
      redirect_uri: SUITE_REDIRECT,
    });
    expect(tokens.status).toBe(200);
  });
});

describe('oidcc-ensure-request-with-valid-pkce-succeeds', () => {
  it('redeems a code asked for with an S256 challenge by a client registered without PKCE, with its verifier', async () => {
    const verifier = 'suite-verifier-'.padEnd(64, 'x');
    const challenge = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))).toString(
      'base64url',
    );
    const params = fx.request('client', { code_challenge: challenge, code_challenge_method: 'S256' });
    const code = (await fx.authorize(params)).callback!.get('code')!;
    const tokens = await fx.token('client', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: SUITE_REDIRECT,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    await fx.checkIdToken(tokens.body.id_token!, 'client', params.nonce);
  });
});

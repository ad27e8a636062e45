/**
 * The Basic OP plan's modules where the OP must refuse, or may refuse as unsupported: a missing
 * response_type, an unregistered redirect URI, a code used twice (at once and after 30 s, on the
 * fixture's clock), request objects; and `oidcc-refresh-token`, whose second client's refresh
 * token must not work for the first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useUnboundedHasher } from '../support/unbounded-hasher';
import { ERROR_DESCRIPTION, shannonBits } from './suite-claims';
import {
  callUserInfo,
  SUITE_CLIENTS,
  codeFlow,
  startSuiteServer,
  SUITE_REDIRECT,
  type SuiteFixture,
  type TokenReply,
} from './suite-client';

const passwords = useUnboundedHasher();
let fx: SuiteFixture;
beforeAll(async () => {
  fx = await startSuiteServer(passwords);
});
afterAll(() => fx.close());

/** `performGenericAuthorizationEndpointErrorResponseValidation`'s allowed parameters of an error. */
const ERROR_PARAMS = ['error', 'error_description', 'error_uri', 'state', 'session_state', 'iss'];

/** An unsigned request object (`SerializeRequestObjectWithNullAlgorithm`): alg none, no signature. */
const unsignedJwt = (claims: object) =>
  `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

/** `AbstractOIDCCAuthCodeReuse.checkResponse`: 400, JSON, invalid_grant, a valid description. */
function expectInvalidGrant(reply: TokenReply) {
  expect(reply.status).toBe(400);
  expect(reply.contentType).toMatch(/^application\/json/);
  expect(reply.body.error).toBe('invalid_grant');
  expect(reply.body.error_description).toMatch(ERROR_DESCRIPTION);
}

describe('oidcc-response-type-missing', () => {
  it('redirects back with invalid_request, the state and iss, and no code', async () => {
    const { response_type: _missing, ...params } = fx.request();
    const { callback } = await fx.authorize(params, { login: false });
    expect(callback!.get('error')).toBe('invalid_request');
    expect(callback!.get('state')).toBe(params.state);
    expect(callback!.get('iss')).toBe(fx.meta.issuer);
    expect([...callback!.keys()].filter((k) => !ERROR_PARAMS.includes(k))).toEqual([]);
    expect(callback!.get('error_description')).toMatch(ERROR_DESCRIPTION);
  });
});

describe('oidcc-ensure-registered-redirect-uri', () => {
  it('shows an error page on Gatehouse for the registered URI with a random path appended, and redirects nowhere', async () => {
    const bad = `${SUITE_REDIRECT}/${'Zq3x9WbK1p'}`; // CreateBadRedirectUriByAppending
    const arrival = await fx.authorize(fx.request('client', { redirect_uri: bad }));
    expect(arrival.callback).toBeUndefined();
    expect(arrival.page!.status).toBe(400);
    expect(arrival.page!.headers.get('location')).toBeNull();
    expect(arrival.page!.html).toContain('is not a redirect URI registered');
  });
});

describe('oidcc-codereuse and oidcc-codereuse-30seconds', () => {
  const redeem = (code: string) =>
    fx.token('client', { grant_type: 'authorization_code', code, redirect_uri: SUITE_REDIRECT });

  it('oidcc-codereuse: a code redeemed a second time at once is invalid_grant', async () => {
    const { code } = await codeFlow(fx);
    expectInvalidGrant(await redeem(code));
  });

  it('oidcc-codereuse-30seconds: 30 s later the second redemption is invalid_grant, and the first access token is refused at UserInfo (RFC 6749 §4.1.2)', async () => {
    const { code, tokens } = await codeFlow(fx);
    fx.clock.advance(30); // WaitFor30Seconds; the access token (60 s) has not expired yet
    expectInvalidGrant(await redeem(code));
    // EnsureHttpStatusCodeIs4xx
    expect((await callUserInfo(fx, tokens.access_token!)).status).toBe(401);
  });
});

describe('request objects (request_parameter_supported: false)', () => {
  it('oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported: request=<unsigned JWT> gets request_not_supported at the redirect URI (the module skips itself)', async () => {
    const params = fx.request();
    // BuildRequestObjectByValueRedirectToAuthorizationEndpoint: state and nonce only in the object
    const { state: _s, nonce: _n, ...query } = params;
    const { callback } = await fx.authorize({ ...query, request: unsignedJwt(params) }, { login: false });
    expect(callback!.get('error')).toBe('request_not_supported');
    expect(callback!.get('code')).toBeNull();
    expect(fx.meta.request_parameter_supported).toBe(false);
    // skipTestIfNoneUnsupported: no request_object_signing_alg_values_supported, so the module runs until this error
    expect(fx.meta.request_object_signing_alg_values_supported).toBeUndefined();
  });

  it('oidcc-request-uri-unsigned-supported-correctly-or-rejected-as-unsupported (dynamic client only): request_uri gets request_uri_not_supported at the redirect URI', async () => {
    const params = fx.request();
    const { state: _s, nonce: _n, ...query } = params;
    const { callback } = await fx.authorize(
      { ...query, request_uri: 'https://localhost.emobix.co.uk:8443/test/a/gatehouse/requesturi/abc' },
      { login: false },
    );
    expect(callback!.get('error')).toBe('request_uri_not_supported');
    expect(callback!.get('code')).toBeNull();
    expect(fx.meta.request_uri_parameter_supported).toBe(false);
  });

  it('oidcc-ensure-request-object-with-redirect-uri: an unregistered redirect_uri beside the object gets the error page, never the registered URI', async () => {
    const params = fx.request();
    const { state: _s, nonce: _n, ...query } = params;
    const arrival = await fx.authorize(
      { ...query, redirect_uri: `${SUITE_REDIRECT}_invalid`, request: unsignedJwt(params) },
      { login: false },
    );
    // EnsureOPDoesNotUseDefaultRedirectUriInCaseOfInvalidRedirectUri
    expect(arrival.callback).toBeUndefined();
    expect(arrival.page!.status).toBe(400);
  });
});

describe('oidcc-refresh-token', () => {
  it('refreshes with scope, no-store, a new access token and an id_token of the same iss, sub, aud, azp and auth_time with a new iat; client 2 refresh token is invalid_grant for client 1', async () => {
    const scope = 'openid offline_access'; // offline_access is in scopes_supported
    expect(fx.meta.scopes_supported).toContain('offline_access');
    expect(fx.meta.grant_types_supported).toContain('refresh_token'); // EnsureServerConfigurationSupportsRefreshToken
    const first = await codeFlow(fx, 'client', { scope, prompt: 'consent' });
    expect(first.tokens.refresh_token).toMatch(/^[\x20-\x7E]+$/); // EnsureRefreshTokenContainsAllowedCharactersOnly
    // EnsureMinimumRefreshTokenLength, EnsureMinimumRefreshTokenEntropy
    expect(first.tokens.refresh_token!.length * 8).toBeGreaterThanOrEqual(128);
    expect(shannonBits(first.tokens.refresh_token!)).toBeGreaterThan(96);
    fx.clock.advance(1); // WaitForOneSecond
    const res = await fetch(fx.meta.token_endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from('suite-client:suite-secret-0123456789abcdef').toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: first.tokens.refresh_token!, scope }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store'); // CheckTokenEndpointCacheHeaders
    const refreshed = (await res.json()) as TokenReply['body'];
    expect(refreshed.token_type).toBe('Bearer');
    expect(refreshed.access_token).not.toBe(first.tokens.access_token);
    // CompareIdTokenClaims (OIDC Core §12.2)
    const second = await fx.checkIdToken(refreshed.id_token!, 'client');
    for (const claim of ['iss', 'sub', 'aud', 'azp', 'auth_time'] as const)
      expect(second[claim]).toEqual(first.idToken[claim]);
    expect(second.iat).toBeGreaterThan(first.idToken.iat!);
    expect((await callUserInfo(fx, refreshed.access_token!)).status).toBe(200);

    // the second client (a nonce of 43 characters), then its refresh token presented by the first
    const other = await codeFlow(fx, 'client2', { scope, prompt: 'consent', nonce: 'n'.repeat(43) });
    const stolen = await fx.token('client', {
      grant_type: 'refresh_token',
      refresh_token: other.tokens.refresh_token!,
      scope,
    });
    expectInvalidGrant(stolen);
  });
});

describe('ValidateErrorDescriptionFrom{Token,Authorization}EndpointResponseError on refusals the plans do not reach', () => {
  it('keeps a token error description within RFC 6749 §5.2 characters when the message has typography (a malformed code_verifier)', async () => {
    const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
    const params = fx.request('client', { code_challenge: challenge, code_challenge_method: 'S256' });
    const code = (await fx.authorize(params)).callback!.get('code')!;
    const reply = await fx.token('client', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: SUITE_REDIRECT,
      code_verifier: 'short',
    });
    expect(reply.body.error).toBe('invalid_grant');
    expect(reply.body.error_description).toMatch(ERROR_DESCRIPTION);
  });

  it('keeps an authorization error description within RFC 6749 §4.1.2.1 characters when it names a client called with quotes and accents', async () => {
    await fx.gatehouse.clients.apply(
      {
        ...SUITE_CLIENTS.client,
        clientId: 'suite-cafe',
        name: 'Café "Suite" \\ app',
        redirectUris: [SUITE_REDIRECT],
        grantTypes: ['authorization_code'],
        responseTypes: ['code'],
      },
      'test',
    );
    const params = fx.request('client', { client_id: 'suite-cafe', response_type: 'id_token' });
    const { callback } = await fx.authorize(params, { login: false });
    expect(callback!.get('error')).toBe('unauthorized_client');
    expect(callback!.get('error_description')).toMatch(ERROR_DESCRIPTION);
  });
});

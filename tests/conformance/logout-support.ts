/**
 * The conformance suite's logout OP plans, reproduced: a real Gatehouse, the suite's static client
 * as its plans ask it registered, and the suite's own side as a real HTTP server at its alias
 * (`…/test/a/gatehouse`) recording every request the OP or the browser sends it. The steps are the
 * suite's `AbstractOIDCCRpInitiatedLogout` (openid-certification/conformance-suite, package
 * `net.openid.conformance.openid`): an authorization code flow, then the end-session request its
 * `CreateEndSessionEndpointRequest` builds, then, once logged out, `prompt=none` again.
 */
import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import { expect } from 'vitest';
import type { IdTokenAlgName } from '../../src/shared/clients';
import { DEMO_PASSWORD, startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import type { Page } from '../support/oidc-browser';
import { springEncode, startSuiteServer, SuiteBrowser, type SuiteServer } from './logout-suite-server';

export const SUITE_CLIENT_ID = 'oidf-conformance-logout';
export const SUITE_SECRET = 'oidf-conformance-secret-0123456789';

export interface LogoutPlan {
  fx: ServerFixture;
  suite: SuiteServer;
  /** The discovery document, as `GetDynamicServerConfiguration` fetched it. */
  server: Record<string, unknown>;
  jwks: JSONWebKeySet;
  /** `CreateRedirectUri`, `CreatePostLogoutRedirectUri`, `CreateBackchannelLogoutUri` */
  redirectUri: string;
  postLogoutRedirectUri: string;
  backchannelLogoutUri: string;
  /** Whether this plan's client registers `backchannelLogoutUri` (and its modules answer it). */
  backchannel: boolean;
  close(): Promise<void>;
}

/** A client the tester registered for the suite: its URIs under the suite's alias, its options. */
export async function registerSuiteClient(
  plan: Pick<LogoutPlan, 'fx' | 'redirectUri' | 'postLogoutRedirectUri' | 'backchannelLogoutUri' | 'backchannel'>,
  clientId: string,
  options: { idTokenSignedResponseAlg?: IdTokenAlgName } = {},
): Promise<void> {
  await plan.fx.gatehouse.clients.apply(
    {
      clientId,
      clientSecret: SUITE_SECRET,
      name: `OpenID Foundation conformance suite (${clientId})`,
      redirectUris: [plan.redirectUri],
      postLogoutRedirectUris: [plan.postLogoutRedirectUri],
      backchannelLogoutUri: plan.backchannel ? plan.backchannelLogoutUri : null,
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      audience: null,
      scopes: [],
      requirePkce: false,
      responseTypes: ['code'],
      ...options,
    },
    'test',
  );
}

/**
 * Gatehouse and the suite's server, with the static client the plan's instructions register: its
 * redirect URI, `/post_logout_redirect`, and for the Back-Channel plan only `/backchannel_logout`
 * (the RP-Initiated plan's modules fail on any request to it); client_secret_basic, and no PKCE
 * (the suite sends none).
 */
export async function startLogoutPlan({ backchannel }: { backchannel: boolean }): Promise<LogoutPlan> {
  // the back channel's attempts are short here; the suite's server answers at once anyway
  const fx = await startTestServer({ logout: { timeoutMs: 1000 } });
  const suite = await startSuiteServer(
    backchannel ? ['callback', 'post_logout_redirect', 'backchannel_logout'] : ['callback', 'post_logout_redirect'],
  );
  const plan = {
    fx,
    suite,
    backchannel,
    redirectUri: `${suite.base}/callback`,
    postLogoutRedirectUri: `${suite.base}/post_logout_redirect`,
    backchannelLogoutUri: `${suite.base}/backchannel_logout`,
  };
  await registerSuiteClient(plan, SUITE_CLIENT_ID);
  const server = (await (await fetch(`${fx.url}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  const jwks = (await (await fetch(String(server.jwks_uri))).json()) as JSONWebKeySet;
  // what every module's configure checks of them (CheckForKeyIdInServerJWKs, CheckDistinctKeyIdValueInServerJWKs,
  // EnsureJwksHasNoPrivateOrSymmetricKeyMaterial)
  const kids = jwks.keys.map((k) => k.kid);
  expect(kids).toEqual(kids.filter((kid) => typeof kid === 'string'));
  expect(new Set(kids).size).toBe(kids.length);
  for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
  return {
    ...plan,
    server,
    jwks,
    async close() {
      await suite.close();
      await fx.close();
    },
  };
}

/** `CreateRandomStateValue` with `requested_state_length` 128, as the logout modules set it. */
const longState = () => `${randomBytes(93).toString('base64url').replace(/[-_]/g, 'x')}-._~`;

/**
 * `CreateRandomEndSessionState`: RFC 6749 Appendix A VSCHARs (0x20-0x7E), with ' ', '+' and ';'
 * replaced by '~' as the suite does. Here every one of them, so each must come back exactly.
 */
export const END_SESSION_STATE = Array.from({ length: 0x7e - 0x20 }, (_, i) => String.fromCharCode(0x21 + i))
  .join('')
  .replace(/[+;]/g, '~');

export interface Authorized {
  browser: SuiteBrowser;
  clientId: string;
  /** Whether Gatehouse showed its login form (false: the browser was still signed in). */
  askedToSignIn: boolean;
  /** The id_token of the token endpoint, with its claims once verified. */
  idToken: string;
  claims: JWTPayload & { sid?: string; nonce?: string };
  accessToken: string;
}

/** The front-channel authorization request of `CreateAuthorizationRequestSteps` (response type code, default mode). */
function authorizationUrl(plan: LogoutPlan, clientId: string, extra: Record<string, string> = {}) {
  const state = longState();
  const nonce = randomBytes(8).toString('base64url');
  const url = new URL(String(plan.server.authorization_endpoint));
  const params = {
    client_id: clientId,
    redirect_uri: plan.redirectUri,
    scope: 'openid',
    state,
    nonce,
    response_type: 'code',
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return { url: url.href, state, nonce };
}

/** The callback's query parameters, after the suite's checks that it is its redirect URI with `state` and `iss`. */
async function callback(plan: LogoutPlan, browser: SuiteBrowser, page: Page, state: string) {
  expect(page.status).toBe(303);
  const location = new URL(page.headers.get('location')!);
  expect(`${location.origin}${location.pathname}`).toBe(plan.redirectUri);
  const params = Object.fromEntries(location.searchParams);
  expect(params.state).toBe(state);
  expect(params.iss).toBe(plan.server.issuer);
  await browser.visit(location.href);
  return params;
}

/**
 * The first authorization of every logout module: the code flow with the tester's user (alice) signing in, the code
 * redeemed with client_secret_basic (RFC 6749 §2.3.1 encoding), the id_token's standard checks
 * (signature by `kid` in the JWKS, iss, aud, nonce) and UserInfo.
 */
export async function authorize(
  plan: LogoutPlan,
  {
    username = 'alice',
    clientId = SUITE_CLIENT_ID,
    browser = new SuiteBrowser(plan.fx.url, plan.suite),
  }: { username?: string; clientId?: string; browser?: SuiteBrowser } = {},
): Promise<Authorized> {
  const { url, state, nonce } = authorizationUrl(plan, clientId);
  const first = await browser.visit(url);
  // a browser still signed in (an earlier module refused to log it out) goes straight back
  const answer = first.status === 200 ? await browser.login(first, username, DEMO_PASSWORD) : first;
  const params = await callback(plan, browser, answer, state);
  expect(params.error).toBeUndefined();
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(SUITE_SECRET)}`).toString('base64');
  const res = await fetch(String(plan.server.token_endpoint), {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: params.code!, redirect_uri: plan.redirectUri }),
  });
  expect(res.status).toBe(200);
  const tokens = (await res.json()) as { access_token: string; id_token: string };
  const { payload, protectedHeader } = await jwtVerify(tokens.id_token, createLocalJWKSet(plan.jwks), {
    issuer: String(plan.server.issuer),
    audience: clientId,
    currentDate: new Date(plan.fx.gatehouse.clock.now() * 1000),
  });
  expect(protectedHeader.kid).toEqual(expect.any(String));
  expect(payload.nonce).toBe(nonce);
  const userinfo = await fetch(String(plan.server.userinfo_endpoint), {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  expect(userinfo.status).toBe(200);
  return {
    browser,
    clientId,
    askedToSignIn: first.status === 200,
    idToken: tokens.id_token,
    claims: payload,
    accessToken: tokens.access_token,
  };
}

/**
 * The second authorization, `prompt=none` in the same browser: the user is logged out, so an
 * error that needs a user interface (`CheckErrorFromAuthorizationEndpointIsOneThatRequiredAUserInterface`)
 * with the generic error checks (state, iss, no code, only the expected parameters).
 */
export async function expectLoggedOut(
  plan: LogoutPlan,
  browser: SuiteBrowser,
  clientId = SUITE_CLIENT_ID,
): Promise<void> {
  const { url, state } = authorizationUrl(plan, clientId, { prompt: 'none' });
  const params = await callback(plan, browser, await browser.visit(url), state);
  expect(['interaction_required', 'login_required', 'account_selection_required', 'consent_required']).toContain(
    params.error,
  );
  expect(params.code).toBeUndefined();
  const expected = ['error', 'error_description', 'error_uri', 'state', 'session_state', 'iss'];
  expect(Object.keys(params).filter((k) => !expected.includes(k))).toEqual([]);
  // RFC 6749 §4.1.2.1: error_description is %x20-21 / %x23-5B / %x5D-7E
  if (params.error_description) expect(params.error_description).toMatch(/^[\x20\x21\x23-\x5B\x5D-\x7E]*$/);
}

/** `BuildRedirectToEndSessionEndpoint`: the end-session endpoint with the request's parameters in its query, as Spring writes them. */
export function endSessionUrl(plan: LogoutPlan, request: Record<string, string>): string {
  const query = Object.entries(request).map(([k, v]) => `${k}=${springEncode(v)}`);
  return query.length
    ? `${String(plan.server.end_session_endpoint)}?${query.join('&')}`
    : String(plan.server.end_session_endpoint);
}

/** `ChangeIdTokenToAlgNone`: the same claims under `{"alg": "none"}` with an empty signature. */
export function withAlgNone(idToken: string): string {
  return `${Buffer.from('{"alg": "none"}').toString('base64url')}.${idToken.split('.')[1]}.`;
}

/**
 * `GenerateFakeIdTokenClaims` + `SignFakeIdToken` with the key `GenerateJWKsFromClientSecret`
 * derives: an "id_token" the client issued itself (iss and aud swapped), HS256 with its secret.
 */
export function fakeIdToken(plan: LogoutPlan): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({ iss: SUITE_CLIENT_ID, sub: 'SubjectID', aud: String(plan.server.issuer), nonce: 'flibble' })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(iat)
    .setExpirationTime(iat + 300)
    .sign(new TextEncoder().encode(SUITE_SECRET));
}

/** The page an `Expect…Page` placeholder asks the tester for: Gatehouse's own, not a redirect. */
export function expectPageNotRedirect(page: Page): void {
  expect(page.headers.get('location')).toBeNull();
  expect(page.headers.get('content-type')).toMatch(/^text\/html/);
}

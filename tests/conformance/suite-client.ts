/**
 * The OpenID Foundation conformance suite's side of a Basic OP run, as its source sets it up
 * (`AbstractOIDCCServerTest` and the conditions it calls): a static client configuration — `client`
 * (client_secret_basic), `client2` for the modules that need a second one, `client_secret_post` —
 * each a confidential client registered as docs/conformance.md tells a tester to (without PKCE, as
 * the suite sends none; `idTokenClaims: 'minimal'`), the suite's redirect URI, a user with every
 * profile, email, address and phone claim, and the requests and checks the modules make, against a
 * real Gatehouse driven through its hosted login form. `scopes` is one more client, with the
 * default `idTokenClaims`, for what `minimal` turns off.
 */
import { createHash } from 'node:crypto';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { Passwords } from '../../src/main/auth/passwords';
import type { ClientRegistration } from '../../src/shared/clients';
import { startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { TestBrowser, type Page } from '../support/oidc-browser';

/** `CreateRedirectUri`: the suite's base URL for a test plan, then `/callback`. */
export const SUITE_ORIGIN = 'https://localhost.emobix.co.uk:8443';
export const SUITE_REDIRECT = `${SUITE_ORIGIN}/test/a/gatehouse/callback`;

const confidential = (
  name: string,
  tokenEndpointAuthMethod: ClientRegistration['tokenEndpointAuthMethod'],
  idTokenClaims: NonNullable<ClientRegistration['idTokenClaims']> = 'minimal',
): ClientRegistration => ({
  name,
  redirectUris: [SUITE_REDIRECT],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  audience: null,
  scopes: [],
  grantTypes: ['authorization_code', 'refresh_token'],
  tokenEndpointAuthMethod,
  // OIDC Basic sends no code_challenge; RFC 9700 §2.1.1 lets a confidential OpenID client rely on nonce
  requirePkce: false,
  responseTypes: ['code'],
  idTokenSignedResponseAlg: 'RS256',
  // the suite warns of any user claim in an id_token that comes with an access token (OIDCC-5.4)
  idTokenClaims,
});

/** The suite's static client configuration: `client`, `client2` and `client_secret_post`. */
export const SUITE_CLIENTS = {
  client: {
    clientId: 'suite-client',
    clientSecret: 'suite-secret-0123456789abcdef',
    ...confidential('Suite', 'client_secret_basic'),
  },
  client2: {
    clientId: 'suite-client2',
    clientSecret: 'suite-secret2-0123456789abcdef',
    ...confidential('Suite 2', 'client_secret_basic'),
  },
  post: {
    clientId: 'suite-post',
    clientSecret: 'suite-post-secret-0123456789ab',
    ...confidential('Suite post', 'client_secret_post'),
  },
  /** Not the suite's: a client left with the default `idTokenClaims: 'scopes'`. */
  scopes: {
    clientId: 'suite-scopes',
    clientSecret: 'suite-scopes-secret-0123456789a',
    ...confidential('Suite scopes', 'client_secret_basic', 'scopes'),
  },
} as const;
export type SuiteClient = keyof typeof SUITE_CLIENTS;

/** `VerifyScopesReturnedInUserInfoClaims` wants every claim of a scope: the user has them all. */
export const SUITE_USER = {
  username: 'buffy',
  password: 'suite user password 0123',
  claims: {
    name: 'Buffy Summers',
    given_name: 'Buffy',
    family_name: 'Summers',
    middle_name: 'Anne',
    nickname: 'Buff',
    profile: 'https://example.com/buffy',
    picture: 'https://example.com/buffy.png',
    website: 'https://example.com',
    gender: 'female',
    birthdate: '1981-01-19',
    zoneinfo: 'America/Los_Angeles',
    locale: 'en-US',
    updated_at: 1_700_000_000,
    email: 'buffy@example.com',
    email_verified: true,
    address: {
      street_address: '1630 Revello Drive',
      locality: 'Sunnydale',
      region: 'CA',
      postal_code: '95037',
      country: 'US',
    },
    phone_number: '+1 555 0100',
    phone_number_verified: true,
  },
};

/** Where the browser ended up (the client's callback, its query or fragment parameters, or a page on Gatehouse), and whether the login form was shown on the way. */
export type Arrival = { loginShown: boolean } & (
  { callback: URLSearchParams; page?: undefined } | { callback?: undefined; page: Page }
);

export interface TokenReply {
  status: number;
  contentType: string | null;
  body: Record<string, unknown> & { access_token?: string; id_token?: string; refresh_token?: string; error?: string };
}

/** An authorization request's parameters: the suite's six, and what a module adds. */
export type SuiteRequest = Record<string, string> &
  Record<'client_id' | 'redirect_uri' | 'scope' | 'state' | 'nonce' | 'response_type', string>;

/** An id_token's claims once checked; Gatehouse always sets `auth_time`. */
export type IdTokenClaims = JWTPayload & { auth_time: number; nonce?: string };

export interface SuiteFixture extends ServerFixture {
  /** The discovery document, as `GetDynamicServerConfiguration` reads it. */
  meta: Record<string, unknown> & { authorization_endpoint: string; token_endpoint: string; userinfo_endpoint: string };
  browser(): TestBrowser;
  /** `CreateAuthorizationRequestSteps`: client_id, redirect_uri, scope, state, nonce, response_type=code, then `extra`. */
  request(client?: SuiteClient, extra?: Record<string, string>): SuiteRequest;
  /** `BuildPlainRedirectToAuthorizationEndpoint` and the browser: the login form filled in when it is shown and `login` allows. */
  authorize(
    params: Record<string, string>,
    opts?: {
      browser?: TestBrowser;
      login?: boolean;
      method?: 'GET' | 'POST';
      as?: { username: string; password: string };
    },
  ): Promise<Arrival>;
  /** `CreateTokenEndpointRequestForAuthorizationCodeGrant` with the client's authentication. */
  token(client: SuiteClient, form: Record<string, string>): Promise<TokenReply>;
  /** `PerformStandardIdTokenChecks` (signature by the JWKS, iss, aud, exp, iat, nonce, sub) and kid (OIDCC-10.1). */
  checkIdToken(idToken: string, client: SuiteClient, nonce?: string): Promise<IdTokenClaims>;
}

/** `passwords`: the file's `useUnboundedHasher()`, so a loaded machine never turns the suite's logins away as busy. */
export async function startSuiteServer(passwords: Passwords): Promise<SuiteFixture> {
  const fx = await startTestServer({ passwords });
  const g = fx.gatehouse;
  for (const c of Object.values(SUITE_CLIENTS))
    await g.clients.apply(
      {
        ...c,
        redirectUris: [...c.redirectUris],
        grantTypes: [...c.grantTypes],
        scopes: [],
        responseTypes: [...c.responseTypes],
      },
      'test',
    );
  await g.users.createUser(SUITE_USER.username, SUITE_USER.password, ['user'], 'test', SUITE_USER.claims);
  const meta = (await (await fetch(`${fx.url}/.well-known/openid-configuration`)).json()) as SuiteFixture['meta'];
  const jwks = createLocalJWKSet((await (await fetch(meta.jwks_uri as string)).json()) as JSONWebKeySet);
  const random = () => createHash('sha256').update(Math.random().toString()).digest('base64url').slice(0, 20);

  return {
    ...fx,
    meta,
    browser: () => new TestBrowser(fx.url),
    request: (client = 'client', extra = {}) => ({
      client_id: SUITE_CLIENTS[client].clientId,
      redirect_uri: SUITE_REDIRECT,
      scope: 'openid',
      state: random(),
      nonce: random(),
      response_type: 'code',
      ...extra,
    }),
    async authorize(params, { browser = new TestBrowser(fx.url), login = true, method = 'GET', as = SUITE_USER } = {}) {
      const url = new URL(meta.authorization_endpoint);
      let page =
        method === 'GET'
          ? await browser.navigate(`${url}?${new URLSearchParams(params)}`)
          : // the suite's page posts the request from its own origin
            await browser.navigate(String(url), params, { origin: SUITE_ORIGIN });
      const loginShown = page.status === 200 && /name="interaction"/.test(page.html);
      if (loginShown && login) page = await browser.login(page, as.username, as.password);
      const location = page.headers.get('location');
      if (page.status === 303 && location?.startsWith(`${SUITE_REDIRECT}?`))
        return { loginShown, callback: new URL(location).searchParams };
      // response_mode=fragment (an id_token's default): the suite's page reads the fragment
      if (page.status === 303 && location?.startsWith(`${SUITE_REDIRECT}#`))
        return { loginShown, callback: new URLSearchParams(new URL(location).hash.slice(1)) };
      return { loginShown, page };
    },
    async token(client, form) {
      const c = SUITE_CLIENTS[client];
      const basic = c.tokenEndpointAuthMethod === 'client_secret_basic';
      const body = new URLSearchParams(
        basic ? form : { ...form, client_id: c.clientId, client_secret: c.clientSecret },
      );
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      // RFC 6749 §2.3.1: each part form-encoded before base64
      if (basic)
        headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(c.clientId)}:${encodeURIComponent(c.clientSecret)}`).toString('base64')}`;
      const res = await fetch(meta.token_endpoint, { method: 'POST', headers, body });
      return {
        status: res.status,
        contentType: res.headers.get('content-type'),
        body: (await res.json()) as TokenReply['body'],
      };
    },
    async checkIdToken(idToken, client, nonce) {
      const header = decodeProtectedHeader(idToken);
      if (!header.kid) throw new Error('the id_token has no kid (OIDCC-10.1)');
      const { payload } = await jwtVerify(idToken, jwks, {
        issuer: meta.issuer as string,
        audience: SUITE_CLIENTS[client].clientId,
        algorithms: ['RS256'],
        currentDate: new Date(g.clock.now() * 1000),
        requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
      });
      if (payload.iat! > g.clock.now()) throw new Error("the id_token's iat is in the future");
      if (nonce !== undefined && payload.nonce !== nonce)
        throw new Error(`nonce ${String(payload.nonce)} is not ${nonce}`);
      if (typeof payload.auth_time !== 'number') throw new Error('the id_token has no auth_time');
      return payload as IdTokenClaims;
    },
  };
}

/** Signs in through the suite's client and redeems the code: the whole `oidcc-server` happy flow. */
export async function codeFlow(
  fx: SuiteFixture,
  client: SuiteClient = 'client',
  extra: Record<string, string> = {},
  browser = fx.browser(),
) {
  const params = fx.request(client, extra);
  const arrival = await fx.authorize(params, { browser });
  if (!arrival.callback) throw new Error(`no callback: ${arrival.page.status} ${arrival.page.html.slice(0, 200)}`);
  const code = arrival.callback.get('code');
  if (!code) throw new Error(`no code: ${String(arrival.callback)}`);
  const tokens = await fx.token(client, { grant_type: 'authorization_code', code, redirect_uri: SUITE_REDIRECT });
  if (tokens.status !== 200) throw new Error(`token endpoint ${tokens.status}: ${JSON.stringify(tokens.body)}`);
  const idToken = await fx.checkIdToken(tokens.body.id_token!, client, params.nonce);
  return { params, callback: arrival.callback, code, tokens: tokens.body, idToken, browser };
}

/** `CallUserInfoEndpoint` (GET, or POST with the header) and `CallUserInfoEndpointWithBearerTokenInBody`. */
export function callUserInfo(fx: SuiteFixture, accessToken: string, how: 'get' | 'post-header' | 'post-body' = 'get') {
  if (how === 'post-body')
    return fetch(fx.meta.userinfo_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: accessToken }),
    });
  return fetch(fx.meta.userinfo_endpoint, {
    method: how === 'get' ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

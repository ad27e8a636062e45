/**
 * Gatehouse as an OpenID Provider for relying-party tests: the test server with registered
 * clients, and panva's openid-client configured against it by discovery, as an app would be.
 */
import * as oidc from 'openid-client';
import type { LogoutDispatcherOptions } from '../../src/main/auth/logout-dispatcher';
import type { ClientRegistration } from '../../src/shared/clients';
import { startTestServer, type ServerFixture } from './gatehouse-fixture';
import { TestBrowser } from './oidc-browser';

export const REDIRECT = 'http://localhost:5173/callback';
export const WEB_SECRET = 'web-app-secret-0123456789abcdef';
export const POST_SECRET = 'post-app-secret-0123456789abcdef';
export const MACHINE_SECRET = 'machine-secret-0123456789abcdef';

const registration = (
  r: Partial<ClientRegistration> & Pick<ClientRegistration, 'name' | 'grantTypes' | 'tokenEndpointAuthMethod'>,
): ClientRegistration => ({
  redirectUris: [],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  audience: null,
  scopes: [],
  requirePkce: true,
  responseTypes: ['code'],
  ...r,
});

/** The clients every OIDC test finds registered. */
export const TEST_CLIENTS = {
  /** A server-side web app: a secret (Basic), code + refresh. */
  web: {
    clientId: 'web-app',
    clientSecret: WEB_SECRET,
    ...registration({
      name: 'Web App',
      redirectUris: [REDIRECT],
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethod: 'client_secret_basic',
    }),
  },
  /** A single-page app: no secret, PKCE only, refresh with offline_access. */
  spa: {
    clientId: 'spa',
    ...registration({
      name: 'Single Page App',
      redirectUris: ['http://127.0.0.1:5174/cb'],
      grantTypes: ['authorization_code', 'refresh_token'],
      tokenEndpointAuthMethod: 'none',
    }),
  },
  /** Secret in the form body. */
  post: {
    clientId: 'post-app',
    clientSecret: POST_SECRET,
    ...registration({
      name: 'Post App',
      redirectUris: ['https://post.example.com/cb'],
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'client_secret_post',
    }),
  },
  /** A backend service: client_credentials only, for the orders API. */
  machine: {
    clientId: 'machine',
    clientSecret: MACHINE_SECRET,
    ...registration({
      name: 'Machine',
      scopes: ['orders:read', 'orders:write'],
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      audience: 'orders-api',
    }),
  },
} as const;

export interface OidcFixture extends ServerFixture {
  /** openid-client's configuration for a registered client (discovery, its auth method, the fixture's clock). */
  configFor(client: keyof typeof TEST_CLIENTS): Promise<oidc.Configuration>;
  browser(): TestBrowser;
}

export async function startOidcServer(opts: { logout?: LogoutDispatcherOptions } = {}): Promise<OidcFixture> {
  const fx = await startTestServer(opts);
  for (const c of Object.values(TEST_CLIENTS))
    await fx.gatehouse.clients.apply(
      { ...c, redirectUris: [...c.redirectUris], grantTypes: [...c.grantTypes], scopes: [...c.scopes] },
      'test',
    );
  const configs = new Map<string, oidc.Configuration>();
  return {
    ...fx,
    async configFor(name) {
      const c: { clientId: string; clientSecret?: string; tokenEndpointAuthMethod: string } = TEST_CLIENTS[name];
      const auth =
        c.tokenEndpointAuthMethod === 'none'
          ? oidc.None()
          : c.tokenEndpointAuthMethod === 'client_secret_post'
            ? oidc.ClientSecretPost(c.clientSecret!)
            : oidc.ClientSecretBasic(c.clientSecret!);
      // the fixture's clock is frozen (at T0, or wherever a test moved it); openid-client checks iat/exp against its own
      const skew = fx.gatehouse.clock.now() - Math.floor(Date.now() / 1000);
      const config = await oidc.discovery(new URL(fx.url), c.clientId, { [oidc.clockSkew]: skew } as never, auth, {
        execute: [oidc.allowInsecureRequests],
      });
      configs.set(name, config);
      return config;
    },
    browser: () => new TestBrowser(fx.url),
  };
}

/** An authorization request as an app builds one: PKCE S256, state, nonce. */
export async function authorizationRequest(
  config: oidc.Configuration,
  redirectUri: string,
  scope = 'openid profile email offline_access',
  extra: Record<string, string> = {},
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...extra,
  });
  return { url, verifier, state, nonce };
}

/**
 * An instance composed as `@gatehouse/testing` composes one: `composeInstance` with
 * `grantTestPowers({ hooks })`, one user and one confidential app (the code flow, and
 * response_type=id_token), and openid-client set up against it by discovery, as an app would be.
 */
import fs from 'node:fs';
import * as oidc from 'openid-client';
import type { Passwords } from '../../src/main/auth/passwords';
import { createTestHooks, type TestHooks } from '../../src/main/http/test-hooks';
import { composeInstance, type Instance } from '../../src/main/runtime/compose';
import { grantTestPowers } from '../../src/main/runtime/test-powers';
import { makeTempDir } from '../support/gatehouse-fixture';
import { TestBrowser } from '../support/oidc-browser';

export const REDIRECT = 'http://localhost:5173/callback';
export const SECRET = 'hooks-app-secret-0123456789abcdef';
export const CAROL = { username: 'carol', password: 'carol-password' };

/** No scrypt: these tests are about the hooks, not the hashing. */
const plainPasswords: Passwords = {
  hash: async (password) => `plain$${password}`,
  verify: async (password, stored) => stored === `plain$${password}`,
  refusal: () => null,
};

export interface HooksFixture {
  instance: Instance<void>;
  url: string;
  /** The hooks given to the instance (armed or not). */
  hooks: TestHooks;
  browser(): TestBrowser;
  /** openid-client's configuration for the code-flow app (`client_secret_post`). */
  config(): Promise<oidc.Configuration>;
  close(): Promise<void>;
}

/** An instance with `hooks` as a test power; `granted: false` composes the same instance without it. */
export async function startHooksInstance(opts: { granted?: boolean } = {}): Promise<HooksFixture> {
  const dataDir = makeTempDir();
  const hooks = createTestHooks();
  const instance = await composeInstance({
    dataDir,
    env: {},
    passwords: plainPasswords,
    server: { host: '127.0.0.1', port: 0 },
    admin: { mode: 'headless', version: 'test' },
    testPowers: opts.granted === false ? undefined : grantTestPowers({ hooks }),
    seed: async (g) => {
      await g.users.createUser(CAROL.username, CAROL.password, ['user'], 'test');
    },
  });
  const g = instance.gatehouse;
  const base = { postLogoutRedirectUris: [], backchannelLogoutUri: null, audience: null, scopes: [] };
  await g.clients.apply(
    {
      ...base,
      clientId: 'web-app',
      clientSecret: SECRET,
      name: 'Web App',
      redirectUris: [REDIRECT],
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code', 'id_token'],
      tokenEndpointAuthMethod: 'client_secret_post',
      requirePkce: true,
    },
    'test',
  );
  const url = instance.auth.url;
  return {
    instance,
    url,
    hooks,
    browser: () => new TestBrowser(url),
    config: () =>
      oidc.discovery(new URL(url), 'web-app', undefined, oidc.ClientSecretPost(SECRET), {
        execute: [oidc.allowInsecureRequests],
      }),
    async close() {
      await instance.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The code flow up to the callback: PKCE, state, nonce, Carol signing in on the hosted form. */
export async function signIn(fx: HooksFixture, config: oidc.Configuration) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid profile offline_access',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const callback = await fx.browser().authorize(url, CAROL);
  return { callback, verifier, state, nonce };
}

/** The code redeemed at the token endpoint, as the app's callback does; the raw answer, checks left to the test. */
export async function redeem(fx: HooksFixture, callback: URL, verifier: string): Promise<Response> {
  return fetch(`${fx.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: 'web-app',
      client_secret: SECRET,
    }),
  });
}

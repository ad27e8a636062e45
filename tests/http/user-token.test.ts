/**
 * Endpoints that speak for a user refuse a client's own token (client_credentials: `sub` is the
 * client, no `sid`) as an invalid token, whatever the client is called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { basicAuth, getMe, login, postForm, rejection } from '../support/http-client';
import { startOidcServer, type OidcFixture } from '../support/oidc-fixture';

const BOT_SECRET = 'ops-bot-secret-0123456789abcdefgh';
let fx: OidcFixture;
let clientToken: string;

beforeAll(async () => {
  fx = await startOidcServer();
  // no audience of its own: its token carries the settings' audience, the one /api/me accepts
  await fx.gatehouse.clients.apply(
    {
      clientId: 'ops-bot',
      clientSecret: BOT_SECRET,
      name: 'Ops Bot',
      redirectUris: [],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      audience: null,
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'client_secret_basic',
    },
    'test',
  );
  const res = await postForm(
    `${fx.url}/oauth/token`,
    { grant_type: 'client_credentials' },
    { authorization: basicAuth('ops-bot', BOT_SECRET) },
  );
  clientToken = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => fx.close());

describe("a client's own token at a user's endpoint", () => {
  it('/api/me answers 401 invalid_token, reason not_a_user_token, with the Bearer challenge', async () => {
    const res = await getMe(fx.url, clientToken);
    expect(await rejection(res)).toMatchObject({ status: 401, error: 'invalid_token', reason: 'not_a_user_token' });
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="gatehouse", error="invalid_token"/);
  });

  it.each(['GET', 'POST'])('%s /oauth/userinfo answers 401 invalid_token, reason not_a_user_token', async (method) => {
    const res = await fetch(`${fx.url}/oauth/userinfo`, {
      method,
      headers: { authorization: `Bearer ${clientToken}` },
    });
    expect(await rejection(res)).toMatchObject({ status: 401, error: 'invalid_token', reason: 'not_a_user_token' });
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it("a user's token still passes /api/me", async () => {
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    expect((await getMe(fx.url, pair.access_token)).status).toBe(200);
  });
});

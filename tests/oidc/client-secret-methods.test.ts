/**
 * A confidential client proves itself with its secret however it sends it, HTTP Basic or the form
 * (RFC 6749 §2.3.1): openid-client given only a secret posts it in the form (its default), most
 * other libraries use Basic, and neither must have to match the method the client was registered
 * with. A public client still sends no secret, and a wrong secret is refused either way.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, postForm } from '../support/http-client';
import { MACHINE_SECRET, POST_SECRET, startOidcServer, type OidcFixture } from '../support/oidc-fixture';

let fx: OidcFixture;

beforeAll(async () => {
  fx = await startOidcServer();
});
afterAll(() => fx.close());

const revoke = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  postForm(`${fx.url}/oauth/revoke`, { token: 'not-a-token', ...fields }, headers);

describe('client secrets at the token, revocation and introspection endpoints', () => {
  it('openid-client given only the secret (client_secret_post, its default) authenticates a client registered for Basic', async () => {
    const config = await oidc.discovery(new URL(fx.url), 'machine', MACHINE_SECRET, undefined, {
      execute: [oidc.allowInsecureRequests],
    });
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'orders:read' });
    expect(tokens.scope).toBe('orders:read');
  });

  it('a client registered for client_secret_post authenticates with HTTP Basic too', async () => {
    expect((await revoke({}, { authorization: basicAuth('post-app', POST_SECRET) })).status).toBe(200);
  });

  it('a wrong secret is refused in the form as in Basic, and a public client sending a secret is refused', async () => {
    expect((await revoke({ client_id: 'machine', client_secret: `${MACHINE_SECRET}x` })).status).toBe(401);
    expect((await revoke({}, { authorization: basicAuth('post-app', `${POST_SECRET}x`) })).status).toBe(401);
    const publicWithSecret = await postForm(`${fx.url}/oauth/token`, {
      grant_type: 'authorization_code',
      code: 'not-a-code',
      redirect_uri: 'http://127.0.0.1:5174/cb',
      client_id: 'spa',
      client_secret: MACHINE_SECRET,
    });
    expect([publicWithSecret.status, ((await publicWithSecret.json()) as { error: string }).error]).toEqual([
      401,
      'invalid_client',
    ]);
  });
});

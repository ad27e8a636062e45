/**
 * The inspector's "verify against the ring" (`tokens.verify` with the default key choice) checks a
 * token as what it is: an ID token or a logout token by its own `typ`, issuer and audience (a
 * registered client), not refused `typ_invalid` as a wrong access token; an access token as before.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { IdTokenIssuer } from '../../src/main/auth/id-tokens';
import { LogoutTokenIssuer } from '../../src/main/auth/logout-tokens';
import type { TokenVerifyView } from '../../src/shared/admin-views';
import { addUser, CLIENT, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
let g: Gatehouse;
let admin: AdminService;

beforeEach(async () => {
  fx = await openTestGatehouse();
  g = fx.gatehouse;
  g.settings.setIssuer('http://127.0.0.1:8787');
  admin = new AdminService({ gatehouse: g, authUrl: () => 'http://127.0.0.1', mode: 'headless', version: 'test' });
  await g.clients.apply(
    {
      clientId: 'web-app',
      clientSecret: 'web-app-secret-0123456789abcdef',
      name: 'Web App',
      redirectUris: ['http://localhost:3000/cb'],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      audience: null,
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'client_secret_basic',
    },
    'test',
  );
});
afterEach(() => fx.close());

async function verify(token: string): Promise<TokenVerifyView> {
  const result = await admin.handle('tokens.verify', { token, key: { kind: 'ring' } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

async function idToken(clientId = 'web-app') {
  const { session, access } = await g.sessions.startSession(await addUser(g, 'erin'), CLIENT, 'admin');
  const token = await new IdTokenIssuer(g.ring, g.clock, () => g.settings.get()).issue({
    userId: session.userId,
    sessionId: session.id,
    clientId,
    authTime: g.clock.now(),
    nonce: 'n-1',
    accessToken: access.token,
  });
  return { token, session, access };
}

describe('tokens.verify against the ring', () => {
  it('verifies an ID token as an ID token: every step but revocation passes, linked to its session', async () => {
    const { token, session } = await idToken();
    const view = await verify(token);
    expect(view).toMatchObject({ valid: true, code: null, message: 'ID token: valid' });
    expect(view.steps.map((s) => s.step)).toEqual([
      'format',
      'header',
      'algorithm',
      'key',
      'signature',
      'claims',
      'issuer',
      'audience',
      'time',
    ]);
    expect(view.steps.every((s) => s.status === 'pass')).toBe(true);
    expect(view.links.sessionId).toBe(session.id);
  });

  it('refuses an ID token for a client that is not registered at the audience step', async () => {
    const view = await verify((await idToken('gone-app')).token);
    expect(view).toMatchObject({ valid: false, code: 'aud_invalid' });
    expect(view.steps.find((s) => s.step === 'audience')).toMatchObject({ status: 'fail' });
  });

  it('refuses an expired ID token at the time step', async () => {
    const { token } = await idToken();
    fx.clock.advance(3600);
    expect(await verify(token)).toMatchObject({ valid: false, code: 'token_expired' });
  });

  it('verifies a logout token as a logout token', async () => {
    const { session } = await idToken();
    const token = await new LogoutTokenIssuer(g.ring, g.clock, () => g.settings.get()).issue({
      userId: session.userId,
      sessionId: session.id,
      clientId: 'web-app',
    });
    expect(await verify(token)).toMatchObject({ valid: true, message: 'logout token: valid' });
  });

  it('an access token is still checked with every step, revocation included', async () => {
    const { access } = await idToken();
    const view = await verify(access.token);
    expect(view).toMatchObject({ valid: true, message: 'valid' });
    expect(view.steps).toHaveLength(10);
  });
});

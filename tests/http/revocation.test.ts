import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import type { TokenErrorCode } from '../../src/shared/token-errors';
import { DEMO_PASSWORD, requireUser, startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { getMe, login, refresh, rejection, type TokenResponse } from '../support/http-client';

let fx: ServerFixture;
let g: Gatehouse;

beforeAll(async () => {
  fx = await startTestServer();
  g = fx.gatehouse;
});
afterAll(() => fx.close());

const kidOf = (token: string): string =>
  (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;

/** Logs in, proves the token works (and is now in the verifier's cache), revokes, and checks the very next request. */
async function expectRevokedOnNextRequest(
  revoke: (pair: TokenResponse) => Promise<unknown>,
  reason: TokenErrorCode,
  username = 'alice',
): Promise<TokenResponse> {
  const pair = await login(fx.url, username, DEMO_PASSWORD);
  expect((await getMe(fx.url, pair.access_token)).status).toBe(200);
  expect((await getMe(fx.url, pair.access_token)).status).toBe(200);
  await revoke(pair);
  const r = await rejection(await getMe(fx.url, pair.access_token));
  expect(r).toMatchObject({ status: 401, error: 'invalid_token', reason });
  expect(r.challenge).toMatch(/^Bearer /);
  return pair;
}

describe('admin-side revocation takes effect on the very next /api/me', () => {
  it('sessions.revokeSession → session_revoked, and its refresh token is dead', async () => {
    const pair = await expectRevokedOnNextRequest(
      (p) => g.sessions.revokeSession(p.session_id, 'admin test', 'admin'),
      'session_revoked',
    );
    expect((await refresh(fx.url, pair.refresh_token)).status).toBe(401);
  });

  it('denylistAccessToken → jti_revoked, while the session itself lives on', async () => {
    const pair = await expectRevokedOnNextRequest(
      (p) => g.tokens.denylistAccessToken(p.access_token, 'admin', 'admin test'),
      'jti_revoked',
    );
    const renewed = await refresh(fx.url, pair.refresh_token);
    expect(renewed.status).toBe(200);
    expect((await getMe(fx.url, ((await renewed.json()) as TokenResponse).access_token)).status).toBe(200);
  });

  it('users.bumpTokenVersion → version_stale; a refresh then issues a token with the new ver', async () => {
    const bob = await requireUser(g, 'bob');
    const pair = await expectRevokedOnNextRequest(
      () => g.users.bumpTokenVersion(bob.id, 'admin', 'admin test'),
      'version_stale',
      'bob',
    );
    const renewed = await refresh(fx.url, pair.refresh_token);
    expect(renewed.status).toBe(200);
    const me = await getMe(fx.url, ((await renewed.json()) as TokenResponse).access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ ver: bob.tokenVersion + 1 });
  });

  it('ring.revoke of the active key → key_revoked; a new login signs with a different kid', async () => {
    const pair = await expectRevokedOnNextRequest(
      (p) => g.ring.revoke(kidOf(p.access_token), 'admin', 'compromised'),
      'key_revoked',
    );
    const fresh = await login(fx.url, 'alice', DEMO_PASSWORD);
    expect(kidOf(fresh.access_token)).not.toBe(kidOf(pair.access_token));
    expect((await getMe(fx.url, fresh.access_token)).status).toBe(200);
    // the session survives a key revoke: its refresh token gets a token from the new key
    const renewed = await refresh(fx.url, pair.refresh_token);
    expect(renewed.status).toBe(200);
    const renewedToken = ((await renewed.json()) as TokenResponse).access_token;
    expect(kidOf(renewedToken)).toBe(kidOf(fresh.access_token));
    expect((await getMe(fx.url, renewedToken)).status).toBe(200);
    const jwks = (await (await fetch(`${fx.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).not.toContain(kidOf(pair.access_token));
  });

  it('sessions.revokeUserSessions → session_revoked for every session of that user only', async () => {
    const alice = await requireUser(g, 'alice');
    const bob = await login(fx.url, 'bob', DEMO_PASSWORD);
    const other = await login(fx.url, 'alice', DEMO_PASSWORD);
    await expectRevokedOnNextRequest(
      () => g.sessions.revokeUserSessions(alice.id, 'admin test', 'admin'),
      'session_revoked',
    );
    expect(await rejection(await getMe(fx.url, other.access_token))).toMatchObject({
      status: 401,
      reason: 'session_revoked',
    });
    expect((await getMe(fx.url, bob.access_token)).status).toBe(200);
  });
});

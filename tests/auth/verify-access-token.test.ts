import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import type { VerifyResult } from '../../src/main/auth/verify-access-token';
import type { UserRecord } from '../../src/main/store/store';
import type { TokenErrorCode } from '../../src/shared/token-errors';
import { addUser, CLIENT, openTestGatehouse, T0, type GatehouseFixture } from '../support/gatehouse-fixture';
import { acceptedClaims, signWithRing } from '../support/tokens';

let fx: GatehouseFixture;
let g: Gatehouse;
let user: UserRecord;

beforeEach(async () => {
  fx = await openTestGatehouse();
  g = fx.gatehouse;
  user = await addUser(g, 'carol');
});
afterEach(() => fx.close());

const startSession = () => g.sessions.startSession(user, CLIENT, 'admin');

function expectRejected(result: VerifyResult, code: TokenErrorCode): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.code).toBe(code);
}

describe('AccessTokenVerifier: valid tokens and the cache', () => {
  it('accepts a freshly issued token with its claims, kid and alg', async () => {
    const { access, session } = await startSession();
    const result = await g.verifier.verify(access.token);
    expect(result).toMatchObject({ ok: true, cached: false, kid: access.kid, alg: 'ES256' });
    if (!result.ok) throw new Error(result.message);
    expect(result.claims).toMatchObject({
      iss: 'http://127.0.0.1',
      aud: 'demo-resource',
      sub: user.id,
      sid: session.id,
      jti: access.jti,
      ver: 0,
      iat: T0,
      exp: T0 + 60,
    });
  });

  it('answers a second presentation from the cache', async () => {
    const { access } = await startSession();
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: true, cached: false });
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: true, cached: true });
  });

  it('still rejects a cached token once it expires', async () => {
    const { access } = await startSession();
    await g.verifier.verify(access.token);
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: true, cached: true });
    fx.clock.set(access.expiresAt + 5);
    expectRejected(await g.verifier.verify(access.token), 'token_expired');
  });

  it('rejects a cached token again after a settings change alters the rules it passed', async () => {
    const token = signWithRing(g, acceptedClaims(g, { exp: T0 + 600 }));
    expect(await g.verifier.verify(token)).toMatchObject({ ok: true });
    expect(await g.verifier.verify(token)).toMatchObject({ ok: true, cached: true });
    await g.settings.update({ maxAccessTokenLifetime: 300 }, 'admin');
    expectRejected(await g.verifier.verify(token), 'lifetime_too_long');
  });

  it('rejects a cached token once the issuer changes', async () => {
    const { access } = await startSession();
    await g.verifier.verify(access.token);
    g.settings.setIssuer('http://127.0.0.1:9999');
    expectRejected(await g.verifier.verify(access.token), 'iss_invalid');
  });
});

describe('AccessTokenVerifier: every revocation kind applies on the very next call, cached or not', () => {
  const kinds: {
    name: string;
    code: TokenErrorCode;
    revoke: (token: string, sid: string, kid: string) => Promise<unknown>;
  }[] = [
    {
      name: 'session revoked',
      code: 'session_revoked',
      revoke: (_t, sid) => g.sessions.revokeSession(sid, 'test', 'admin'),
    },
    {
      name: 'jti denylisted',
      code: 'jti_revoked',
      revoke: (token) => g.tokens.denylistAccessToken(token, 'admin', 'test'),
    },
    {
      name: "user's token version bumped",
      code: 'version_stale',
      revoke: () => g.users.bumpTokenVersion(user.id, 'admin', 'test'),
    },
    {
      name: 'signing key emergency-revoked',
      code: 'key_revoked',
      revoke: (_t, _s, kid) => g.ring.revoke(kid, 'admin', 'compromised'),
    },
    {
      name: 'all sessions of the user revoked',
      code: 'session_revoked',
      revoke: () => g.sessions.revokeUserSessions(user.id, 'test', 'admin'),
    },
  ];

  it.each(kinds)('$name → $code', async ({ code, revoke }) => {
    const { access, session } = await startSession();
    await g.verifier.verify(access.token);
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: true, cached: true });
    await revoke(access.token, session.id, access.kid);
    expectRejected(await g.verifier.verify(access.token), code);
    // and with a cold cache (a second instance, or after a settings change)
    g.verifier.resetCache();
    expectRejected(await g.verifier.verify(access.token), code);
  });

  it('a version bump leaves tokens of other users and new tokens of the same user valid', async () => {
    const other = await addUser(g, 'dave');
    const mine = await startSession();
    const theirs = await g.sessions.startSession(other, CLIENT, 'admin');
    await g.users.bumpTokenVersion(user.id, 'admin', 'test');
    expectRejected(await g.verifier.verify(mine.access.token), 'version_stale');
    expect(await g.verifier.verify(theirs.access.token)).toMatchObject({ ok: true });
    const fresh = await g.sessions.startSession((await g.store.getUserById(user.id))!, CLIENT, 'admin');
    expect(await g.verifier.verify(fresh.access.token)).toMatchObject({ ok: true, claims: { ver: 1 } });
  });

  it('a revocation survives a restart of the in-memory index', async () => {
    const { access, session } = await startSession();
    await g.sessions.revokeSession(session.id, 'test', 'admin');
    await g.denylist.load();
    g.verifier.resetCache();
    expectRejected(await g.verifier.verify(access.token), 'session_revoked');
  });
});

describe('AccessTokenVerifier: time checks at the clock-tolerance boundary (tolerance 5 s)', () => {
  it('accepts one second before exp + tolerance and rejects exactly at it', async () => {
    const { access } = await startSession();
    fx.clock.set(access.expiresAt + 4);
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: true });
    fx.clock.set(access.expiresAt + 5);
    expectRejected(await g.verifier.verify(access.token), 'token_expired');
  });

  it('accepts iat up to tolerance in the future and rejects one second beyond', async () => {
    expect(await g.verifier.verify(signWithRing(g, acceptedClaims(g, { iat: T0 + 5, exp: T0 + 65 })))).toMatchObject({
      ok: true,
    });
    expectRejected(
      await g.verifier.verify(signWithRing(g, acceptedClaims(g, { iat: T0 + 6, exp: T0 + 66 }))),
      'token_not_yet_valid',
    );
  });

  it('accepts nbf up to tolerance in the future and rejects one second beyond', async () => {
    expect(await g.verifier.verify(signWithRing(g, acceptedClaims(g, { nbf: T0 + 5 })))).toMatchObject({ ok: true });
    expectRejected(await g.verifier.verify(signWithRing(g, acceptedClaims(g, { nbf: T0 + 6 }))), 'token_not_yet_valid');
  });

  it('a not-yet-valid token becomes valid when the clock reaches it (the cache does not pin the rejection)', async () => {
    const token = signWithRing(g, acceptedClaims(g, { nbf: T0 + 20 }));
    expectRejected(await g.verifier.verify(token), 'token_not_yet_valid');
    fx.clock.set(T0 + 15);
    expect(await g.verifier.verify(token)).toMatchObject({ ok: true });
  });

  it('honours a changed tolerance', async () => {
    await g.settings.update({ clockTolerance: 0 }, 'admin');
    const { access } = await startSession();
    fx.clock.set(access.expiresAt - 1);
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: true });
    fx.clock.set(access.expiresAt);
    expectRejected(await g.verifier.verify(access.token), 'token_expired');
  });
});

describe('AccessTokenVerifier: lifetime cap, issuer and audience', () => {
  it('accepts a lifetime of exactly maxAccessTokenLifetime and refuses one second more', async () => {
    const max = g.settings.get().maxAccessTokenLifetime;
    expect(await g.verifier.verify(signWithRing(g, acceptedClaims(g, { exp: T0 + max })))).toMatchObject({ ok: true });
    expectRejected(
      await g.verifier.verify(signWithRing(g, acceptedClaims(g, { exp: T0 + max + 1 }))),
      'lifetime_too_long',
    );
  });

  it('refuses exp not after iat', async () => {
    expectRejected(await g.verifier.verify(signWithRing(g, acceptedClaims(g, { exp: T0 }))), 'claims_invalid');
  });

  it.each([
    { name: 'another issuer', claims: { iss: 'https://evil.example' }, code: 'iss_invalid' as const },
    { name: 'issuer with a trailing slash', claims: { iss: 'http://127.0.0.1/' }, code: 'iss_invalid' as const },
    { name: 'no issuer', claims: { iss: undefined }, code: 'claims_invalid' as const },
    { name: 'another audience', claims: { aud: 'other-api' }, code: 'aud_invalid' as const },
    { name: 'an audience list without ours', claims: { aud: ['a', 'b'] }, code: 'aud_invalid' as const },
    { name: 'no audience', claims: { aud: undefined }, code: 'aud_invalid' as const },
    { name: 'audience as an object', claims: { aud: { 0: 'demo-resource' } }, code: 'aud_invalid' as const },
  ])('refuses $name with $code', async ({ claims, code }) => {
    expectRejected(await g.verifier.verify(signWithRing(g, acceptedClaims(g, claims))), code);
  });

  it('accepts an audience list that includes ours', async () => {
    expect(
      await g.verifier.verify(signWithRing(g, acceptedClaims(g, { aud: ['other', 'demo-resource'] }))),
    ).toMatchObject({ ok: true });
  });

  it('refuses a non-string token without throwing', async () => {
    for (const value of [undefined, null, 42, {}, ['a.b.c']])
      expectRejected(await g.verifier.verify(value), 'token_missing');
  });
});

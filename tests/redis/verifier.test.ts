import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createVerifier, type RevocationSource, type Verifier } from '@gatehouse/verifier';
import { openRedisRevocations } from '@gatehouse/verifier/redis';
import { login, postJson } from '../support/http-client';
import { acceptedClaims, buildToken, signWithRing } from '../support/tokens';
import { DEMO_PASSWORD, eventually, sharedKek, startInstance, type Instance } from './cluster-fixture';
import { startTestRedis, type TestRedis } from './redis-server';

let redis: TestRedis;
let a: Instance;
let revocations: RevocationSource;
let verifier: Verifier;

beforeAll(async () => {
  redis = await startTestRedis();
  a = await startInstance(redis.url, sharedKek());
  revocations = await openRedisRevocations({ url: redis.url, heartbeatMs: 200, heartbeatTimeoutMs: 1000 });
  verifier = createVerifier({
    issuer: a.gatehouse.settings.get().issuer,
    audience: 'demo-resource',
    jwksUrl: `${a.url}/.well-known/jwks.json`,
    revocations,
  });
});
afterAll(async () => {
  verifier?.close();
  await revocations?.close();
  await a?.close();
  await redis?.close();
});

describe('createVerifier (resource servers)', () => {
  it('accepts a valid token, then serves the repeat from its cache', async () => {
    const pair = await login(a.url, 'alice', DEMO_PASSWORD);
    const first = await verifier.verify(pair.access_token);
    expect(first).toMatchObject({ ok: true, cached: false, claims: { sid: pair.session_id, aud: 'demo-resource' } });
    expect(await verifier.verify(pair.access_token)).toMatchObject({ ok: true, cached: true });
  });

  it('applies the issuer rules: wrong audience and foreign headers are refused', async () => {
    const g = a.gatehouse;
    expect(await verifier.verify(signWithRing(g, acceptedClaims(g, { aud: 'other' })))).toMatchObject({
      ok: false,
      code: 'aud_invalid',
    });
    expect(await verifier.verify(signWithRing(g, acceptedClaims(g), { jku: 'https://evil' }))).toMatchObject({
      ok: false,
      code: 'header_not_allowed',
    });
    expect(await verifier.verify(signWithRing(g, acceptedClaims(g), { typ: 'JWT' }))).toMatchObject({
      ok: false,
      code: 'typ_invalid',
    });
    expect(await verifier.verify('a.b')).toMatchObject({ ok: false, code: 'token_malformed' });
  });

  it('fetches the JWKS once for unknown kids, then waits out the cooldown before fetching again', async () => {
    // a verifier of its own, so that its first fetch is the one this test counts
    const fresh = createVerifier({
      issuer: a.gatehouse.settings.get().issuer,
      audience: 'demo-resource',
      jwksUrl: `${a.url}/.well-known/jwks.json`,
      revocations,
    });
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = (kid: string) =>
      buildToken({ alg: 'ES256', typ: 'at+jwt', kid }, acceptedClaims(a.gatehouse), privateKey);
    expect(await fresh.verify(forged('never-published-1'))).toMatchObject({ ok: false, code: 'kid_unknown' });
    expect(fresh.jwksFetches()).toBe(1);
    expect(await fresh.verify(forged('never-published-2'))).toMatchObject({ ok: false, code: 'kid_unknown' });
    expect(fresh.jwksFetches()).toBe(1);
    // once the cooldown (30 s by default) has passed, the next unknown kid fetches again
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 31_000);
      expect(await fresh.verify(forged('never-published-3'))).toMatchObject({ ok: false, code: 'kid_unknown' });
      expect(fresh.jwksFetches()).toBe(2);
    } finally {
      vi.useRealTimers();
    }
    fresh.close();
  });

  it('rejects a token once its session is revoked on the issuer (after the feed message)', async () => {
    const pair = await login(a.url, 'bob', DEMO_PASSWORD);
    expect((await verifier.verify(pair.access_token)).ok).toBe(true);
    const out = await postJson(`${a.url}/auth/logout`, {}, { authorization: `Bearer ${pair.access_token}` });
    expect(out.status).toBe(204);
    await eventually(async () => !(await verifier.verify(pair.access_token)).ok);
    expect(await verifier.verify(pair.access_token)).toMatchObject({ ok: false, code: 'session_revoked' });
  });

  it('fails closed while the feed is lost and recovers after reconnect + resync', async () => {
    const pair = await login(a.url, 'alice', DEMO_PASSWORD);
    expect((await verifier.verify(pair.access_token)).ok).toBe(true);
    await redis.stopServer();
    await eventually(() => !revocations.current(), 400, 10);
    expect(await verifier.verify(pair.access_token)).toMatchObject({ ok: false, code: 'revocation_unavailable' });
    await redis.startServer();
    await eventually(() => revocations.current(), 1000, 10);
    expect(await verifier.verify(pair.access_token)).toMatchObject({ ok: true });
  });
});

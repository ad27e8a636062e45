import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_PASSWORD, startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { login } from '../support/http-client';

let fx: ServerFixture;
let g: Gatehouse;

beforeAll(async () => {
  fx = await startTestServer();
  g = fx.gatehouse;
});
afterAll(() => fx.close());

async function fetchJwks(): Promise<{ res: Response; jwks: JSONWebKeySet }> {
  const res = await fetch(`${fx.url}/.well-known/jwks.json`);
  return { res, jwks: (await res.json()) as JSONWebKeySet };
}

const maxAge = (res: Response) => Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1] ?? NaN);
const stateOf = (state: string) =>
  g.ring
    .list()
    .filter((k) => k.state === state)
    .map((k) => k.kid);

describe('discovery metadata', () => {
  it('names this server as issuer and its endpoints under it', async () => {
    const res = await fetch(`${fx.url}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(maxAge(res)).toBeLessThanOrEqual(300);
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta).toMatchObject({
      issuer: fx.url,
      jwks_uri: `${fx.url}/.well-known/jwks.json`,
      revocation_endpoint: `${fx.url}/oauth/revoke`,
      introspection_endpoint: `${fx.url}/oauth/introspect`,
      // OIDC Discovery §3: RS256 MUST be supported for id_tokens; listed first, then what else the ring signs
      id_token_signing_alg_values_supported: ['RS256', 'ES256'],
    });
    // Gatehouse's own members are under its namespaced key (tests/http/discovery-names.test.ts)
    const own = meta['https://gatehouse.dev/metadata'] as Record<string, unknown>;
    expect(own.access_token_signing_alg_values_supported).toEqual(['ES256']);
    expect(own.access_token_signing_alg_values_supported).not.toContain('none');
  });
});

describe('JWKS', () => {
  it('publishes the active and pending keys, public halves only, cacheable for at most 300 s', async () => {
    const { res, jwks } = await fetchJwks();
    expect(res.status).toBe(200);
    expect(maxAge(res)).toBeGreaterThan(0);
    expect(maxAge(res)).toBeLessThanOrEqual(300);
    expect(res.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    expect(jwks.keys.map((k) => k.kid).sort()).toEqual([...stateOf('active'), ...stateOf('pending')].sort());
    // the access tokens' ES256 keys and the id_tokens' RS256 keys, an active and a pending one each
    expect(jwks.keys.map((k) => k.alg).sort()).toEqual(['ES256', 'ES256', 'RS256', 'RS256']);
    for (const key of jwks.keys) {
      if (key.alg === 'ES256') expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', use: 'sig' });
      else expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(secret);
    }
  });

  it('verifies a real access token with a standard JOSE library', async () => {
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    const { jwks } = await fetchJwks();
    const { payload, protectedHeader } = await jwtVerify(pair.access_token, createLocalJWKSet(jwks), {
      issuer: fx.url,
      audience: 'demo-resource',
      typ: 'at+jwt',
      currentDate: new Date(g.clock.now() * 1000),
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload.sid).toBe(pair.session_id);
  });

  it('keeps a retiring key published, and unpublishes retired and revoked keys', async () => {
    const firstActive = g.ring.signingKey().kid;
    await g.ring.rotate('admin');
    let kids = (await fetchJwks()).jwks.keys.map((k) => k.kid);
    expect(kids).toContain(firstActive);
    expect(stateOf('retiring')).toEqual([firstActive]);

    const pending = g.ring.next()!.kid;
    await g.ring.revoke(pending, 'admin', 'test');
    fx.clock.advance(g.settings.get().maxAccessTokenLifetime + g.settings.get().clockTolerance);
    await g.ring.retire(firstActive, 'admin');

    kids = (await fetchJwks()).jwks.keys.map((k) => k.kid);
    expect(kids).not.toContain(firstActive);
    expect(kids).not.toContain(pending);
    expect(kids.sort()).toEqual([...stateOf('active'), ...stateOf('pending')].sort());
    expect(stateOf('pending')).toHaveLength(2);
  });
});

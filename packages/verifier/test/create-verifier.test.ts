import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createVerifier, type RevocationSource, type Verifier } from '../src/index.js';

const ISSUER = 'https://auth.test';
const NOW = 1_800_000_000;
const b64u = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

/** An issuer's key: signs Gatehouse-shaped access tokens and is published (or not) in the JWKS. */
function issuerKey(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as object), kid, alg: 'ES256', use: 'sig' };
  const token = (
    claims: Record<string, unknown> = {},
    header: Record<string, unknown> = {},
    key: KeyObject = privateKey,
  ) => {
    const h = b64u({ alg: 'ES256', typ: 'at+jwt', kid, ...header });
    const p = b64u({
      iss: ISSUER,
      aud: 'orders',
      sub: 'u1',
      sid: randomBytes(16).toString('base64url'),
      jti: randomBytes(16).toString('base64url'),
      iat: NOW,
      exp: NOW + 60,
      ver: 0,
      ...claims,
    });
    const s = sign('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' });
    return `${h}.${p}.${b64u(s)}`;
  };
  return { jwk, token, privateKey };
}

/** A revocation source held in the test's hands. */
function revocationsForTest() {
  const sids = new Set<string>();
  const kids = new Set<string>();
  let current = true;
  const listeners = new Set<() => void>();
  const source: RevocationSource = {
    current: () => current,
    isJtiRevoked: () => false,
    isSessionRevoked: (sid) => sids.has(sid),
    minVersion: () => 0,
    isKidRevoked: (kid) => kids.has(kid),
    onKeysChanged: (l) => (listeners.add(l), () => listeners.delete(l)),
    close: async () => {},
  };
  return {
    source,
    sids,
    kids,
    setCurrent: (c: boolean) => (current = c),
    keysChanged: () => listeners.forEach((l) => l()),
  };
}

let server: http.Server;
let jwksUrl: string;
let published: object[] = [];
let fetches = 0;
const k1 = issuerKey('k1');

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    fetches++;
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let rev: ReturnType<typeof revocationsForTest>;
let verifier: Verifier;
beforeEach(() => {
  published = [k1.jwk];
  fetches = 0;
  rev = revocationsForTest();
  verifier = createVerifier({ issuer: ISSUER, audience: 'orders', jwksUrl, revocations: rev.source, now: () => NOW });
});

describe('createVerifier against an issuer JWKS', () => {
  it('accepts a token signed by a published key, then answers the repeat from its cache', async () => {
    const token = k1.token();
    expect(await verifier.verify(token)).toMatchObject({
      ok: true,
      cached: false,
      kid: 'k1',
      claims: { sub: 'u1', aud: 'orders' },
    });
    expect(await verifier.verify(token)).toMatchObject({ ok: true, cached: true });
    expect(fetches).toBe(1);
  });

  it('refuses a token whose session the revocation source says is revoked, cached or not', async () => {
    const token = k1.token();
    const sid = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sid as string;
    expect((await verifier.verify(token)).ok).toBe(true);
    rev.sids.add(sid);
    expect(await verifier.verify(token)).toMatchObject({ ok: false, code: 'session_revoked', step: 'revocation' });
  });

  it('fails closed while the revocation source is not current', async () => {
    rev.setCurrent(false);
    expect(await verifier.verify(k1.token())).toMatchObject({ ok: false, code: 'revocation_unavailable' });
  });

  it('uses a key only for the alg its JWK declares, and ignores JWKs without alg, with d, or not for signing', async () => {
    const k2 = issuerKey('k2');
    const k3 = issuerKey('k3');
    const k4 = issuerKey('k4');
    const { alg: _alg, ...noAlg } = k2.jwk;
    published = [
      k1.jwk,
      noAlg,
      { ...k3.jwk, d: (k3.privateKey.export({ format: 'jwk' }) as { d: string }).d },
      { ...k4.jwk, use: 'enc' },
    ];
    for (const k of [k2, k3, k4])
      expect(await verifier.verify(k.token())).toMatchObject({ ok: false, code: 'kid_unknown', step: 'key' });
    // the token claims EdDSA for an ES256 key: refused before any signature check
    expect(await verifier.verify(k1.token({}, { alg: 'EdDSA' }))).toMatchObject({
      ok: false,
      code: 'alg_not_allowed',
      step: 'key',
    });
  });

  it('refuses at once a key the issuer revoked, and a key no longer published once the issuer says its keys changed', async () => {
    const token = k1.token();
    expect((await verifier.verify(token)).ok).toBe(true);
    rev.kids.add('k1');
    expect(await verifier.verify(token)).toMatchObject({ ok: false, code: 'key_revoked', step: 'revocation' });
    rev.kids.clear();
    expect((await verifier.verify(token)).ok).toBe(true);
    published = [];
    rev.keysChanged(); // the cache is dropped and the JWKS refetched in the background
    let result = await verifier.verify(token);
    for (let i = 0; i < 500 && result.ok; i++)
      result = await new Promise((r) => setTimeout(r, 2)).then(() => verifier.verify(token));
    // unknown if the refetch landed before the lookup, withdrawn if it landed between lookup and live check
    expect(result.ok).toBe(false);
    expect(!result.ok && ['kid_unknown', 'key_revoked'].includes(result.code)).toBe(true);
  });

  it('applies the issuer rules: issuer, audience, typ, foreign header members, lifetime, a forged signature', async () => {
    expect(await verifier.verify(k1.token({ iss: 'https://evil.test' }))).toMatchObject({
      ok: false,
      code: 'iss_invalid',
      step: 'issuer',
    });
    expect(await verifier.verify(k1.token({ aud: 'other' }))).toMatchObject({
      ok: false,
      code: 'aud_invalid',
      step: 'audience',
    });
    expect(await verifier.verify(k1.token({}, { typ: 'JWT' }))).toMatchObject({
      ok: false,
      code: 'typ_invalid',
      step: 'header',
    });
    expect(await verifier.verify(k1.token({}, { jku: 'https://evil.test/jwks' }))).toMatchObject({
      ok: false,
      code: 'header_not_allowed',
    });
    expect(await verifier.verify(k1.token({ exp: NOW + 3600 }))).toMatchObject({
      ok: false,
      code: 'lifetime_too_long',
    });
    const forged = k1.token({}, {}, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    expect(await verifier.verify(forged)).toMatchObject({ ok: false, code: 'signature_invalid', step: 'signature' });
  });

  it('fetches the JWKS once for a burst of unknown kids within the cooldown', async () => {
    const stranger = issuerKey('not-published');
    for (let i = 0; i < 5; i++) expect((await verifier.verify(stranger.token())).ok).toBe(false);
    expect(verifier.jwksFetches()).toBe(1);
  });
});

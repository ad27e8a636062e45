import { generateKeyPairSync, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import type { TokenErrorCode } from '../../src/shared/token-errors';
import { startTestServer, T0, type ServerFixture } from '../support/gatehouse-fixture';
import { getMe, rejection } from '../support/http-client';
import { acceptedClaims, b64u, buildToken, nonCanonical, signSegments, signWithRing } from '../support/tokens';

let fx: ServerFixture;
let g: Gatehouse;

beforeAll(async () => {
  fx = await startTestServer();
  g = fx.gatehouse;
});
afterAll(() => fx.close());

interface HostileCase {
  name: string;
  reason: TokenErrorCode;
  build: () => string;
}

const kid = () => g.ring.signingKey().kid;
const claims = (overrides: Record<string, unknown> = {}) => acceptedClaims(g, overrides);
/** A valid token's three segments, for surgery. */
const validParts = () => signWithRing(g, claims()).split('.') as [string, string, string];
const omit = (name: string) => {
  const c = claims();
  delete c[name];
  return c;
};
const publicPem = () =>
  createPublicKey(g.ring.signingKey().privateKey).export({ type: 'spki', format: 'pem' }).toString();
const publicJwk = () => g.ring.jwks().keys.find((k) => k.kid === kid())!;

const noneCases: HostileCase[] = ['none', 'None', 'NONE', 'nOnE'].flatMap((alg) => [
  {
    name: `alg "${alg}" with an empty signature`,
    reason: 'token_malformed' as const,
    build: () => `${b64u({ alg, typ: 'at+jwt', kid: kid() })}.${b64u(claims())}.`,
  },
  {
    name: `alg "${alg}" without a signature part`,
    reason: 'token_malformed' as const,
    build: () => `${b64u({ alg, typ: 'at+jwt', kid: kid() })}.${b64u(claims())}`,
  },
  {
    name: `alg "${alg}" with a signature`,
    reason: 'alg_not_allowed' as const,
    build: () => `${b64u({ alg, typ: 'at+jwt', kid: kid() })}.${b64u(claims())}.${validParts()[2]}`,
  },
  {
    name: `alg "${alg}" with no kid`,
    reason: 'alg_not_allowed' as const,
    build: () => `${b64u({ alg, typ: 'at+jwt' })}.${b64u(claims())}.c2ln`,
  },
]);

const cases: HostileCase[] = [
  ...noneCases,
  // algorithm confusion: the public key as an HMAC secret
  {
    name: 'HS256 keyed with the public JWK JSON',
    reason: 'alg_not_allowed',
    build: () =>
      buildToken({ alg: 'HS256', typ: 'at+jwt', kid: kid() }, claims(), Buffer.from(JSON.stringify(publicJwk()))),
  },
  {
    name: 'HS256 keyed with the public PEM',
    reason: 'alg_not_allowed',
    build: () => buildToken({ alg: 'HS256', typ: 'at+jwt', kid: kid() }, claims(), Buffer.from(publicPem())),
  },
  {
    name: 'HS512 keyed with the public PEM',
    reason: 'alg_not_allowed',
    build: () => buildToken({ alg: 'HS512', typ: 'at+jwt', kid: kid() }, claims(), Buffer.from(publicPem())),
  },
  {
    name: 'RS256 header on the ES256 kid',
    reason: 'alg_not_allowed',
    build: () =>
      buildToken(
        { alg: 'RS256', typ: 'at+jwt', kid: kid() },
        claims(),
        generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      ),
  },
  {
    name: 'ES384 header on the ES256 kid',
    reason: 'alg_not_allowed',
    build: () => `${b64u({ alg: 'ES384', typ: 'at+jwt', kid: kid() })}.${b64u(claims())}.${validParts()[2]}`,
  },
  {
    name: 'alg as an array',
    reason: 'alg_not_allowed',
    build: () => `${b64u({ alg: ['ES256'], typ: 'at+jwt', kid: kid() })}.${b64u(claims())}.${validParts()[2]}`,
  },
  // kid
  { name: 'unknown kid', reason: 'kid_unknown', build: () => signWithRing(g, claims(), { kid: 'no-such-key' }) },
  {
    name: 'path traversal kid',
    reason: 'kid_unknown',
    build: () => signWithRing(g, claims(), { kid: '../../etc/passwd' }),
  },
  { name: 'SQL-looking kid', reason: 'kid_unknown', build: () => signWithRing(g, claims(), { kid: "' OR 1=1 --" }) },
  { name: 'kid as a number', reason: 'kid_unknown', build: () => signWithRing(g, claims(), { kid: 1 }) },
  { name: 'missing kid', reason: 'kid_unknown', build: () => signWithRing(g, claims(), { kid: undefined }) },
  {
    name: 'kid of 200 characters',
    reason: 'kid_unknown',
    build: () => signWithRing(g, claims(), { kid: 'k'.repeat(200) }),
  },
  // header members that would make the token name its own key or extensions (RFC 8725 §3.10/3.11)
  {
    name: 'embedded jwk header',
    reason: 'header_not_allowed',
    build: () => signWithRing(g, claims(), { jwk: publicJwk() }),
  },
  {
    name: 'jku header',
    reason: 'header_not_allowed',
    build: () => signWithRing(g, claims(), { jku: 'https://evil.example/jwks.json' }),
  },
  {
    name: 'x5u header',
    reason: 'header_not_allowed',
    build: () => signWithRing(g, claims(), { x5u: 'https://evil.example/cert.pem' }),
  },
  { name: 'x5c header', reason: 'header_not_allowed', build: () => signWithRing(g, claims(), { x5c: ['MIIB'] }) },
  {
    name: 'crit header',
    reason: 'header_not_allowed',
    build: () => signWithRing(g, claims(), { crit: ['exp'], exp: T0 + 60 }),
  },
  {
    name: 'b64:false header',
    reason: 'header_not_allowed',
    build: () => signWithRing(g, claims(), { b64: false, crit: ['b64'] }),
  },
  { name: 'zip header', reason: 'header_not_allowed', build: () => signWithRing(g, claims(), { zip: 'DEF' }) },
  // encodings
  {
    name: 'padding in the header segment',
    reason: 'token_malformed',
    build: () => {
      const [h, p, s] = validParts();
      return `${h}==.${p}.${s}`;
    },
  },
  {
    name: 'padding after the signature',
    reason: 'token_malformed',
    build: () => {
      const [h, p, s] = validParts();
      return `${h}.${p}.${s}==`;
    },
  },
  {
    name: "'+' and '/' (base64, not base64url)",
    reason: 'token_malformed',
    build: () => {
      const [h, p, s] = validParts();
      return `${h}.${p}.${s.replace(/-/g, '+').replace(/_/g, '/')}+/`;
    },
  },
  { name: '2 parts', reason: 'token_malformed', build: () => validParts().slice(0, 2).join('.') },
  { name: '4 parts', reason: 'token_malformed', build: () => [...validParts(), 'AAAA'].join('.') },
  {
    name: '5 parts (JWE)',
    reason: 'token_malformed',
    build: () => `${b64u({ alg: 'dir', enc: 'A256GCM', kid: kid() })}..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA`,
  },
  {
    name: 'empty header segment',
    reason: 'token_malformed',
    build: () => {
      const [, p, s] = validParts();
      return `.${p}.${s}`;
    },
  },
  {
    name: 'empty payload segment',
    reason: 'token_malformed',
    build: () => {
      const [h, , s] = validParts();
      return `${h}..${s}`;
    },
  },
  { name: 'only dots', reason: 'token_malformed', build: () => '..' },
  {
    name: 'header not JSON',
    reason: 'header_invalid',
    build: () => {
      const [, p, s] = validParts();
      return `${b64u('not json')}.${p}.${s}`;
    },
  },
  {
    name: 'header a JSON array',
    reason: 'header_invalid',
    build: () => {
      const [, p, s] = validParts();
      return `${b64u(['ES256'])}.${p}.${s}`;
    },
  },
  {
    name: 'header JSON null',
    reason: 'header_invalid',
    build: () => {
      const [, p, s] = validParts();
      return `${b64u('null')}.${p}.${s}`;
    },
  },
  {
    name: 'header invalid UTF-8',
    reason: 'header_invalid',
    build: () => {
      const [, p, s] = validParts();
      return `${b64u(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]))}.${p}.${s}`;
    },
  },
  {
    name: 'header with non-canonical trailing bits',
    reason: 'header_invalid',
    build: () => {
      const [h, p, s] = validParts();
      return `${nonCanonical(h.length % 4 ? h : b64u({ alg: 'ES256', typ: 'at+jwt', kid: kid(), x: 1 }))}.${p}.${s}`;
    },
  },
  {
    name: 'signature with non-canonical trailing bits',
    reason: 'token_malformed',
    build: () => {
      const [h, p, s] = validParts();
      return `${h}.${p}.${nonCanonical(s)}`;
    },
  },
  {
    name: 'validly signed payload with non-canonical trailing bits',
    reason: 'token_malformed',
    build: () => {
      const k = g.ring.signingKey();
      let payload = b64u(claims());
      while (payload.length % 4 === 0) payload = b64u(claims({ pad: 'x'.repeat(payload.length % 7) + 'y' }));
      return signSegments(b64u({ alg: k.alg, typ: 'at+jwt', kid: k.kid }), nonCanonical(payload), k.alg, k.privateKey);
    },
  },
  {
    name: 'payload not JSON (validly signed)',
    reason: 'claims_invalid',
    build: () => {
      const k = g.ring.signingKey();
      return signSegments(b64u({ alg: k.alg, typ: 'at+jwt', kid: k.kid }), b64u('hello'), k.alg, k.privateKey);
    },
  },
  { name: 'payload a JSON array (validly signed)', reason: 'claims_invalid', build: () => signWithRing(g, [claims()]) },
  // typ
  { name: 'typ "JWT"', reason: 'typ_invalid', build: () => signWithRing(g, claims(), { typ: 'JWT' }) },
  { name: 'typ missing', reason: 'typ_invalid', build: () => signWithRing(g, claims(), { typ: undefined }) },
  { name: 'typ "id+jwt"', reason: 'typ_invalid', build: () => signWithRing(g, claims(), { typ: 'id+jwt' }) },
  // claims
  { name: 'wrong iss', reason: 'iss_invalid', build: () => signWithRing(g, claims({ iss: 'https://evil.example' })) },
  { name: 'wrong aud', reason: 'aud_invalid', build: () => signWithRing(g, claims({ aud: 'another-api' })) },
  {
    name: 'expired exactly at exp + tolerance',
    reason: 'token_expired',
    build: () => signWithRing(g, claims({ iat: T0 - 65, exp: T0 - 5 })),
  },
  {
    name: 'not yet valid: iat one second past tolerance',
    reason: 'token_not_yet_valid',
    build: () => signWithRing(g, claims({ iat: T0 + 6, exp: T0 + 66 })),
  },
  {
    name: 'not yet valid: nbf one second past tolerance',
    reason: 'token_not_yet_valid',
    build: () => signWithRing(g, claims({ nbf: T0 + 6 })),
  },
  {
    name: 'lifetime over the cap',
    reason: 'lifetime_too_long',
    build: () => signWithRing(g, claims({ exp: T0 + 901 })),
  },
  {
    name: 'oversized token (> 8192 chars)',
    reason: 'token_too_large',
    build: () => signWithRing(g, claims({ pad: 'x'.repeat(7000) })),
  },
  { name: 'float iat', reason: 'claims_invalid', build: () => signWithRing(g, claims({ iat: T0 + 0.5 })) },
  { name: 'float exp', reason: 'claims_invalid', build: () => signWithRing(g, claims({ exp: T0 + 59.9 })) },
  { name: 'string iat', reason: 'claims_invalid', build: () => signWithRing(g, claims({ iat: String(T0) })) },
  { name: 'string exp', reason: 'claims_invalid', build: () => signWithRing(g, claims({ exp: String(T0 + 60) })) },
  {
    name: 'huge exp (not a safe integer)',
    reason: 'claims_invalid',
    build: () => signWithRing(g, claims({ exp: 1e300 })),
  },
  { name: 'string nbf', reason: 'claims_invalid', build: () => signWithRing(g, claims({ nbf: String(T0) })) },
  { name: 'string ver', reason: 'claims_invalid', build: () => signWithRing(g, claims({ ver: '0' })) },
  { name: 'negative ver', reason: 'claims_invalid', build: () => signWithRing(g, claims({ ver: -1 })) },
  { name: 'missing sid', reason: 'claims_invalid', build: () => signWithRing(g, omit('sid')) },
  { name: 'missing jti', reason: 'claims_invalid', build: () => signWithRing(g, omit('jti')) },
  { name: 'missing ver', reason: 'claims_invalid', build: () => signWithRing(g, omit('ver')) },
  { name: 'missing sub', reason: 'claims_invalid', build: () => signWithRing(g, omit('sub')) },
  { name: 'missing exp', reason: 'claims_invalid', build: () => signWithRing(g, omit('exp')) },
  { name: 'empty sid', reason: 'claims_invalid', build: () => signWithRing(g, claims({ sid: '' })) },
  // signatures
  {
    name: 'signature from another key with the same kid',
    reason: 'signature_invalid',
    build: () =>
      buildToken(
        { alg: 'ES256', typ: 'at+jwt', kid: kid() },
        claims(),
        generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      ),
  },
  {
    name: 'tampered payload (sub changed, signature kept)',
    reason: 'signature_invalid',
    build: () => {
      const [h, , s] = validParts();
      return `${h}.${b64u(claims({ sub: 'admin' }))}.${s}`;
    },
  },
  {
    name: 'signature of the wrong length',
    reason: 'signature_invalid',
    build: () => {
      const [h, p, s] = validParts();
      return `${h}.${p}.${s.slice(0, 40)}`;
    },
  },
  {
    name: 'an all-zero signature',
    reason: 'signature_invalid',
    build: () => {
      const [h, p] = validParts();
      return `${h}.${p}.${'A'.repeat(86)}`;
    },
  },
];

describe('GET /api/me with hostile tokens', () => {
  it('accepts the well-formed control token (so each rejection below is about its one defect)', async () => {
    const res = await getMe(fx.url, signWithRing(g, claims()));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: 'user-hand-built', iss: fx.url });
  });

  it('accepts at the boundaries just inside the tolerance', async () => {
    for (const c of [
      claims({ iat: T0 - 64, exp: T0 - 4 }),
      claims({ iat: T0 + 5, exp: T0 + 65 }),
      claims({ nbf: T0 + 5 }),
      claims({ exp: T0 + 900 }),
    ]) {
      expect((await getMe(fx.url, signWithRing(g, c))).status).toBe(200);
    }
  });

  it.each(cases)('$name → 401 $reason', async ({ build, reason }) => {
    const token = build();
    const res = await getMe(fx.url, token);
    const r = await rejection(res);
    expect(r.status).toBe(401);
    expect(r.challenge).toMatch(/^Bearer /);
    expect(r.reason).toBe(reason);
    expect(r.error).toMatch(/^invalid_(token|request)$/);
  });

  it('the oversized case really is over the limit', () => {
    expect(signWithRing(g, claims({ pad: 'x'.repeat(7000) })).length).toBeGreaterThan(8192);
  });

  it('rejects a missing or non-Bearer Authorization with 401 and a Bearer challenge', async () => {
    for (const authorization of [undefined, 'Basic Zm9vOmJhcg==', 'Bearer', 'Bearer a b', 'Bearer\u00a0x.y.z']) {
      const res = await fetch(`${fx.url}/api/me`, { headers: authorization === undefined ? {} : { authorization } });
      const r = await rejection(res);
      expect(r.status).toBe(401);
      expect(r.challenge).toMatch(/^Bearer /);
      expect(r.reason).toBe(authorization === undefined ? 'token_missing' : 'token_malformed');
    }
  });
});

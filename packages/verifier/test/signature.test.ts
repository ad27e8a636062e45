import { createSecretKey, generateKeyPairSync, sign, timingSafeEqual, type KeyObject } from 'node:crypto';
import { compactVerify, SignJWT } from 'jose';
import { describe, expect, it, vi } from 'vitest';
import { algorithmsForKey, keyFitsAlgorithm, signJws, signJwsOffThread, verifyJwsSignature } from '../src/signature.js';

// node:crypto as it is, with timingSafeEqual watched: the HMAC comparison must go through it
vi.mock('node:crypto', async (original) => {
  const crypto = await original<typeof import('node:crypto')>();
  return { ...crypto, timingSafeEqual: vi.fn(crypto.timingSafeEqual) };
});

type Alg = 'ES256' | 'ES384' | 'ES512' | 'EdDSA' | 'RS256' | 'PS256';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pairs: Record<Alg, { publicKey: KeyObject; privateKey: KeyObject }> = {
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  ES384: generateKeyPairSync('ec', { namedCurve: 'P-384' }),
  ES512: generateKeyPairSync('ec', { namedCurve: 'P-521' }),
  EdDSA: generateKeyPairSync('ed25519'),
  RS256: rsa,
  PS256: rsa,
};

const mint = (alg: Alg, key = pairs[alg].privateKey) =>
  new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg, typ: 'at+jwt', kid: 'k' }).sign(key);

describe('verifyJwsSignature', () => {
  for (const alg of Object.keys(pairs) as Alg[]) {
    it(`accepts a ${alg} signature made by jose and refuses a tampered payload`, async () => {
      const token = await mint(alg);
      expect(await verifyJwsSignature(token, alg, pairs[alg].publicKey)).toBe(true);
      const [h, p, s] = token.split('.');
      const tampered = `${h}.${Buffer.from('{"sub":"u2"}').toString('base64url')}.${s}`;
      expect(p).not.toBe(tampered.split('.')[1]);
      expect(await verifyJwsSignature(tampered, alg, pairs[alg].publicKey)).toBe(false);
    });
  }

  it('refuses a signature by another key of the same algorithm', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(await verifyJwsSignature(await mint('ES256', other.privateKey), 'ES256', pairs.ES256.publicKey)).toBe(false);
  });

  it('refuses a DER-encoded ES256 signature (RFC 7518 wants raw r||s)', async () => {
    const [h, p] = (await mint('ES256')).split('.');
    const der = sign('sha256', Buffer.from(`${h}.${p}`), pairs.ES256.privateKey);
    expect(der.length).not.toBe(64);
    expect(await verifyJwsSignature(`${h}.${p}.${der.toString('base64url')}`, 'ES256', pairs.ES256.publicKey)).toBe(
      false,
    );
  });

  it('refuses when the key does not fit the algorithm instead of throwing', async () => {
    const token = await mint('RS256');
    expect(await verifyJwsSignature(token, 'RS256', pairs.ES256.publicKey)).toBe(false);
    expect(await verifyJwsSignature(token, 'EdDSA', pairs.RS256.publicKey)).toBe(false);
  });
});

describe('algorithms a key can verify (decided by the key, never the token)', () => {
  it('binds each key type to its algorithms', () => {
    expect(algorithmsForKey(pairs.ES256.publicKey)).toEqual(['ES256']);
    expect(algorithmsForKey(pairs.ES512.publicKey)).toEqual(['ES512']);
    expect(algorithmsForKey(pairs.EdDSA.publicKey)).toEqual(['EdDSA']);
    expect(algorithmsForKey(rsa.publicKey)).toEqual(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512']);
    expect(algorithmsForKey(createSecretKey(Buffer.alloc(32)))).toEqual(['HS256', 'HS384', 'HS512']);
  });

  it('refuses RSA keys under 2048 bits and private keys for verification', () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(algorithmsForKey(small.publicKey)).toEqual([]);
    expect(keyFitsAlgorithm('ES256', pairs.ES256.privateKey)).toBe(false);
  });

  it('checks HMAC signatures in constant time and refuses a wrong length', async () => {
    const compared = vi.mocked(timingSafeEqual);
    compared.mockClear();
    const secret = createSecretKey(Buffer.from('correct horse battery staple, long enough'));
    const token = await new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg: 'HS256' }).sign(secret);
    expect(await verifyJwsSignature(token, 'HS256', secret)).toBe(true);
    // the match and the mismatch are both decided by node's constant-time comparison
    expect(compared).toHaveBeenCalledTimes(1);
    expect(await verifyJwsSignature(`${token}AAAA`, 'HS256', secret)).toBe(false);
    // a wrong length is refused before any comparison
    expect(compared).toHaveBeenCalledTimes(1);
    expect(await verifyJwsSignature(token, 'HS256', createSecretKey(Buffer.from('another secret')))).toBe(false);
    expect(compared).toHaveBeenCalledTimes(2);
    expect(compared.mock.results.map((r) => r.value)).toEqual([true, false]);
  });
});

describe('signJws and signJwsOffThread (the issuer side)', () => {
  const header = { typ: 'JWT', kid: 'k' };
  const payload = { sub: 'u1', iat: 1_800_000_000 };
  for (const alg of Object.keys(pairs) as Alg[]) {
    it(`sign ${alg} tokens that jose verifies, with the header's alg set from the argument`, async () => {
      for (const token of [
        signJws(alg, pairs[alg].privateKey, header, payload),
        await signJwsOffThread(alg, pairs[alg].privateKey, header, payload),
      ]) {
        const { protectedHeader, payload: bytes } = await compactVerify(token, pairs[alg].publicKey, {
          algorithms: [alg],
        });
        expect(protectedHeader).toEqual({ ...header, alg });
        expect(JSON.parse(Buffer.from(bytes).toString())).toEqual(payload);
        expect(await verifyJwsSignature(token, alg, pairs[alg].publicKey)).toBe(true);
      }
    });
  }

  it('make the same token on and off the event loop (RS256 signatures are deterministic)', async () => {
    expect(await signJwsOffThread('RS256', rsa.privateKey, header, payload)).toBe(
      signJws('RS256', rsa.privateKey, header, payload),
    );
  });

  it('refuse a public key or an unknown algorithm: signJws throws, signJwsOffThread rejects', async () => {
    expect(() => signJws('ES256', pairs.ES256.publicKey, header, payload)).toThrow(
      'cannot sign ES256 with a public key',
    );
    expect(() => signJws('none', pairs.ES256.privateKey, header, payload)).toThrow('cannot sign none');
    await expect(signJwsOffThread('ES256', pairs.ES256.publicKey, header, payload)).rejects.toThrow(
      'cannot sign ES256 with a public key',
    );
  });
});

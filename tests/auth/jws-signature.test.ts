import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyJwsSignature } from '../../src/main/auth/jws-signature';
import type { KeyAlgName } from '../../src/shared/settings';

const pairs: Record<KeyAlgName, { publicKey: KeyObject; privateKey: KeyObject }> = {
  ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
  EdDSA: generateKeyPairSync('ed25519'),
  RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
};

const mint = (alg: KeyAlgName, key = pairs[alg].privateKey) =>
  new SignJWT({ sub: 'u1' }).setProtectedHeader({ alg, typ: 'at+jwt', kid: 'k' }).sign(key);

describe('verifyJwsSignature', () => {
  for (const alg of Object.keys(pairs) as KeyAlgName[]) {
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
    expect(await verifyJwsSignature(`${h}.${p}.${der.toString('base64url')}`, 'ES256', pairs.ES256.publicKey)).toBe(false);
  });

  it('refuses when the key does not fit the algorithm instead of throwing', async () => {
    const token = await mint('RS256');
    expect(await verifyJwsSignature(token, 'RS256', pairs.ES256.publicKey)).toBe(false);
    expect(await verifyJwsSignature(token, 'EdDSA', pairs.RS256.publicKey)).toBe(false);
  });
});

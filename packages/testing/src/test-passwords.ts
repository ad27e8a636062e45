import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Passwords } from '../../../src/main/auth/passwords';

/**
 * The test profile of password hashing: scrypt at N=2^10, r=8, p=1 (about a millisecond, 1 MiB),
 * whatever cost the settings ask for, on Node's own thread pool. Far below what protects real
 * passwords (OWASP's minimum is N=2^17): only for the throwaway users of a test instance, so a
 * suite that signs in through the login form does not spend 100 ms per user. Hashes keep the
 * `scrypt$N$r$p$salt$hash` format, so verification reads each hash's own cost as Gatehouse does.
 */
export const TEST_SCRYPT_COST = { N: 2 ** 10, r: 8, p: 1 } as const;
const KEY_LEN = 32;

function derive(password: string, salt: Buffer, cost: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export const testPasswords: Passwords = {
  async hash(password) {
    const salt = randomBytes(16);
    const key = await derive(password, salt, TEST_SCRYPT_COST);
    const { N, r, p } = TEST_SCRYPT_COST;
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  },
  async verify(password, stored) {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64url');
    const key = await derive(password, Buffer.from(salt, 'base64url'), { N: +n, r: +r, p: +p });
    return key.length === expected.length && timingSafeEqual(key, expected);
  },
  // no bounded executor: a test instance never refuses a login as busy
  refusal: () => null,
};

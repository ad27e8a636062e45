import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string equality, for secret hashes and tokens. The length is not secret here:
 * both sides are fixed-size digests. Below every layer of src/main, so the store and the domain
 * compare the same way.
 */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

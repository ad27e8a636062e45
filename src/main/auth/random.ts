import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 128-bit random identifier, base64url (22 chars). */
export const randomId = (bytes = 16): string => randomBytes(bytes).toString('base64url');

export const sha256b64u = (value: string): string => createHash('sha256').update(value).digest('base64url');

/** Constant-time string equality (length is not secret here: both sides are fixed-size hashes). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

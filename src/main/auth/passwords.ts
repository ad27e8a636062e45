import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DEFAULT_SETTINGS, scryptCostOf, type ScryptCost } from '../../shared/settings';
import { PasswordHasher, type HashingBusyError } from './password-hasher';

/** The settings' default: OWASP's scrypt minimum (N=2^17, r=8, p=1), 128 MiB per hash. */
const DEFAULT_COST = scryptCostOf(DEFAULT_SETTINGS);
const KEY_LEN = 32;

/**
 * Every hash runs through one bounded executor (password-hasher.ts): its own worker threads, never
 * the libuv pool that verifies token signatures, and a refusal (HashingBusyError) instead of a queue
 * that grows without end. Created on first use.
 */
let hasher: PasswordHasher | undefined;

export function passwordHasher(): PasswordHasher {
  return (hasher ??= new PasswordHasher());
}

/** Replaces the executor the functions below use (tests, or a server that sizes its own); returns the previous one, not closed. */
export function setPasswordHasher(next: PasswordHasher | undefined): PasswordHasher | undefined {
  const previous = hasher;
  hasher = next;
  return previous;
}

function scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // scrypt holds 128·N·r bytes (and 128·r·p more): twice the first is room for both
  const maxmem = 256 * cost.N * cost.r;
  return passwordHasher().scrypt({ password, salt, keyLength: KEY_LEN, ...cost, maxmem });
}

/** The refusal a hash asked for now would get (see PasswordHasher.refusal), or null. */
export function hashingRefusal(): HashingBusyError | null {
  return passwordHasher().refusal();
}

/**
 * `scrypt$N$r$p$salt$hash` (base64url parts), at the given cost (the settings' scrypt cost). Rejects
 * with HashingBusyError when the executor is at capacity.
 */
export async function hashPassword(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * Verifies with the hash's own parameters, whatever the setting is now. Rejects with
 * HashingBusyError when the executor is at capacity (a refusal, not a mismatch).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * Compared against when the user does not exist, so both failures cost the same time: the same
 * parameters (the settings' cost, what new users get) and lengths as a real hash, with a random
 * key in place of a derived one (no password can match it, and no hash is spent making it, so it
 * cannot be refused or slow the first login). One per cost, made on first use.
 */
const dummyHashes = new Map<string, string>();
export function dummyPasswordHash(cost: ScryptCost = DEFAULT_COST): Promise<string> {
  const params = [cost.N, cost.r, cost.p];
  let hash = dummyHashes.get(params.join('$'));
  if (!hash) {
    hash = [
      'scrypt',
      ...params,
      randomBytes(16).toString('base64url'),
      randomBytes(KEY_LEN).toString('base64url'),
    ].join('$');
    dummyHashes.set(params.join('$'), hash);
  }
  return Promise.resolve(hash);
}

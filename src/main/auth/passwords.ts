import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DEFAULT_SETTINGS, scryptCostOf, type ScryptCost } from '../../shared/settings';
import { PasswordHasher, type HashingBusyError } from './password-hasher';

/** The settings' default: OWASP's scrypt minimum (N=2^17, r=8, p=1), 128 MiB per hash. */
const DEFAULT_COST = scryptCostOf(DEFAULT_SETTINGS);
const KEY_LEN = 32;

/**
 * The domain's password port: what logins and user changes need from hashing. The composition
 * root gives each Gatehouse one (`GatehouseOptions.passwords`); a hash may be refused with
 * HashingBusyError when the hashing is at capacity (a refusal, not a mismatch).
 */
export interface Passwords {
  /** `scrypt$N$r$p$salt$hash` (base64url parts), at the given cost (the settings' scrypt cost). */
  hash(password: string, cost?: ScryptCost): Promise<string>;
  /** Verifies with the hash's own parameters, whatever the setting is now. */
  verify(password: string, stored: string): Promise<boolean>;
  /** The refusal a hash asked for now would get, or null (see PasswordHasher.refusal). */
  refusal(): HashingBusyError | null;
}

/**
 * scrypt through one bounded executor (password-hasher.ts): its own worker threads, never the
 * libuv pool that verifies token signatures, and a refusal (HashingBusyError) instead of a queue
 * that grows without end. Instances of one process may share one executor (the live instance
 * and the demo lab's sandbox do), so the machine's cores are divided once.
 */
export class ScryptPasswords implements Passwords {
  constructor(readonly hasher: PasswordHasher = new PasswordHasher()) {}

  async hash(password: string, cost: ScryptCost = DEFAULT_COST): Promise<string> {
    const salt = randomBytes(16);
    const key = await this.scrypt(password, salt, cost);
    return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
    const expected = Buffer.from(hash, 'base64url');
    const key = await this.scrypt(password, Buffer.from(salt, 'base64url'), {
      N: Number(n),
      r: Number(r),
      p: Number(p),
    });
    return key.length === expected.length && timingSafeEqual(key, expected);
  }

  refusal(): HashingBusyError | null {
    return this.hasher.refusal();
  }

  private scrypt(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
    // scrypt holds 128·N·r bytes (and 128·r·p more): twice the first is room for both
    const maxmem = 256 * cost.N * cost.r;
    return this.hasher.scrypt({ password, salt, keyLength: KEY_LEN, ...cost, maxmem });
  }
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

import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { KeyLayout } from './keys';

const LOCK_TTL_MS = 30_000;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

/**
 * Runs `fn` while holding the deployment's init lock (SET NX PX with a random token, released
 * only by its holder). Two instances starting on an empty Redis would otherwise both create an
 * "only" active signing key, or race to create the demo users.
 */
export async function withInitLock<T>(
  redis: Redis,
  keys: KeyLayout,
  fn: () => Promise<T>,
  waitMs = 60_000,
): Promise<T> {
  const token = randomBytes(16).toString('base64url');
  const deadline = Date.now() + waitMs;
  while ((await redis.set(keys.initLock, token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') {
    if (Date.now() > deadline) throw new Error(`another instance held ${keys.initLock} for over ${waitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    return await fn();
  } finally {
    await redis.eval(RELEASE, 1, keys.initLock, token).catch(() => {});
  }
}

/**
 * Runs `fn` only if no other instance is running the job `name` (SET NX PX, released by its
 * holder); returns undefined when another instance holds it. For periodic jobs such as
 * scheduled key rotation, which must happen once per deployment, not once per instance.
 */
export async function runExclusive<T>(
  redis: Redis,
  keys: KeyLayout,
  name: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  const token = randomBytes(16).toString('base64url');
  if ((await redis.set(keys.jobLock(name), token, 'PX', LOCK_TTL_MS, 'NX')) !== 'OK') return undefined;
  try {
    return await fn();
  } finally {
    await redis.eval(RELEASE, 1, keys.jobLock(name), token).catch(() => {});
  }
}

/**
 * The issuer (`iss`) every instance of the deployment signs and accepts. An explicit one
 * (`--issuer`, the public URL behind the load balancer) is recorded for the others; without one,
 * the first instance's own URL is recorded and later instances adopt it, so tokens from any
 * instance verify on every other.
 */
export async function agreeOnIssuer(redis: Redis, keys: KeyLayout, ownUrl: string, explicit?: string): Promise<string> {
  if (explicit) {
    await redis.set(keys.issuer, explicit);
    return explicit;
  }
  await redis.set(keys.issuer, ownUrl, 'NX');
  return (await redis.get(keys.issuer)) ?? ownUrl;
}

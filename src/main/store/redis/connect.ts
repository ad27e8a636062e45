import { Redis, type RedisOptions } from 'ioredis';
import { StoreUnavailableError } from '../store';

/** How long a start waits for Redis before saying it cannot be reached. */
export const CONNECT_TIMEOUT_MS = 3000;
/** A command unanswered this long fails (a Redis host that vanished without closing the socket). */
const COMMAND_TIMEOUT_MS = 5000;

/**
 * Connection options of every Gatehouse connection, chosen so that an outage is answered at once
 * and recovered from quickly:
 * - no offline queue: a command issued while the link is down fails immediately (503 to the
 *   client) instead of waiting for a reconnect that may never come;
 * - a command in flight when the connection drops is failed, not re-sent after the reconnect: a
 *   re-sent rotation that had already run would be seen as reuse and revoke the session;
 * - reconnect attempts at most 500 ms apart, so service resumes within ~1 s of Redis returning.
 */
export const connectionOptions = (extra: RedisOptions = {}): RedisOptions => ({
  autoResendUnfulfilledCommands: false,
  enableOfflineQueue: false,
  commandTimeout: COMMAND_TIMEOUT_MS,
  connectTimeout: CONNECT_TIMEOUT_MS,
  retryStrategy: (attempt) => Math.min(50 * attempt, 500),
  ...extra,
});

/** Resolves once `redis` is ready to take commands, or rejects after `timeoutMs`. */
export function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError: Error | undefined;
    const onError = (err: Error) => (lastError = err);
    const done = (err?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const timer = setTimeout(() => done(lastError ?? new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}

/** Opens a command connection to `url` (redis://host:port[/db]); says within 3 s when Redis cannot be reached. */
export async function connectRedis(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<Redis> {
  const redis = new Redis(url, connectionOptions());
  // connection errors reach callers as rejected commands; without a listener ioredis prints each retry
  redis.on('error', () => {});
  try {
    await whenReady(redis, timeoutMs);
  } catch (err) {
    redis.disconnect();
    throw new Error(`redis at ${url} cannot be reached: ${(err as Error).message}`, { cause: err });
  }
  return redis;
}

/** Quits politely, or drops the connection when Redis is not there to answer. */
export async function quitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') return redis.disconnect();
  await redis.quit().catch(() => redis.disconnect());
}

/** Replies by which Redis refuses a command because of its own state, not the command's. */
const REFUSED = /^(OOM|READONLY|LOADING|MISCONF|MASTERDOWN|BUSY|NOREPLICAS|TRYAGAIN|CLUSTERDOWN)\b/;

/**
 * Which ioredis failures mean "Redis is out of reach", and whether the command may have run.
 * Refused before it was sent (no connection, offline queue off) or refused by Redis: not applied.
 * Lost with the connection or timed out after it was sent: the outcome is unknown.
 */
export function redisUnavailable(err: unknown): StoreUnavailableError | null {
  if (!(err instanceof Error)) return null;
  const message = err.message;
  if (err.name === 'ReplyError') {
    return REFUSED.test(message) ? new StoreUnavailableError(`Redis refused the command: ${message}`, 'not_applied', { cause: err }) : null;
  }
  if (/enableOfflineQueue|Stream isn't writeable|MaxRetriesPerRequest/i.test(message) || err.name === 'MaxRetriesPerRequestError')
    return new StoreUnavailableError(`Redis is not connected: ${message}`, 'not_applied', { cause: err });
  if (/Connection is closed|Command timed out|ECONNRESET|EPIPE|ETIMEDOUT|ECONNREFUSED|socket/i.test(message))
    return new StoreUnavailableError(`Redis connection lost: ${message}`, 'unknown', { cause: err });
  return null;
}

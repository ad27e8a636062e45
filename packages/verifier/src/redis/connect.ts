import { Redis, type RedisOptions } from 'ioredis';

/** How long one connection attempt may take before ioredis gives it up and retries. */
const CONNECT_TIMEOUT_MS = 2000;
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

/**
 * How long a start waits for Redis to answer (ioredis alone retries for ~11 s first): short
 * enough that, with the process's own start, an operator hears of a dead Redis within 3 s.
 */
export const CONNECT_CHECK_MS = 2000;

/** A Redis URL fit for a log line: any password replaced. */
export const redactRedisUrl = (url: string): string => url.replace(/^(rediss?:\/\/)[^@/]*@/, '$1***@');

/** Connection errors that retrying within the check would not change: nothing listens there, no such host. */
const DEFINITE = new Set(['ECONNREFUSED', 'ENOTFOUND']);

/**
 * Resolves once `redis` is ready to take commands (with the offline queue off, nothing may be sent
 * before); rejects at once on a refused connection or an unknown host, else after `timeoutMs`.
 */
export function whenReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError: Error | undefined;
    const done = (err?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      redis.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onReady = () => done();
    const onError = (err: NodeJS.ErrnoException) => {
      lastError = err;
      if (DEFINITE.has(err.code ?? '')) done(err);
    };
    const timer = setTimeout(
      () => done(new Error(`no answer within ${timeoutMs / 1000} s${lastError ? ` (${lastError.message})` : ''}`)),
      timeoutMs,
    );
    redis.on('ready', onReady);
    redis.on('error', onError);
  });
}

/**
 * Opens a command connection to `url` (redis://host:port[/db]) and waits until Redis answers: a
 * refused connection or unknown host fails at once, anything else (a host that drops packets, a
 * Redis that hangs) after `checkMs`. The connection is then dropped, so the process can exit, and
 * the error names the URL (password hidden) and why.
 */
export async function connectRedis(url: string, checkMs = CONNECT_CHECK_MS): Promise<Redis> {
  const redis = new Redis(url, connectionOptions());
  // connection errors reach callers as rejected commands; without a listener ioredis prints each retry
  redis.on('error', () => {});
  try {
    await whenReady(redis, checkMs);
  } catch (err) {
    redis.disconnect();
    throw new Error(`redis at ${redactRedisUrl(url)} does not answer: ${(err as Error).message}`, { cause: err });
  }
  return redis;
}

/** Quits politely, or drops the connection when Redis is not there to answer. */
export async function quitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') return redis.disconnect();
  await redis.quit().catch(() => redis.disconnect());
}

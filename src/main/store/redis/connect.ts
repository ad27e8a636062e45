import { Redis, type RedisOptions } from 'ioredis';

/**
 * Connection options of every Gatehouse connection. A command in flight when the connection
 * drops is failed, not re-sent after the reconnect: a re-sent rotation that had already run
 * would be seen as reuse and revoke the session.
 */
export const connectionOptions = (extra: RedisOptions = {}): RedisOptions => ({ autoResendUnfulfilledCommands: false, ...extra });

/**
 * How long a start waits for Redis to answer (ioredis alone retries for ~11 s first): short
 * enough that, with the process's own start, an operator hears of a dead Redis within 3 s.
 */
export const CONNECT_CHECK_MS = 2000;

/** Connection errors that retrying within the check would not change: nothing listens there, no such host. */
const DEFINITE = new Set(['ECONNREFUSED', 'ENOTFOUND']);

/**
 * Opens a command connection to `url` (redis://host:port[/db]) and checks that Redis answers:
 * a refused connection or unknown host fails at once, anything else (a host that drops packets,
 * a Redis that hangs) after `checkMs`. The connection is then dropped, so the process can exit,
 * and the error names the URL (password hidden) and why.
 */
export async function connectRedis(url: string, checkMs = CONNECT_CHECK_MS): Promise<Redis> {
  const redis = new Redis(url, connectionOptions());
  let timer: NodeJS.Timeout | undefined;
  let lastError: Error | undefined;
  const failed = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${checkMs / 1000} s${lastError ? ` (${lastError.message})` : ''}`)), checkMs);
    // connection errors reach callers as rejected commands; without a listener ioredis prints each retry
    redis.on('error', (err: NodeJS.ErrnoException) => {
      lastError = err;
      if (DEFINITE.has(err.code ?? '')) reject(err);
    });
  });
  try {
    await Promise.race([redis.ping(), failed]);
  } catch (err) {
    redis.disconnect();
    throw new Error(`redis at ${url.replace(/^(rediss?:\/\/)[^@/]*@/, '$1***@')} does not answer: ${(err as Error).message}`, { cause: err });
  } finally {
    clearTimeout(timer);
  }
  return redis;
}

/** Quits politely, or drops the connection when Redis is not there to answer. */
export async function quitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  await redis.quit().catch(() => redis.disconnect());
}

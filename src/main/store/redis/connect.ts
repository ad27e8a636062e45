import { Redis, type RedisOptions } from 'ioredis';

/**
 * Connection options of every Gatehouse connection. A command in flight when the connection
 * drops is failed, not re-sent after the reconnect: a re-sent rotation that had already run
 * would be seen as reuse and revoke the session.
 */
export const connectionOptions = (extra: RedisOptions = {}): RedisOptions => ({ autoResendUnfulfilledCommands: false, ...extra });

/** Opens a command connection to `url` (redis://host:port[/db]) and checks that Redis answers. */
export async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, connectionOptions());
  // connection errors reach callers as rejected commands; without a listener ioredis prints each retry
  redis.on('error', () => {});
  try {
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    throw new Error(`redis at ${url} does not answer: ${(err as Error).message}`, { cause: err });
  }
  return redis;
}

/** Quits politely, or drops the connection when Redis is not there to answer. */
export async function quitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  await redis.quit().catch(() => redis.disconnect());
}

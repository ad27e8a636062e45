import type { Redis } from 'ioredis';
import { Denylist } from '../denylist.js';
import { parseEnvelope, type ClusterMessage } from '../feed.js';
import type { RevocationSource } from '../revocation-source.js';
import { connectRedis, quitRedis } from './connect.js';
import { FeedSubscriber } from './feed-subscriber.js';
import { DEFAULT_PREFIX, readWithdrawnKids, scanDenylistEntries, sharedKeys } from './layout.js';

export interface RedisRevocationsOptions {
  /** The Redis of the Gatehouse deployment (redis://host:port[/db]); read-only use. */
  url: string;
  /** The deployment's key prefix (default `gatehouse:`). */
  prefix?: string;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** How long `open` waits for the first load (default 10 s). */
  startTimeoutMs?: number;
  /** Unix seconds, for pruning entries whose tokens have all expired. */
  now?: () => number;
}

/**
 * Revocations for a resource server, straight from a Gatehouse deployment's Redis, read only
 * through its public surface (layout.ts): subscribes to the instances' feed channel, then loads
 * the denylist and the withdrawn kids, and keeps them current from the feed. Like the instances,
 * it is `current()` only while subscribed and resynced (see FeedSubscriber), so a lost link fails
 * closed.
 */
export async function openRedisRevocations(opts: RedisRevocationsOptions): Promise<RevocationSource> {
  const keys = sharedKeys(opts.prefix ?? DEFAULT_PREFIX);
  const redis: Redis = await connectRedis(opts.url);
  const denylist = new Denylist();
  let withdrawnKids = new Set<string>();
  const listeners = new Set<() => void>();
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));

  const notifyKeys = () => {
    for (const listener of listeners) listener();
  };
  const apply = (message: ClusterMessage) => {
    if (message.type === 'denylist.added') denylist.apply(message.entry);
    else if (message.type === 'denylist.removed') denylist.forget(message.kind, message.subject);
    else if (message.type === 'keys.changed') {
      void readWithdrawnKids(redis, keys)
        .then(
          (kids) => (withdrawnKids = kids),
          () => {},
        )
        .finally(notifyKeys);
    }
  };

  const subscriber = new FeedSubscriber({
    url: opts.url,
    channel: keys.feed,
    heartbeatMs: opts.heartbeatMs,
    heartbeatTimeoutMs: opts.heartbeatTimeoutMs,
    onMessage: (raw) => {
      const env = parseEnvelope(raw);
      if (env) apply(env.message);
    },
    async resync() {
      const fresh = new Denylist();
      const [kids] = await Promise.all([
        readWithdrawnKids(redis, keys),
        scanDenylistEntries(redis, keys, now(), (kind, subject, value, pruneAfter) =>
          fresh.apply({ kind, subject, value, pruneAfter }),
        ),
      ]);
      denylist.replaceWith(fresh);
      withdrawnKids = kids;
      notifyKeys();
    },
  });
  const pruner = setInterval(() => denylist.prune(now()), 60_000);
  pruner.unref();
  try {
    await subscriber.start(opts.startTimeoutMs);
  } catch (err) {
    clearInterval(pruner);
    await subscriber.close();
    await quitRedis(redis);
    throw err;
  }

  return {
    current: () => subscriber.healthy(),
    isJtiRevoked: denylist.isJtiRevoked,
    isSessionRevoked: denylist.isSessionRevoked,
    minVersion: denylist.minVersion,
    minClientVersion: denylist.minClientVersion,
    isKidRevoked: (kid) => withdrawnKids.has(kid),
    onKeysChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      clearInterval(pruner);
      await subscriber.close();
      await quitRedis(redis);
    },
  };
}

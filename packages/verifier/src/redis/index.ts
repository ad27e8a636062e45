/**
 * `@gatehouse/verifier/redis`: the revocation feed of a Gatehouse deployment on Redis, and the
 * parts of its Redis layout that are public (needs the optional peer dependency `ioredis`).
 */
export { openRedisRevocations, type RedisRevocationsOptions } from './revocations.js';
export { connectionOptions, connectRedis, CONNECT_CHECK_MS, quitRedis, redactRedisUrl, whenReady } from './connect.js';
export { FeedSubscriber, type FeedSubscriberOptions } from './feed-subscriber.js';
export {
  DEFAULT_PREFIX,
  denylistField,
  parseDenylistEntry,
  readWithdrawnKids,
  scanDenylistEntries,
  sharedKeys,
  type SharedKeys,
} from './layout.js';

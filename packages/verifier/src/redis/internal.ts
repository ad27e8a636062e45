/**
 * `@gatehouse/verifier/internal/redis`: NOT PUBLIC. The Redis connection helpers, the feed
 * subscriber and the shared key layout Gatehouse's Redis store writes through; they change with
 * Gatehouse. The keys themselves (layout.ts) are what readers outside Gatehouse may rely on.
 */
export * from './index.js';
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

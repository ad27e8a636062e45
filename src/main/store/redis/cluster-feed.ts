import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { parseEnvelope, type FeedEnvelope } from '@gatehouse/verifier/internal';
import { connectionOptions, FeedSubscriber, quitRedis, whenReady } from '@gatehouse/verifier/internal/redis';
import type { ClusterFeed, ClusterHandlers, ClusterMessage } from '../../auth/cluster-feed';
import { runExclusive } from './deployment';
import { DEFAULT_PREFIX, keyLayout, type KeyLayout } from './keys';

export interface RedisClusterFeedOptions {
  url: string;
  prefix?: string;
  /** Tags this instance's messages so it ignores its own (default: 64 random bits). */
  instanceId?: string;
  heartbeatMs?: number;
  heartbeatTimeoutMs?: number;
  /** How long `start` waits for the first subscribe + resync (default 10 s). */
  startTimeoutMs?: number;
}

/**
 * Revocation propagation over Redis pub/sub, with a full rebuild from the store on every
 * (re)connect. Why pub/sub and not Streams: the store already holds the whole state (revocation
 * entries, keys, settings) and the in-memory sets are small by design (entries live only as long
 * as the tokens they affect), so rebuilding is cheap and is needed at start anyway. Pub/sub
 * pushes a message to every subscriber at once with no per-instance read loop, no consumer
 * state and no stream to trim; Streams' one advantage, catching up after a short gap, would
 * still need the rebuild whenever the gap outran the trimmed stream, and would add the subtle
 * case of replaying stale entries over newer state. The price of fire-and-forget is handled by
 * FeedSubscriber: health is false from the first sign of a lost link until subscribe + resync
 * complete, and the verifier fails closed meanwhile.
 *
 * A publish is made after the store write it describes, so a subscriber that resyncs after
 * subscribing can miss nothing. The publisher uses its own connection, so publishing never
 * waits behind the subscriber's reconnects.
 */
export class RedisClusterFeed implements ClusterFeed {
  readonly instanceId: string;
  private readonly channel: string;
  private readonly keys: KeyLayout;
  private readonly publisher: Redis;
  private subscriber: FeedSubscriber | undefined;

  constructor(private readonly opts: RedisClusterFeedOptions) {
    this.instanceId = opts.instanceId ?? randomBytes(8).toString('base64url');
    this.keys = keyLayout(opts.prefix ?? DEFAULT_PREFIX);
    this.channel = this.keys.feed;
    // open from the start: the domain publishes while it loads, before `start` (e.g. a new key)
    this.publisher = new Redis(opts.url, connectionOptions());
    this.publisher.on('error', () => {}); // reconnects on its own; a failed publish rejects to its caller
  }

  async start(handlers: ClusterHandlers): Promise<void> {
    this.subscriber = new FeedSubscriber({
      url: this.opts.url,
      channel: this.channel,
      heartbeatMs: this.opts.heartbeatMs,
      heartbeatTimeoutMs: this.opts.heartbeatTimeoutMs,
      resync: () => handlers.resync(),
      onMessage: (raw) => {
        const env = parseEnvelope(raw);
        if (env && env.origin !== this.instanceId) handlers.receive(env.message);
      },
    });
    await this.subscriber.start(this.opts.startTimeoutMs);
  }

  async publish(message: ClusterMessage): Promise<void> {
    // the first publishes come while the domain loads, possibly before the connection is up
    if (this.publisher.status !== 'ready') await whenReady(this.publisher, 1000);
    const envelope: FeedEnvelope = { v: 1, origin: this.instanceId, message };
    await this.publisher.publish(this.channel, JSON.stringify(envelope));
  }

  healthy(): boolean {
    return this.subscriber?.healthy() ?? false;
  }

  exclusive<T>(job: string, fn: () => Promise<T>): Promise<T | undefined> {
    return runExclusive(this.publisher, this.keys, job, fn);
  }

  async close(): Promise<void> {
    await this.subscriber?.close();
    await quitRedis(this.publisher);
  }
}

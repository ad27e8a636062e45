import { Redis } from 'ioredis';
import { connectionOptions } from './connect.js';

export interface FeedSubscriberOptions {
  url: string;
  channel: string;
  /** A message, delivered in order, never while a resync is running (queued until it ends). */
  onMessage(raw: string): void;
  /** Rebuilds the subscriber's state from the store; called after every (re)subscribe. */
  resync(): Promise<void>;
  /** PING on the subscriber connection this often, so a silently dead link is noticed (default 1 s). */
  heartbeatMs?: number;
  /** A PING unanswered this long counts as a lost connection (default 3 s). */
  heartbeatTimeoutMs?: number;
}

/**
 * One pub/sub subscription with an honest health flag, shared by the instances' cluster feed and
 * the resource-server verifier. Pub/sub is fire-and-forget: whatever was published while the link
 * was down is gone, so health drops the moment ioredis reports the link closing or reconnecting
 * (or a heartbeat goes unanswered), and returns only after subscribe → resync from the store →
 * delivery of the messages that arrived during the resync. Subscribing before reading the store
 * means nothing published in between is lost; replaying those messages after the read means a
 * removal cannot be undone by a stale read.
 */
export class FeedSubscriber {
  private readonly sub: Redis;
  private isHealthy = false;
  /** Bumped on every connection change, so a resync of an older connection cannot declare health. */
  private epoch = 0;
  private queue: string[] | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(private readonly opts: FeedSubscriberOptions) {
    // resubscribing is done here, in order with the resync, not by ioredis behind our back
    this.sub = new Redis(
      opts.url,
      connectionOptions({ lazyConnect: true, autoResubscribe: false, maxRetriesPerRequest: null }),
    );
    this.sub.on('ready', () => void this.sync(++this.epoch));
    for (const event of ['close', 'end', 'reconnecting', 'error'] as const) this.sub.on(event, () => this.markDown());
    this.sub.on('message', (channel: string, raw: string) => {
      if (channel !== opts.channel) return;
      if (this.queue) this.queue.push(raw);
      else if (this.isHealthy) opts.onMessage(raw);
    });
  }

  healthy(): boolean {
    return this.isHealthy;
  }

  /** Connects; resolves once healthy, or rejects after `timeoutMs` (it keeps trying in the background). */
  async start(timeoutMs = 10_000): Promise<void> {
    this.sub.connect().catch(() => {}); // failures surface as events and retries
    const hb = this.opts.heartbeatMs ?? 1000;
    this.heartbeat = setInterval(() => void this.checkHeartbeat(), hb);
    this.heartbeat.unref();
    await this.whenHealthy(timeoutMs);
  }

  whenHealthy(timeoutMs: number): Promise<void> {
    if (this.isHealthy) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(done);
        reject(new Error(`the revocation feed on ${this.opts.channel} did not become healthy within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.markDown();
    await this.sub.quit().catch(() => this.sub.disconnect());
  }

  private markDown(): void {
    this.epoch++;
    this.isHealthy = false;
    this.queue = null;
  }

  private async sync(epoch: number): Promise<void> {
    this.queue = [];
    try {
      await this.sub.subscribe(this.opts.channel);
      for (;;) {
        if (epoch !== this.epoch || this.closed) return;
        try {
          await this.opts.resync();
          break;
        } catch (err) {
          console.error(`resync after connecting to ${this.opts.channel} failed; retrying:`, (err as Error).message);
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    } catch {
      return; // the subscribe failed: the connection is going down and a new 'ready' will follow
    }
    if (epoch !== this.epoch || this.closed) return;
    const pending = this.queue ?? [];
    this.queue = null;
    for (const raw of pending) this.opts.onMessage(raw);
    this.isHealthy = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  private async checkHeartbeat(): Promise<void> {
    if (this.sub.status !== 'ready' || this.closed) return;
    const epoch = this.epoch;
    const timeout = new Promise<'timeout'>((r) =>
      setTimeout(() => r('timeout'), this.opts.heartbeatTimeoutMs ?? 3000).unref(),
    );
    const answer = await Promise.race([this.sub.ping().catch(() => 'error' as const), timeout]);
    if ((answer === 'timeout' || answer === 'error') && epoch === this.epoch && !this.closed) {
      this.markDown();
      this.sub.disconnect(true); // reconnect: 'ready' then brings a fresh subscribe and resync
    }
  }
}

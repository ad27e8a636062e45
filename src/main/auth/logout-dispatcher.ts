import type { LogoutAttemptResult, LogoutDeliveryRecord, Store } from '../store/store';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import type { EventBus } from './event-bus';
import type { LogoutTokenIssuer } from './logout-tokens';

export interface LogoutDispatcherOptions {
  /** How long a client has to answer one POST. */
  timeoutMs?: number;
  /** POSTs in flight at once, across every client. */
  concurrency?: number;
  /** Seconds to wait after the n-th failed attempt; its length + 1 is the number of attempts. */
  backoff?: readonly number[];
  /** How often due retries (and deliveries of sessions that ended without an event here) are looked for, in ms. */
  pollMs?: number;
}

/** After 1 s, 5 s, 30 s, 2 min and 10 min: six attempts over ~13 minutes, then `failed`. */
export const DEFAULT_BACKOFF = [1, 5, 30, 120, 600] as const;
const DEFAULT_TIMEOUT_MS = 5000;
/** Longer than an attempt can take: a claimer that died mid-attempt leaves it due again after this. */
const LEASE_S = 30;
const MAX_ERROR = 300;

/**
 * Sends back-channel logout tokens (OpenID Connect Back-Channel Logout 1.0) for the deliveries the
 * store created when sessions ended. Off the request path: a revocation never waits for an app.
 * A session end kicks it at once (the bus's `session.revoked` and `session.expired`); a poll picks
 * up retries when they fall due and whatever another instance or a crash left. Deliveries are
 * claimed with a lease in the store, so instances sharing a store never send one twice at once,
 * and their state (attempts, last error, latency) survives a restart.
 */
export class LogoutDispatcher {
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly backoff: readonly number[];
  private readonly pollMs: number;
  private readonly inFlight = new Set<Promise<void>>();
  private filling: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tokens: LogoutTokenIssuer,
    private readonly bus: EventBus,
    private readonly audit: AuditLog,
    opts: LogoutDispatcherOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.concurrency = opts.concurrency ?? 8;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.pollMs = opts.pollMs ?? 1000;
    this.unsubscribe = bus.subscribe((event) => {
      if (event.type === 'session.revoked' || event.type === 'session.expired') this.kick();
    });
  }

  /** Polls for due deliveries every `pollMs` of real time until `close`. */
  start(): void {
    this.timer ??= setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
  }

  /** Claims and sends whatever is due, now (never throws; a failure is logged and retried by the poll). */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.filling) {
      this.again = true;
      return this.filling;
    }
    this.filling = this.fill().finally(() => (this.filling = undefined));
    return this.filling;
  }

  /** Waits until nothing is due or in flight (tests and shutdown). */
  async settle(): Promise<void> {
    while (this.filling || this.inFlight.size) await Promise.all([this.filling, ...this.inFlight]);
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.unsubscribe();
    // what is in flight finishes (bounded by the timeout); what was claimed and not sent is due again after its lease
    await Promise.allSettled([this.filling, ...this.inFlight]);
  }

  private async fill(): Promise<void> {
    try {
      do {
        this.again = false;
        const room = this.concurrency - this.inFlight.size;
        if (room <= 0) return;
        const now = this.clock.now();
        const claimed = await this.store.claimLogoutDeliveries(now, room, now + LEASE_S);
        for (const delivery of claimed) {
          const sending: Promise<void> = this.deliver(delivery).finally(() => {
            this.inFlight.delete(sending);
            if (!this.stopped) void this.kick();
          });
          this.inFlight.add(sending);
        }
        if (claimed.length === room) this.again = true;
      } while (this.again && !this.stopped);
    } catch (err) {
      console.error('back-channel logout: claiming deliveries failed:', err);
    }
  }

  /** One attempt: the POST (§2.5: form-encoded `logout_token`), then its result recorded. */
  private async deliver(d: LogoutDeliveryRecord): Promise<void> {
    let error: string | null = null;
    const started = performance.now();
    try {
      const logoutToken = this.tokens.issue({ userId: d.userId, sessionId: d.sessionId, clientId: d.clientId });
      const res = await fetch(d.uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
        body: new URLSearchParams({ logout_token: logoutToken }).toString(),
        // §2.5: the answer is the receiver's own; a redirect is not followed
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const body = await res.text().catch(() => '');
      if (res.status < 200 || res.status > 299) error = `HTTP ${res.status}${body ? `: ${body.trim()}` : ''}`;
    } catch (err) {
      const e = err as Error;
      error = e.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : describeFetchError(e);
    }
    const latencyMs = Math.round(performance.now() - started);
    await this.record(d, error === null ? null : error.slice(0, MAX_ERROR), latencyMs);
  }

  private async record(d: LogoutDeliveryRecord, error: string | null, latencyMs: number): Promise<void> {
    const now = this.clock.now();
    const attempts = d.attempts + 1;
    const wait = this.backoff[attempts - 1];
    const result: LogoutAttemptResult =
      error === null
        ? { status: 'delivered', nextAttemptAt: now, lastAttemptAt: now, lastError: null, latencyMs, deliveredAt: now }
        : wait === undefined
          ? { status: 'failed', nextAttemptAt: now, lastAttemptAt: now, lastError: error, latencyMs, deliveredAt: null }
          : {
              status: 'pending',
              nextAttemptAt: now + wait,
              lastAttemptAt: now,
              lastError: error,
              latencyMs,
              deliveredAt: null,
            };
    try {
      await this.store.finishLogoutAttempt(d.id, result);
    } catch (err) {
      // the lease runs out and the delivery is tried again: a duplicate logout token is harmless
      console.error('back-channel logout: recording an attempt failed:', err);
      return;
    }
    this.bus.emit({
      type: 'logout.delivery',
      at: now,
      deliveryId: d.id,
      sessionId: d.sessionId,
      clientId: d.clientId,
      status: result.status,
    });
    if (result.status !== 'pending' || attempts === 1)
      await this.audit
        .record(`logout.${result.status === 'pending' ? 'retrying' : result.status}`, 'system', d.sessionId, {
          clientId: d.clientId,
          attempts,
          latencyMs,
          ...(error === null ? {} : { error: result.lastError }),
        })
        .catch(() => {});
  }
}

/** fetch's TypeError says only "fetch failed"; its cause says why (ECONNREFUSED, a DNS failure…). */
function describeFetchError(err: Error): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? err.message;
}

import type { LogoutDeliveryRecord, Store } from '../store/store';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import type { EventBus } from './event-bus';
import { attemptResult, describeFetchError } from './logout-attempt';
import type { LogoutTokenIssuer } from './logout-tokens';

export interface LogoutDispatcherOptions {
  /** How long a client has to answer one POST. */
  timeoutMs?: number;
  /** POSTs in flight at once to one client: all that a client that hangs can hold. */
  perClient?: number;
  /** Seconds to wait after the n-th failed attempt; its length + 1 is the number of attempts. */
  backoff?: readonly number[];
  /** How often due retries (and deliveries of sessions that ended without an event here) are looked for, in ms. */
  pollMs?: number;
  /** The HTTP client (tests hold and count the POSTs). */
  fetch?: typeof fetch;
}

/**
 * After 1 s, 5 s, 30 s, 2 min and 10 min: six attempts over ~13 minutes, then `failed`. Never
 * sooner: the store keeps whole seconds, so a retry falls due in the second after its wait ends.
 */
export const DEFAULT_BACKOFF = [1, 5, 30, 120, 600] as const;
const DEFAULT_TIMEOUT_MS = 5000;
/** Longer than an attempt can take: a claimer that died mid-attempt leaves it due again after this. */
const LEASE_S = 30;
const MAX_ERROR = 300;
/** Deliveries held at once (queued or in flight), across every client: bounds memory, not slots. */
const MAX_HELD = 1000;

export interface LogoutDispatcherDeps {
  store: Store;
  clock: Clock;
  /** Signs the logout tokens. */
  tokens: LogoutTokenIssuer;
  bus: EventBus;
  audit: AuditLog;
}

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
  private readonly perClient: number;
  /** A client's share of claims: what its queue sends within the lease (see `constructor`). */
  private readonly heldPerClient: number;
  private readonly backoff: readonly number[];
  private readonly pollMs: number;
  private readonly fetch: typeof fetch;
  /** Claimed and not yet sent, per client: one client's backlog waits in its own queue. */
  private readonly queues = new Map<string, LogoutDeliveryRecord[]>();
  private readonly sending = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private filling: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  /** Wakes the dispatcher when the soonest retry falls due, rather than at the poll after it. */
  private wake: { at: number; timer: NodeJS.Timeout } | undefined;
  private stopped = false;
  private readonly unsubscribe: () => void;

  private readonly store: Store;
  private readonly clock: Clock;
  private readonly tokens: LogoutTokenIssuer;
  private readonly bus: EventBus;
  private readonly audit: AuditLog;

  constructor(deps: LogoutDispatcherDeps, opts: LogoutDispatcherOptions = {}) {
    ({ store: this.store, clock: this.clock, tokens: this.tokens, bus: this.bus, audit: this.audit } = deps);
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.perClient = opts.perClient ?? 2;
    // a queued delivery starts within (heldPerClient / perClient - 1) timeouts and ends one later:
    // before its lease runs out, so no other instance claims it meanwhile
    this.heldPerClient = this.perClient * Math.max(1, Math.floor((LEASE_S * 1000) / this.timeoutMs) - 1);
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.pollMs = opts.pollMs ?? 1000;
    this.fetch = opts.fetch ?? fetch;
    this.unsubscribe = this.bus.subscribe((event) => {
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
    clearTimeout(this.wake?.timer);
    this.unsubscribe();
    // what is in flight finishes (bounded by the timeout); what was claimed and not sent is due again after its lease
    await Promise.allSettled([this.filling, ...this.inFlight]);
  }

  private async fill(): Promise<void> {
    try {
      do {
        this.again = false;
        const held = this.heldByClient();
        const room = MAX_HELD - [...held.values()].reduce((a, b) => a + b, 0);
        if (room <= 0) return;
        const now = this.clock.now();
        // each client gets its share at most: a backlog of one never takes another's place
        const share = { max: this.heldPerClient, held };
        const claimed = await this.store.claimLogoutDeliveries(now, room, now + LEASE_S, share);
        for (const delivery of claimed) {
          const queue = this.queues.get(delivery.clientId);
          if (queue) queue.push(delivery);
          else this.queues.set(delivery.clientId, [delivery]);
        }
        for (const clientId of new Set(claimed.map((d) => d.clientId))) this.pump(clientId);
        if (claimed.length === room) this.again = true;
      } while (this.again && !this.stopped);
    } catch (err) {
      console.error('back-channel logout: claiming deliveries failed:', err);
    }
  }

  /** A kick once the clock reaches `at` (whole seconds: `now` is the second the wait began in). */
  private wakeAt(at: number): void {
    if (this.stopped || (this.wake && this.wake.at <= at)) return;
    clearTimeout(this.wake?.timer);
    const timer = setTimeout(
      () => {
        this.wake = undefined;
        void this.kick();
      },
      (at - this.clock.now()) * 1000,
    );
    timer.unref();
    this.wake = { at, timer };
  }

  private heldByClient(): Map<string, number> {
    const held = new Map<string, number>();
    for (const [clientId, queue] of this.queues) held.set(clientId, queue.length);
    for (const [clientId, n] of this.sending) held.set(clientId, (held.get(clientId) ?? 0) + n);
    return held;
  }

  /** Starts the client's queued deliveries while it has fewer than `perClient` in flight. */
  private pump(clientId: string): void {
    const queue = this.queues.get(clientId) ?? [];
    while (!this.stopped && queue.length && (this.sending.get(clientId) ?? 0) < this.perClient) {
      const delivery = queue.shift()!;
      this.sending.set(clientId, (this.sending.get(clientId) ?? 0) + 1);
      const sent: Promise<void> = this.deliver(delivery).finally(() => {
        this.inFlight.delete(sent);
        const left = (this.sending.get(clientId) ?? 1) - 1;
        if (left > 0) this.sending.set(clientId, left);
        else this.sending.delete(clientId);
        this.pump(clientId);
        if (!this.stopped) void this.kick();
      });
      this.inFlight.add(sent);
    }
    if (!queue.length) this.queues.delete(clientId);
  }

  /** One attempt: the POST (§2.5: form-encoded `logout_token`), then its result recorded. */
  private async deliver(d: LogoutDeliveryRecord): Promise<void> {
    let error: string | null = null;
    const started = performance.now();
    try {
      // signed as the client's id_tokens are, so the app checks both with one algorithm
      const alg = (await this.store.getClient(d.clientId))?.idTokenSignedResponseAlg;
      const logoutToken = await this.tokens.issue(
        { userId: d.userId, sessionId: d.sessionId, clientId: d.clientId },
        alg,
      );
      const res = await this.fetch(d.uri, {
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
    const result = attemptResult(now, attempts, this.backoff, error, latencyMs);
    try {
      await this.store.finishLogoutAttempt(d.id, result);
    } catch (err) {
      // the lease runs out and the delivery is tried again: a duplicate logout token is harmless
      console.error('back-channel logout: recording an attempt failed:', err);
      return;
    }
    if (result.status === 'pending') this.wakeAt(result.nextAttemptAt);
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

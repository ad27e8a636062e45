import type { ClientAuthMethod, ClientRecord, LoginAttempt, Store } from '../store/store';
import type { AuditLog } from './audit';
import type { ClientService } from './clients';
import type { Clock } from './clock';
import { randomId } from './random';
import { RateLimitedAudit } from './rate-limited-audit';

/** What a request presented: a client id, its secret (null for a public client), and the method used. */
export interface ClientCredentials {
  id: string;
  secret: string | null;
  method: ClientAuthMethod;
}

export type ClientAuthResult =
  | { ok: true; client: ClientRecord }
  | { ok: false; retryAfter: null }
  /** Past the limit: nothing was checked; try again in `retryAfter` seconds. */
  | { ok: false; retryAfter: number };

/** Longest key stored, so a flood of huge client ids cannot bloat the store. */
const MAX_KEY = 200;
/** Failures allowed per client id and per address within the window, as a multiple of the login limit. */
const LIMIT_FACTOR = 4;

/**
 * Client authentication at the token, introspection and revocation endpoints, throttled and
 * audited. Failures are counted per client id and per address **in the store** (the login
 * throttle's attempt reservation, under keys of their own), so every instance shares the count: at
 * most 4 × `loginMaxFailures` within `loginWindow` for each (20 in 15 min by default). The counts
 * are read first: past the limit nothing is checked. A secret is a SHA-256 compare, cheap enough to
 * check before counting, so a success writes nothing; a failure is counted after its check (on
 * Redis, guesses already in flight when the limit is reached are still checked). Each failure is
 * audited as `client.auth_failed`, rate-limited ({@link RateLimitedAudit}) so a flood writes a
 * bounded number of entries.
 */
export class ClientAuthentication {
  private readonly failures: RateLimitedAudit;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly clients: ClientService,
    audit: AuditLog,
    private readonly limits: () => { maxFailures: number; window: number },
  ) {
    this.failures = new RateLimitedAudit(audit, clock);
  }

  /** `credentials` null: the request carried them malformed (two methods at once, a bad Basic header). */
  async authenticate(credentials: ClientCredentials | null, ip: string): Promise<ClientAuthResult> {
    const keys = [`client-ip:${ip}`.slice(0, MAX_KEY)];
    if (credentials) keys.push(`client:${credentials.id}`.slice(0, MAX_KEY));
    // past the limit nothing is checked, not even the right secret, so a guess learns nothing
    const wait = await this.store.loginAttemptsWait(this.attempt(keys));
    if (wait > 0) return this.refused(credentials, ip, Math.max(wait, 1));
    const client = credentials ? await this.clients.authenticate(credentials) : null;
    // a success writes nothing: a client's every token request must not cost store writes
    if (client) return { ok: true, client };
    const counted = await this.store.reserveLoginAttempt({ id: randomId(12), ...this.attempt(keys) });
    if (!counted.ok) return this.refused(credentials, ip, Math.max(counted.retryAfter, 1));
    await this.audited(credentials, ip, false);
    return { ok: false, retryAfter: null };
  }

  private attempt(keys: string[]): Omit<LoginAttempt, 'id'> {
    const { maxFailures, window } = this.limits();
    return { now: this.clock.now(), window, keys: keys.map((key) => ({ key, limit: maxFailures * LIMIT_FACTOR })) };
  }

  private async refused(
    credentials: ClientCredentials | null,
    ip: string,
    retryAfter: number,
  ): Promise<ClientAuthResult> {
    await this.audited(credentials, ip, true);
    return { ok: false, retryAfter };
  }

  private audited(credentials: ClientCredentials | null, ip: string, throttled: boolean): Promise<void> {
    const subject = credentials ? credentials.id.slice(0, 64) : '(malformed credentials)';
    return this.failures.record(`${subject}\n${ip}`, 'client.auth_failed', 'anonymous', subject, {
      ip,
      method: credentials?.method ?? null,
      throttled,
    });
  }
}

import type { ClientAuthMethod, ClientRecord, Store } from '../store/store';
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
 * most 4 × `loginMaxFailures` within `loginWindow` for each (20 in 15 min by default). A secret is
 * checked only after its attempt is reserved, atomically, so of N concurrent guesses at most the
 * limit are tried; a success takes its reservation back. Each failure is audited as
 * `client.auth_failed`, rate-limited ({@link RateLimitedAudit}) so a flood writes a bounded
 * number of entries.
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
    // a secret is a guess until checked: reserved first; without one nothing is guessed, and a failure is counted after
    const guess = credentials?.secret != null;
    let reservation = guess ? await this.reserve(keys) : null;
    if (reservation && 'retryAfter' in reservation) return this.refused(credentials, ip, reservation.retryAfter);
    const client = credentials ? await this.clients.authenticate(credentials) : null;
    if (client) {
      if (reservation) await this.store.releaseLoginAttempt(reservation.id, keys);
      return { ok: true, client };
    }
    reservation ??= await this.reserve(keys);
    if ('retryAfter' in reservation) return this.refused(credentials, ip, reservation.retryAfter);
    await this.audited(credentials, ip, false);
    return { ok: false, retryAfter: null };
  }

  private async reserve(keys: string[]): Promise<{ id: string } | { retryAfter: number }> {
    const { maxFailures, window } = this.limits();
    const id = randomId(12);
    const outcome = await this.store.reserveLoginAttempt({
      id,
      now: this.clock.now(),
      window,
      keys: keys.map((key) => ({ key, limit: maxFailures * LIMIT_FACTOR })),
    });
    return outcome.ok ? { id } : { retryAfter: Math.max(outcome.retryAfter, 1) };
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

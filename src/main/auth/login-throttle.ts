import type { Store } from '../store/store';
import type { Clock } from './clock';
import { randomId } from './random';

/** A reserved attempt: settle it once the password check is done. */
export interface LoginReservation {
  /** The password was right: the attempt does not count, and the user's count starts over. */
  succeeded(): Promise<void>;
  /** The attempt was never made (e.g. the hasher refused it): it does not count. */
  cancelled(): Promise<void>;
}

/** Longest key stored, so a flood of huge usernames cannot bloat the store. */
const MAX_KEY = 200;

/**
 * Counts login attempts per username and per client address within a sliding window (OWASP: slow
 * down guessing without letting anyone lock a victim out for long). The count lives in the store,
 * so every instance of a deployment shares it, and nothing per attempt is kept in memory. An
 * attempt is reserved *before* the password is hashed, atomically: of N concurrent wrong
 * passwords only the allowed number are tried, the rest are refused at once. A failed attempt
 * simply stays reserved until it ages out of the window.
 */
export class LoginThrottle {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly limits: () => { maxFailures: number; window: number },
  ) {}

  /** The reservation, or how many seconds until another attempt is allowed. */
  async reserve(username: string, ip: string): Promise<LoginReservation | { retryAfter: number }> {
    const { maxFailures, window } = this.limits();
    const user = userKey(username);
    const address = `ip:${ip}`.slice(0, MAX_KEY);
    const id = randomId(12);
    const outcome = await this.store.reserveLoginAttempt({
      id,
      now: this.clock.now(),
      window,
      // the address limit is looser: several users may share one NAT
      keys: [
        { key: user, limit: maxFailures },
        { key: address, limit: maxFailures * 4 },
      ],
    });
    if (!outcome.ok) return { retryAfter: Math.max(outcome.retryAfter, 1) };
    const keys = [user, address];
    return {
      succeeded: async () => {
        await this.store.releaseLoginAttempt(id, keys);
        await this.store.clearLoginAttempts(user);
      },
      cancelled: () => this.store.releaseLoginAttempt(id, keys),
    };
  }

  /** Forgets attempts older than the window (the maintenance sweep). */
  prune(): Promise<number> {
    return this.store.pruneLoginAttempts(this.clock.now() - this.limits().window);
  }
}

const userKey = (username: string): string => `user:${username.toLowerCase()}`.slice(0, MAX_KEY);

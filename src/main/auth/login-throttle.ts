import type { Clock } from './clock';

/**
 * Counts failed logins per username and per client address within a sliding window (OWASP:
 * slow down guessing without letting anyone lock a victim out for long). In memory only: a restart
 * forgives, which is acceptable for a window of minutes.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: () => { maxFailures: number; window: number },
  ) {}

  /** Seconds until another attempt is allowed; 0 when allowed now. */
  retryAfter(username: string, ip: string): number {
    const { maxFailures, window } = this.limits();
    const now = this.clock.now();
    let wait = 0;
    for (const key of this.keys(username, ip)) {
      const recent = this.recent(key, now, window);
      // the address limit is looser: several users may share one NAT
      const limit = key.startsWith('ip:') ? maxFailures * 4 : maxFailures;
      if (recent.length >= limit) wait = Math.max(wait, recent[recent.length - limit]! + window - now);
    }
    return Math.max(wait, 0);
  }

  fail(username: string, ip: string): void {
    const now = this.clock.now();
    for (const key of this.keys(username, ip)) {
      const recent = this.recent(key, now, this.limits().window);
      recent.push(now);
      this.failures.set(key, recent.slice(-1000));
    }
  }

  succeed(username: string): void {
    this.failures.delete(`user:${username.toLowerCase()}`);
  }

  private keys(username: string, ip: string): string[] {
    return [`user:${username.toLowerCase()}`, `ip:${ip}`];
  }

  private recent(key: string, now: number, window: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > now - window);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }
}

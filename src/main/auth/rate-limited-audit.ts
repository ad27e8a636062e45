import type { Actor, AuditLog } from './audit';
import type { Clock } from './clock';

/**
 * Audit entries for events an attacker can repeat at will (a flood of wrong client secrets): at
 * most one entry per key (say, client and address) per window, and at most `maxKeys` keys per
 * window, so a flood writes a bounded number of entries however it varies its keys. An entry
 * carries `unwritten`: how many of the same key's events the window before it left unwritten.
 * Per instance and in memory; the bound is what matters, not an exact count.
 */
export class RateLimitedAudit {
  private windowStart = -Infinity;
  /** Keys written in the current window, with how many of their events were not written since. */
  private current = new Map<string, number>();
  private previous = new Map<string, number>();

  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly window = 60,
    private readonly maxKeys = 100,
  ) {}

  async record(
    key: string,
    type: string,
    actor: Actor,
    subject: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    const now = this.clock.now();
    if (now >= this.windowStart + this.window) {
      this.previous = this.current;
      this.current = new Map();
      this.windowStart = now;
    }
    const skipped = this.current.get(key);
    if (skipped !== undefined) {
      this.current.set(key, skipped + 1);
      return;
    }
    if (this.current.size >= this.maxKeys) return;
    this.current.set(key, 0);
    await this.audit.record(type, actor, subject, { ...detail, unwritten: this.previous.get(key) ?? 0 });
  }
}

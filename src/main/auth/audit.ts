import type { AuditEntry } from '../../shared/events';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import type { EventBus } from './event-bus';

/** Who did it: a user id, `admin`, `system`, or `client:<id>`. */
export type Actor = string;

/** Appends security events and admin actions to the audit log and pushes them live. */
export class AuditLog {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
  ) {}

  async record(type: string, actor: Actor, subject: string, detail: Record<string, unknown> = {}): Promise<AuditEntry> {
    const entry = await this.store.appendAudit({ at: this.clock.now(), type, actor, subject, detail });
    this.bus.emit({ type: 'audit.appended', at: entry.at, entry });
    return entry;
  }
}

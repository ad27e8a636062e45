import type { AuditType } from '../../shared/audit-types';
import type { AuditEntry } from '../../shared/events';
import { StoreUnavailableError, type Store } from '../store/store';
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

  /**
   * `type` is one of the shared list (`src/shared/audit-types.ts`), which the console filters by.
   * Records after the change it describes has committed, so a store outage must not turn a done
   * change into a reported failure: the entry is then written to the server log instead (with
   * its cause) and `null` is returned.
   */
  async record(
    type: AuditType,
    actor: Actor,
    subject: string,
    detail: Record<string, unknown> = {},
  ): Promise<AuditEntry | null> {
    const fields = { at: this.clock.now(), type, actor, subject, detail };
    let entry: AuditEntry;
    try {
      entry = await this.store.appendAudit(fields);
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      console.error(`audit entry not stored (${err.describe()}): ${JSON.stringify(fields)}`);
      return null;
    }
    this.bus.emit({ type: 'audit.appended', at: entry.at, entry });
    return entry;
  }
}

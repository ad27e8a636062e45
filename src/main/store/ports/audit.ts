import type { AuditEntry } from '../../../shared/events';

/** An audit entry as stored; the console sees the very same shape. */
export type AuditRecord = AuditEntry;

export interface AuditQuery {
  /** Only entries with a smaller id (paging backwards from the newest). */
  beforeId?: number;
  type?: string;
  text?: string;
  limit?: number;
}

/** The audit log: appended by auth/audit.ts, paged by the console, pruned by retention. */
export interface AuditStore {
  appendAudit(entry: Omit<AuditRecord, 'id'>): Promise<AuditRecord>;
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /** Deletes audit entries recorded before `before` (retention); returns how many. */
  pruneAudit(before: number): Promise<number>;
}

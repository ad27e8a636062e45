import type { AuditFilter } from '../server-state/audit-filter';
import type { Slice } from './types';

/** The Audit screen's UI state; the entries are an infinite query (server-state/audit.ts). */
export interface AuditSlice {
  audit: {
    filter: AuditFilter;
    /** Ids that arrived live, highlighted briefly. */
    fresh: Set<number>;
  };
  setAuditFilter(patch: Partial<AuditFilter>): void;
  markFreshAudit(ids: number[]): void;
}

export const createAuditSlice: Slice<AuditSlice> = (set, get) => ({
  audit: { filter: { type: '', text: '' }, fresh: new Set() },
  setAuditFilter(p) {
    set({ audit: { filter: { ...get().audit.filter, ...p }, fresh: new Set() } });
  },
  markFreshAudit(ids) {
    set((s) => ({ audit: { ...s.audit, fresh: new Set(ids) } }));
  },
});

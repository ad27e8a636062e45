import type { AuditEntry } from '../../shared/events';

/** The Audit screen's filter: an exact type and a text the server searches for. */
export interface AuditFilter {
  type: string;
  text: string;
}

/** The server filters by exact type and text; live entries must pass the same test client-side. */
export function matchesAuditFilter(e: AuditEntry, f: AuditFilter): boolean {
  if (f.type && e.type !== f.type) return false;
  if (!f.text) return true;
  const needle = f.text.toLowerCase();
  return [e.type, e.actor, e.subject, JSON.stringify(e.detail)].some((s) => s.toLowerCase().includes(needle));
}

import type { AuditEntry, GatehouseEvent } from '../../shared/events';
import type { All } from './types';

/**
 * Routes one batch of pushed events to the slices. Each slice reloads at most once per batch and
 * only if its screen has data loaded; audit entries are prepended without a round trip. What only
 * a session event changes elsewhere (a client's counts, a user's sessions) reloads throttled, and
 * only while that screen shows it.
 */
export function applyEvents(events: GatehouseEvent[], get: () => All): void {
  const s = get();
  const latest = Math.max(...events.map((e) => e.at));
  if (Number.isFinite(latest)) s.noteServerTime(latest);

  const touchedSessions = new Set<string>();
  const audit: AuditEntry[] = [];
  const demo: GatehouseEvent[] = [];
  let keys = false;
  let denylist = false;
  let users = false;
  let clients = false;
  let settings = false;
  /** The last word on the sandbox in this batch: started (true) or reset (false). */
  let sandbox: boolean | null = null;
  /** Sessions whose back-channel logout deliveries moved. */
  const deliveries = new Set<string>();
  for (const e of events) {
    switch (e.type) {
      case 'session.created':
      case 'session.refreshed':
      case 'session.revoked':
      case 'session.expired':
      case 'reuse.detected':
        touchedSessions.add(e.sessionId);
        break;
      case 'key.changed':
        keys = true;
        break;
      case 'denylist.changed':
        denylist = true;
        break;
      case 'user.changed':
        users = true;
        break;
      case 'client.changed':
        clients = true;
        break;
      case 'logout.delivery':
        deliveries.add(e.sessionId);
        break;
      case 'settings.changed':
        settings = true;
        break;
      case 'audit.appended':
        audit.push(e.entry);
        break;
      case 'sandbox.changed':
        sandbox = e.running;
        break;
      case 'demo.started':
      case 'demo.step':
      case 'demo.finished':
        demo.push(e);
        break;
    }
  }
  if (demo.length) s.applyDemoEvents(demo);
  if (touchedSessions.size) {
    s.sessionsChanged(touchedSessions);
    s.clientUsageChanged();
    s.userSessionsChanged();
  }
  // the open session's deliveries (a session event already reloads it)
  const open = s.sessions.detailId;
  if (open && deliveries.has(open) && !touchedSessions.has(open)) void s.loadSessionDetail(open, true);
  if (audit.length) s.prependAudit(audit);
  if (keys) void s.loadKeys(true);
  if (denylist) {
    void s.loadDenylist(true);
    // a denylisted jti shows in the open session's token list
    if (s.sessions.detailId) void s.loadSessionDetail(s.sessions.detailId, true);
  }
  if (users) {
    void s.loadUsers(true);
    s.userSessionsChanged();
  }
  if (clients) void s.loadClients(true);
  if (settings) void s.loadSettings(true);
  if (sandbox !== null) s.sandboxChanged(sandbox);
}

import type { InfiniteData, QueryClient, QueryKey } from '@tanstack/react-query';
import type { AuditEntryView } from '../../shared/admin-views';
import type { AuditEntry, GatehouseEvent } from '../../shared/events';
import { applyCheckEvents } from '../server-state/app-check-events';
import { queryKeys, sessionDetailId } from '../server-state/query-keys';
import { matchesAuditFilter, type AuditFilter } from '../server-state/audit-filter';
import type { ConsoleTarget } from './app-slice';
import { createThrottle } from './event-batcher';

/** What pushed events change outside the query cache: the app shell's and the demo lab's state. */
export interface EventSinks {
  noteServerTime(at: number): void;
  applyDemoEvents(events: GatehouseEvent[]): void;
  sandboxChanged(running: boolean): void;
  /** The settings changed on the server; false keeps the cached copy (the form has unsaved edits). */
  settingsChanged(): boolean;
  /** Ids of audit entries that arrived live, highlighted briefly. */
  auditArrived(ids: number[]): void;
}

/** Live events refetch the visible sessions at most ~3 times a second, whatever the login rate. */
export const SESSIONS_REFRESH_MS = 330;
/** A client's counts (active sessions, live refresh tokens) follow session events at most once a second. */
export const CLIENT_USAGE_REFRESH_MS = 1000;

/**
 * Routes batches of one instance's pushed events to its cached answers. A domain's queries are
 * invalidated once per batch: those on screen refetch, the others reload when next shown. Audit
 * entries are prepended without a round trip. What session events change (the visible pages, a
 * client's counts, a user's sessions) refetches throttled.
 */
export function createEventRouter(instance: ConsoleTarget, queryClient: QueryClient, sinks: EventSinks) {
  const invalidate = (queryKey: QueryKey, predicate?: (key: QueryKey) => boolean) =>
    void queryClient.invalidateQueries({ queryKey, predicate: predicate && ((q) => predicate(q.queryKey)) });
  const sessionPages = createThrottle(() => invalidate(queryKeys.sessionPages(instance)), SESSIONS_REFRESH_MS);
  const userSessions = createThrottle(() => invalidate(queryKeys.userSessionsAll(instance)), SESSIONS_REFRESH_MS);
  const clientUsage = createThrottle(() => invalidate(queryKeys.clients(instance)), CLIENT_USAGE_REFRESH_MS);
  const sessionDetails = (ids: Set<string> | 'all') =>
    invalidate(queryKeys.sessionDetails(instance), (key) => ids === 'all' || ids.has(sessionDetailId(key) ?? ''));

  const prependAudit = (incoming: AuditEntry[]) => {
    const arrived = new Set<number>();
    for (const [key, data] of queryClient.getQueriesData<InfiniteData<AuditEntryView[]>>({
      queryKey: queryKeys.audit(instance),
    })) {
      if (!data?.pages.length) continue;
      const filter = key[2] as AuditFilter;
      const known = new Set(data.pages.flat().map((e) => e.id));
      const add = incoming.filter((e) => !known.has(e.id) && matchesAuditFilter(e, filter)).sort((x, y) => y.id - x.id);
      if (!add.length) continue;
      for (const e of add) arrived.add(e.id);
      // a page of its own in front: the fetched pages stay as fetched, so "older" still starts after the last
      queryClient.setQueryData<InfiniteData<AuditEntryView[]>>(key, {
        pages: [add, ...data.pages],
        pageParams: [data.pageParams[0], ...data.pageParams],
      });
    }
    if (arrived.size) sinks.auditArrived([...arrived]);
  };

  return (events: GatehouseEvent[]): void => {
    const latest = Math.max(...events.map((e) => e.at));
    if (Number.isFinite(latest)) sinks.noteServerTime(latest);

    const touchedSessions = new Set<string>();
    /** Sessions whose back-channel logout deliveries moved. */
    const deliveries = new Set<string>();
    const audit: AuditEntry[] = [];
    const demo: GatehouseEvent[] = [];
    const checks: GatehouseEvent[] = [];
    const changed = { keys: false, denylist: false, users: false, clients: false, settings: false };
    /** The last word on the sandbox in this batch: started (true) or reset (false). */
    let sandbox: boolean | null = null;
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
          changed.keys = true;
          break;
        case 'denylist.changed':
          changed.denylist = true;
          break;
        case 'user.changed':
          changed.users = true;
          break;
        case 'client.changed':
          changed.clients = true;
          break;
        case 'settings.changed':
          changed.settings = true;
          break;
        case 'logout.delivery':
          deliveries.add(e.sessionId);
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
        case 'checks.started':
        case 'checks.case':
        case 'checks.finished':
          checks.push(e);
          break;
      }
    }
    if (demo.length) sinks.applyDemoEvents(demo);
    if (checks.length) applyCheckEvents(instance, queryClient, checks);
    if (touchedSessions.size) {
      sessionPages();
      clientUsage();
      userSessions();
    }
    // a denylisted jti shows in the open session's token list
    if (changed.denylist) sessionDetails('all');
    else if (touchedSessions.size || deliveries.size) sessionDetails(new Set([...touchedSessions, ...deliveries]));
    if (audit.length) prependAudit(audit);
    if (changed.keys) invalidate(queryKeys.keys(instance));
    if (changed.denylist) invalidate(queryKeys.denylist(instance));
    if (changed.users) {
      invalidate(queryKeys.users(instance));
      userSessions();
    }
    if (changed.clients) invalidate(queryKeys.clients(instance));
    if (changed.settings && sinks.settingsChanged()) invalidate(queryKeys.settings(instance));
    if (sandbox !== null) sinks.sandboxChanged(sandbox);
  };
}

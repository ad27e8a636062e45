import { QueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntryView } from '../../src/shared/admin-views';
import type { AuditEntry, GatehouseEvent } from '../../src/shared/events';
import { queryKeys } from '../../src/renderer/server-state/query-keys';
import {
  CLIENT_USAGE_REFRESH_MS,
  createEventRouter,
  SESSIONS_REFRESH_MS,
  type EventSinks,
} from '../../src/renderer/store/apply-events';

const AT = 1_700_000_000;
const sinks = (over: Partial<EventSinks> = {}): EventSinks => ({
  noteServerTime: vi.fn(),
  applyDemoEvents: vi.fn(),
  sandboxChanged: vi.fn(),
  settingsChanged: vi.fn(() => true),
  auditArrived: vi.fn(),
  ...over,
});
const entry = (id: number, type = 'login.succeeded', subject = 'u1'): AuditEntry => ({
  id,
  at: AT,
  type,
  actor: 'u1',
  subject,
  detail: {},
});

let client: QueryClient;
/** Seeds an answer for `key`, so it is a cached query that can go out of date. */
const seed = (key: QueryKey, data: unknown = 'cached') => client.setQueryData(key, data);
const invalidated = (key: QueryKey) => client.getQueryState(key)?.isInvalidated ?? false;

beforeEach(() => {
  vi.useFakeTimers();
  client = new QueryClient();
});
afterEach(() => {
  client.clear();
  vi.useRealTimers();
});

describe('createEventRouter', () => {
  it('invalidates only the domain an event names, on the instance it came from', () => {
    for (const i of ['live', 'sandbox'] as const) {
      seed(queryKeys.keys(i));
      seed(queryKeys.denylist(i));
      seed(queryKeys.users(i));
    }
    const route = createEventRouter('live', client, sinks());
    route([{ type: 'key.changed', at: AT } as GatehouseEvent]);
    expect(invalidated(queryKeys.keys('live'))).toBe(true);
    expect(invalidated(queryKeys.denylist('live'))).toBe(false);
    expect(invalidated(queryKeys.users('live'))).toBe(false);
    expect(invalidated(queryKeys.keys('sandbox'))).toBe(false);
  });

  it('refetches session pages at most once per interval, with one trailing run for what came meanwhile', () => {
    const spy = vi.spyOn(client, 'invalidateQueries');
    const route = createEventRouter('live', client, sinks());
    const created = (n: number): GatehouseEvent => ({
      type: 'session.created',
      at: AT,
      sessionId: `s${n}`,
      userId: 'u1',
    });
    const pageCalls = () =>
      spy.mock.calls.filter(([f]) => JSON.stringify(f?.queryKey) === JSON.stringify(queryKeys.sessionPages('live')))
        .length;
    route([created(1)]);
    expect(pageCalls()).toBe(1);
    route([created(2)]);
    route([created(3)]);
    expect(pageCalls()).toBe(1);
    vi.advanceTimersByTime(SESSIONS_REFRESH_MS);
    expect(pageCalls()).toBe(2);
  });

  it("moves a client's counts at most once a second", () => {
    const spy = vi.spyOn(client, 'invalidateQueries');
    const route = createEventRouter('live', client, sinks());
    const clientCalls = () =>
      spy.mock.calls.filter(([f]) => JSON.stringify(f?.queryKey) === JSON.stringify(queryKeys.clients('live'))).length;
    for (let n = 0; n < 5; n++) route([{ type: 'session.refreshed', at: AT, sessionId: `s${n}` }]);
    expect(clientCalls()).toBe(1);
    vi.advanceTimersByTime(CLIENT_USAGE_REFRESH_MS);
    expect(clientCalls()).toBe(2);
  });

  it('reloads the open session only when an event is about it, and every open session on a denylist change', () => {
    seed(queryKeys.sessionDetail('live', 'a'));
    seed(queryKeys.sessionDetail('live', 'b'));
    const route = createEventRouter('live', client, sinks());
    route([{ type: 'logout.delivery', at: AT, sessionId: 'a' } as GatehouseEvent]);
    expect(invalidated(queryKeys.sessionDetail('live', 'a'))).toBe(true);
    expect(invalidated(queryKeys.sessionDetail('live', 'b'))).toBe(false);
    route([{ type: 'denylist.changed', at: AT } as GatehouseEvent]);
    expect(invalidated(queryKeys.sessionDetail('live', 'b'))).toBe(true);
  });

  it('keeps the settings under unsaved edits (the sink says so) and reloads them otherwise', () => {
    seed(queryKeys.settings('live'));
    const event = { type: 'settings.changed', at: AT } as GatehouseEvent;
    createEventRouter('live', client, sinks({ settingsChanged: () => false }))([event]);
    expect(invalidated(queryKeys.settings('live'))).toBe(false);
    createEventRouter('live', client, sinks())([event]);
    expect(invalidated(queryKeys.settings('live'))).toBe(true);
  });

  it('puts live audit entries in front of each cached filter they match, without a round trip', () => {
    const all = [...queryKeys.audit('live'), { type: '', text: '' }];
    const logins = [...queryKeys.audit('live'), { type: 'login.succeeded', text: '' }];
    const revokes = [...queryKeys.audit('live'), { type: 'session.revoked', text: '' }];
    const page = (ids: number[]): InfiniteData<AuditEntryView[]> => ({
      pages: [ids.map((id) => entry(id))],
      pageParams: [undefined],
    });
    seed(all, page([2, 1]));
    seed(logins, page([2]));
    seed(revokes, page([]));
    const sink = sinks();
    const audit = (e: AuditEntry): GatehouseEvent => ({ type: 'audit.appended', at: AT, entry: e });
    createEventRouter('live', client, sink)([audit(entry(3)), audit(entry(2)), audit(entry(4, 'logout'))]);
    const ids = (key: QueryKey) =>
      client
        .getQueryData<InfiniteData<AuditEntryView[]>>(key)!
        .pages.flat()
        .map((e) => e.id);
    expect(ids(all)).toEqual([4, 3, 2, 1]);
    expect(ids(logins)).toEqual([3, 2]);
    expect(ids(revokes)).toEqual([]);
    // the fetched page stays as fetched: "older" still starts after its last entry
    expect(
      client
        .getQueryData<InfiniteData<AuditEntryView[]>>(all)!
        .pages.at(-1)!
        .map((e) => e.id),
    ).toEqual([2, 1]);
    expect(sink.auditArrived).toHaveBeenCalledWith(expect.arrayContaining([3, 4]));
  });

  it('hands demo events, the sandbox state and the newest server time to their sinks', () => {
    const sink = sinks();
    const started = {
      type: 'demo.started',
      at: AT + 5,
      runId: 'r',
      scenario: 'happy-path',
      title: 'X',
    } as GatehouseEvent;
    createEventRouter(
      'live',
      client,
      sink,
    )([
      started,
      { type: 'sandbox.changed', at: AT, running: true },
      { type: 'sandbox.changed', at: AT + 1, running: false },
    ]);
    expect(sink.applyDemoEvents).toHaveBeenCalledWith([started]);
    expect(sink.sandboxChanged).toHaveBeenCalledExactlyOnceWith(false);
    expect(sink.noteServerTime).toHaveBeenCalledWith(AT + 5);
  });
});

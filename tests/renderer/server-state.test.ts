import { describe, expect, it, vi } from 'vitest';
import type { AdminApi } from '../../src/shared/admin-api';
import { DENYLIST_PAGE, pageAfterPrune } from '../../src/renderer/lib/denylist-pages';
import { AdminCallError, callAdmin, messageOf } from '../../src/renderer/server-state/query-client';
import { queryKeys, sessionDetailId } from '../../src/renderer/server-state/query-keys';
import { createEventBatcher } from '../../src/renderer/store/event-batcher';

describe('query keys', () => {
  it('start with the instance, then the domain, so a prefix invalidates a domain of one instance', () => {
    expect(queryKeys.sessionDetail('sandbox', 's1')).toEqual(['sandbox', 'sessions', 'detail', 's1']);
    expect(queryKeys.sessionDetail('live', 's1').slice(0, 3)).toEqual([...queryKeys.sessionDetails('live')]);
    expect(queryKeys.userSessions('live', 'u1').slice(0, 3)).toEqual([...queryKeys.userSessionsAll('live')]);
  });
  it('read the session id back from a detail key only', () => {
    expect(sessionDetailId(queryKeys.sessionDetail('live', 's1'))).toBe('s1');
    expect(sessionDetailId(queryKeys.sessionPages('live'))).toBeNull();
    expect(sessionDetailId(queryKeys.users('live'))).toBeNull();
  });
});

describe('callAdmin', () => {
  const api = {} as AdminApi;
  it('hands back the value of an answer', async () => {
    await expect(callAdmin(api, async () => ({ ok: true as const, value: 42 }))).resolves.toBe(42);
  });
  it('throws a refusal with its code and message, so the cache keeps both', async () => {
    const refused = callAdmin(api, async () => ({
      ok: false as const,
      error: { code: 'not_found' as const, message: 'No session has this id.' },
    }));
    await expect(refused).rejects.toBeInstanceOf(AdminCallError);
    await expect(refused).rejects.toMatchObject({ code: 'not_found', message: 'No session has this id.' });
  });
  it('refuses without calling when not connected', async () => {
    const run = vi.fn();
    await expect(callAdmin(null, run)).rejects.toMatchObject({ code: 'not_connected' });
    expect(run).not.toHaveBeenCalled();
    expect(messageOf(new AdminCallError('busy', 'Try again.'))).toBe('Try again.');
  });
});

describe('event batcher', () => {
  it('forgets what is queued when dropped: those events belong to the instance shown before', () => {
    vi.useFakeTimers();
    const flush = vi.fn();
    const b = createEventBatcher<number>(flush, 100);
    b.push(1);
    b.drop();
    vi.advanceTimersByTime(200);
    expect(flush).not.toHaveBeenCalled();
    b.push(2);
    vi.advanceTimersByTime(100);
    expect(flush).toHaveBeenCalledExactlyOnceWith([2]);
    vi.useRealTimers();
  });
});

describe('denylist paging', () => {
  it('steps back to the page holding the end when a prune emptied the one shown', () => {
    expect(pageAfterPrune(2 * DENYLIST_PAGE, 0, DENYLIST_PAGE + 5)).toBe(DENYLIST_PAGE);
    expect(pageAfterPrune(DENYLIST_PAGE, 0, DENYLIST_PAGE)).toBe(0);
  });
  it('stays on a page with rows, on an empty denylist, or inside the total', () => {
    expect(pageAfterPrune(DENYLIST_PAGE, 3, DENYLIST_PAGE + 3)).toBeNull();
    expect(pageAfterPrune(0, 0, 0)).toBeNull();
    expect(pageAfterPrune(0, 0, 5)).toBeNull();
  });
});

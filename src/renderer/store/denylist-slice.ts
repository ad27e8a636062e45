import type { AdminRequest } from '../../shared/admin-api';
import type { DenylistEntryView, SessionView } from '../../shared/admin-views';
import { formatDateTime, shortId } from '../lib/time';
import { callApi, callOrError, onConnected } from './call';
import type { LoadState, Slice } from './types';

export type DenylistKindFilter = '' | DenylistEntryView['kind'];
/** One way to add an entry: a pasted token, a jti, a session, a user. */
export type DenylistAddRequest = AdminRequest<'denylist.add'>;

/** Rows per page: the denylist can hold a million entries, so it is read a page at a time. */
export const DENYLIST_PAGE = 100;

export interface DenylistSlice {
  denylist: {
    entries: DenylistEntryView[];
    total: number;
    offset: number;
    kind: DenylistKindFilter;
    /** Subject prefix. */
    subject: string;
    state: LoadState;
    error: string | null;
  };
  loadDenylist(quiet?: boolean): Promise<void>;
  /** Changes the filter or the page (a filter change goes back to the first page). */
  setDenylistQuery(change: { kind?: DenylistKindFilter; subject?: string; offset?: number }): Promise<void>;
  /** Resolves to an error message to show next to the form, or null on success. */
  addToDenylist(request: DenylistAddRequest): Promise<string | null>;
  /** The session an id names, for the add form's check before a session is revoked. */
  findSession(sessionId: string): Promise<{ session: SessionView } | { error: string }>;
  removeFromDenylist(entry: DenylistEntryView): Promise<void>;
}

export const createDenylistSlice: Slice<DenylistSlice> = (set, get) => ({
  denylist: { entries: [], total: 0, offset: 0, kind: '', subject: '', state: 'idle', error: null },
  async loadDenylist(quiet) {
    const cur = get().denylist;
    if (quiet && cur.state === 'idle') return;
    if (!quiet) set({ denylist: { ...cur, state: 'loading', error: null } });
    const query = {
      kind: cur.kind || undefined,
      subject: cur.subject || undefined,
      offset: cur.offset,
      limit: DENYLIST_PAGE,
    };
    const result = await callOrError(get, (api) => api.denylist.list(query));
    // a later query may have been issued meanwhile: only its own answer may land
    const now = get().denylist;
    if (now.kind !== cur.kind || now.subject !== cur.subject || now.offset !== cur.offset) return;
    if ('value' in result) {
      const { items, total } = result.value;
      // the last page can empty under a prune: step back to the page that now holds the end
      if (!items.length && total > 0 && cur.offset >= total)
        return get().setDenylistQuery({ offset: Math.floor((total - 1) / DENYLIST_PAGE) * DENYLIST_PAGE });
      set({ denylist: { ...now, entries: items, total, state: 'ready', error: null } });
    } else if (!quiet) set((s) => ({ denylist: { ...s.denylist, state: 'error', error: result.error } }));
  },
  async setDenylistQuery(change) {
    const cur = get().denylist;
    const filterChanged =
      (change.kind !== undefined && change.kind !== cur.kind) ||
      (change.subject !== undefined && change.subject !== cur.subject);
    set({ denylist: { ...cur, ...change, offset: filterChanged ? 0 : (change.offset ?? cur.offset) } });
    await get().loadDenylist(cur.state !== 'idle');
  },
  async addToDenylist(request) {
    const result = await callOrError(get, (api) => api.denylist.add(request));
    if ('error' in result) return result.error;
    get().notify('success', addedMessage(result.value, request.kind ?? 'token'));
    await get().loadDenylist();
    return null;
  },
  async findSession(sessionId) {
    const result = await onConnected(get, (api) => api.sessions.get({ sessionId }));
    if (!result) return { error: 'Not connected.' };
    if (result.ok) return { session: result.value.session };
    return { error: result.error.code === 'not_found' ? 'No session has this id.' : result.error.message };
  },
  async removeFromDenylist(entry) {
    const done = await callApi(get, (api) => api.denylist.remove({ kind: entry.kind, subject: entry.subject }), {
      success: `Entry for ${entry.subject.slice(0, 12)}… removed.`,
      failure: 'Remove failed',
    });
    if (done) await get().loadDenylist(true);
  },
});

function addedMessage(e: DenylistEntryView, how: NonNullable<DenylistAddRequest['kind']>): string {
  const who = e.name ?? 'a user no longer known';
  switch (how) {
    case 'token':
      return `Token ${e.subject.slice(0, 12)}… denylisted.`;
    case 'jti':
      return `jti ${shortId(e.subject, 12)} denylisted until ${formatDateTime(e.pruneAfter)}.`;
    case 'sid':
      return `Session ${shortId(e.subject, 12)} of ${who} revoked.`;
    case 'user':
      return `${who}: tokens below version ${e.value} are refused from now on.`;
  }
}

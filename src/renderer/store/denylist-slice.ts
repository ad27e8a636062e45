import type { DenylistEntryView } from '../../shared/admin-views';
import { callApi, callOrError } from './call';
import type { LoadState, Slice } from './types';

export type DenylistKindFilter = '' | DenylistEntryView['kind'];

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
  addToDenylist(token: string, reason: string): Promise<string | null>;
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
  async addToDenylist(token, reason) {
    const result = await callOrError(get, (api) =>
      api.denylist.add({ token: token.trim(), reason: reason.trim() || undefined }),
    );
    if ('error' in result) return result.error;
    get().notify('success', `Token ${result.value.subject.slice(0, 12)}… denylisted.`);
    await get().loadDenylist();
    return null;
  },
  async removeFromDenylist(entry) {
    const done = await callApi(get, (api) => api.denylist.remove({ kind: entry.kind, subject: entry.subject }), {
      success: `Entry for ${entry.subject.slice(0, 12)}… removed.`,
      failure: 'Remove failed',
    });
    if (done) await get().loadDenylist(true);
  },
});

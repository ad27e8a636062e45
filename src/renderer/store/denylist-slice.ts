import type { DenylistEntryView } from '../../shared/admin-views';
import { callApi, callOrError } from './call';
import type { LoadState, Slice } from './types';

export interface DenylistSlice {
  denylist: { entries: DenylistEntryView[]; state: LoadState; error: string | null };
  loadDenylist(quiet?: boolean): Promise<void>;
  /** Resolves to an error message to show next to the form, or null on success. */
  addToDenylist(token: string, reason: string): Promise<string | null>;
  removeFromDenylist(entry: DenylistEntryView): Promise<void>;
}

export const createDenylistSlice: Slice<DenylistSlice> = (set, get) => ({
  denylist: { entries: [], state: 'idle', error: null },
  async loadDenylist(quiet) {
    const cur = get().denylist;
    if (quiet && cur.state === 'idle') return;
    if (!quiet) set({ denylist: { ...cur, state: 'loading', error: null } });
    const result = await callOrError(get, (api) => api.denylist.list({}));
    if ('value' in result) set({ denylist: { entries: result.value, state: 'ready', error: null } });
    else if (!quiet) set((s) => ({ denylist: { ...s.denylist, state: 'error', error: result.error } }));
  },
  async addToDenylist(token, reason) {
    const result = await callOrError(get, (api) => api.denylist.add({ token: token.trim(), reason: reason.trim() || undefined }));
    if ('error' in result) return result.error;
    get().notify('success', `Token ${result.value.subject.slice(0, 12)}… denylisted.`);
    await get().loadDenylist();
    return null;
  },
  async removeFromDenylist(entry) {
    const done = await callApi(get, (api) => api.denylist.remove({ kind: entry.kind, subject: entry.subject }), {
      success: `Entry for ${entry.subject.slice(0, 12)}… removed.`, failure: 'Remove failed',
    });
    if (done) await get().loadDenylist(true);
  },
});

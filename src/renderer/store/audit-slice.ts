import type { AuditEntryView } from '../../shared/admin-views';
import type { AuditEntry } from '../../shared/events';
import { callOrError } from './call';
import type { LoadState, Slice } from './types';

export const AUDIT_PAGE = 100;

export interface AuditState {
  /** As listed (with the names of user ids), or as pushed live (without: the screen names those). */
  entries: AuditEntryView[];
  filter: { type: string; text: string };
  state: LoadState;
  error: string | null;
  hasMore: boolean;
  loadingOlder: boolean;
  /** Ids that arrived live, highlighted briefly. */
  fresh: Set<number>;
}

export interface AuditSlice {
  audit: AuditState;
  setAuditFilter(patch: Partial<AuditState['filter']>): void;
  loadAudit(quiet?: boolean): Promise<void>;
  loadOlderAudit(): Promise<void>;
  prependAudit(entries: AuditEntry[]): void;
}

/** The server filters by exact type and text; live entries must pass the same test client-side. */
export function matchesAuditFilter(e: AuditEntry, f: AuditState['filter']): boolean {
  if (f.type && e.type !== f.type) return false;
  if (!f.text) return true;
  const needle = f.text.toLowerCase();
  return [e.type, e.actor, e.subject, JSON.stringify(e.detail)].some((s) => s.toLowerCase().includes(needle));
}

let generation = 0;

export const createAuditSlice: Slice<AuditSlice> = (set, get) => {
  const patch = (p: Partial<AuditState>) => set((s) => ({ audit: { ...s.audit, ...p } }));
  const request = (beforeId?: number) => {
    const { type, text } = get().audit.filter;
    return { type: type || undefined, text: text.trim() || undefined, beforeId, limit: AUDIT_PAGE };
  };
  return {
    audit: {
      entries: [],
      filter: { type: '', text: '' },
      state: 'idle',
      error: null,
      hasMore: false,
      loadingOlder: false,
      fresh: new Set(),
    },
    setAuditFilter(p) {
      patch({ filter: { ...get().audit.filter, ...p } });
      void get().loadAudit();
    },
    async loadAudit(quiet) {
      if (quiet && get().audit.state === 'idle') return;
      const gen = ++generation;
      if (!quiet) patch({ state: 'loading', error: null });
      const result = await callOrError(get, (api) => api.audit.list(request()));
      if (gen !== generation) return;
      if ('value' in result)
        patch({
          entries: result.value,
          state: 'ready',
          error: null,
          hasMore: result.value.length === AUDIT_PAGE,
          fresh: new Set(),
        });
      else if (!quiet) patch({ state: 'error', error: result.error });
    },
    async loadOlderAudit() {
      const { entries, loadingOlder } = get().audit;
      const oldest = entries.at(-1);
      if (!oldest || loadingOlder) return;
      patch({ loadingOlder: true });
      const gen = generation;
      const result = await callOrError(get, (api) => api.audit.list(request(oldest.id)));
      if (gen !== generation) return patch({ loadingOlder: false });
      if ('value' in result)
        patch({
          entries: [...get().audit.entries, ...result.value],
          hasMore: result.value.length === AUDIT_PAGE,
          loadingOlder: false,
        });
      else {
        patch({ loadingOlder: false });
        get().notify('error', `Loading older entries failed: ${result.error}`);
      }
    },
    prependAudit(incoming) {
      const a = get().audit;
      if (a.state !== 'ready') return;
      const known = new Set(a.entries.map((e) => e.id));
      const add = incoming
        .filter((e) => !known.has(e.id) && matchesAuditFilter(e, a.filter))
        .sort((x, y) => y.id - x.id);
      if (add.length) patch({ entries: [...add, ...a.entries], fresh: new Set(add.map((e) => e.id)) });
    },
  };
};

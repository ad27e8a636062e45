import type { DenylistEntryView } from '../../shared/admin-views';
import type { Slice } from './types';

export type DenylistKindFilter = '' | DenylistEntryView['kind'];

/** Which entries the Denylist screen lists: a kind, a subject prefix, a page. */
export interface DenylistQuery {
  kind: DenylistKindFilter;
  subject: string;
  offset: number;
}

/** The Denylist screen's UI state; the entries are a query (server-state/denylist.ts). */
export interface DenylistSlice {
  denylist: DenylistQuery;
  /** Changes the filter or the page (a filter change goes back to the first page). */
  setDenylistQuery(change: Partial<DenylistQuery>): void;
}

export const createDenylistSlice: Slice<DenylistSlice> = (set, get) => ({
  denylist: { kind: '', subject: '', offset: 0 },
  setDenylistQuery(change) {
    const cur = get().denylist;
    const filterChanged =
      (change.kind !== undefined && change.kind !== cur.kind) ||
      (change.subject !== undefined && change.subject !== cur.subject);
    set({ denylist: { ...cur, ...change, offset: filterChanged ? 0 : (change.offset ?? cur.offset) } });
  },
});

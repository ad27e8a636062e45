import type { AdminRequest } from '../../shared/admin-api';
import type { SessionStatusName } from '../../shared/admin-views';
import type { Slice } from './types';

export type SessionSort = NonNullable<AdminRequest<'sessions.list'>['sort']>;
export interface SessionQuery {
  text: string;
  status: SessionStatusName | '';
  userId: string;
  sort: SessionSort;
  order: 'asc' | 'desc';
}

/** The rows a fresh result shows first (the table reports its real viewport once drawn). */
const FIRST_ROWS: [number, number] = [0, 60];

/**
 * The Sessions screen's UI state: what is asked, which rows are in view, which session is open.
 * The rows and the open session are queries (server-state/sessions.ts).
 */
export interface SessionsSlice {
  sessions: {
    query: SessionQuery;
    range: [number, number];
    detailId: string | null;
  };
  setSessionQuery(patch: Partial<SessionQuery>): void;
  showSessionRows(start: number, end: number): void;
  openSession(id: string | null): void;
}

export const createSessionsSlice: Slice<SessionsSlice> = (set, get) => {
  const patch = (p: Partial<SessionsSlice['sessions']>) => set((s) => ({ sessions: { ...s.sessions, ...p } }));
  return {
    sessions: {
      query: { text: '', status: '', userId: '', sort: 'lastSeenAt', order: 'desc' },
      range: FIRST_ROWS,
      detailId: null,
    },
    setSessionQuery(p) {
      // a new filter or sort starts from the top, as a user expects of a fresh result list
      patch({ query: { ...get().sessions.query, ...p }, range: FIRST_ROWS });
    },
    showSessionRows(start, end) {
      const [a, b] = get().sessions.range;
      if (a !== start || b !== end) patch({ range: [start, end] });
    },
    openSession(id) {
      patch({ detailId: id });
    },
  };
};

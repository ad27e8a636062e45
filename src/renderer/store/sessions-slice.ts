import type { AdminRequest } from '../../shared/admin-api';
import type { SessionDetail, SessionStatusName, SessionView } from '../../shared/admin-views';
import { PAGE_SIZE, pagesForRange, prunePages } from '../lib/session-pages';
import { callApi, onConnected } from './call';
import { createThrottle } from './event-batcher';
import type { LoadState, Slice } from './types';
import { countOf } from '../lib/plural';

export type SessionSort = NonNullable<AdminRequest<'sessions.list'>['sort']>;
export interface SessionQuery {
  text: string;
  status: SessionStatusName | '';
  userId: string;
  sort: SessionSort;
  order: 'asc' | 'desc';
}

export interface SessionsState {
  query: SessionQuery;
  total: number | null;
  pages: Record<number, SessionView[]>;
  state: LoadState;
  error: string | null;
  /**
   * Why the server refused the search text (its syntax), shown under the search box; the table
   * keeps the last rows it had rather than turning into an error.
   */
  searchError: string | null;
  /** The search text the rows on screen answer (what `whyMatched` explains them with). */
  pagesText: string;
  /** Bumped by every query change or refresh; answers of an older generation are dropped. */
  generation: number;
  pagesGeneration: number;
  range: [number, number];
  detailId: string | null;
  detail: SessionDetail | null;
  detailState: LoadState;
  detailError: string | null;
}

export interface SessionsSlice {
  sessions: SessionsState;
  setSessionQuery(patch: Partial<SessionQuery>): void;
  showSessionRows(start: number, end: number): void;
  reloadSessions(): void;
  sessionsChanged(ids: Set<string>): void;
  openSession(id: string | null): void;
  loadSessionDetail(id: string, quiet?: boolean): Promise<void>;
  revokeSession(id: string): Promise<boolean>;
  revokeUserSessions(userId: string, username: string): Promise<boolean>;
}

const inflight = new Set<string>();
/** Live events refetch the visible window at most ~3 times a second, whatever the login rate. */
const REFRESH_INTERVAL_MS = 330;

export const createSessionsSlice: Slice<SessionsSlice> = (set, get) => {
  const patch = (p: Partial<SessionsState>) => set((s) => ({ sessions: { ...s.sessions, ...p } }));

  const fetchPage = async (page: number, generation: number) => {
    const key = `${generation}:${page}`;
    if (inflight.has(key) || !get().api) return;
    inflight.add(key);
    const { text, status, userId, sort, order } = get().sessions.query;
    const result = await onConnected(get, (api) =>
      api.sessions.list({
        text: text.trim() || undefined,
        status: status || undefined,
        userId: userId || undefined,
        sort,
        order,
        offset: page * PAGE_SIZE,
        limit: PAGE_SIZE,
      }),
    ).finally(() => inflight.delete(key));
    if (!result) return;
    const cur = get().sessions;
    if (cur.generation !== generation) return;
    if (!result.ok && result.error.code === 'invalid_request' && text.trim())
      return patch({ searchError: result.error.message, state: 'ready', total: cur.total ?? 0 });
    if (!result.ok) return patch({ state: 'error', error: result.error.message });
    // the first answer of a new generation replaces the old rows, so the table never flashes empty
    const base = cur.pagesGeneration === generation ? cur.pages : {};
    const centre = Math.floor((cur.range[0] + cur.range[1]) / 2 / PAGE_SIZE);
    patch({
      pages: prunePages({ ...base, [page]: result.value.items }, centre),
      pagesGeneration: generation,
      pagesText: text,
      total: result.value.total,
      state: 'ready',
      error: null,
      searchError: null,
    });
  };

  const fetchVisible = () => {
    const { range, total, generation } = get().sessions;
    const pages = total === null ? [0] : pagesForRange(range[0], range[1], Math.max(total, 1));
    for (const p of pages.length ? pages : [0]) void fetchPage(p, generation);
  };

  const refresh = () => {
    patch({ generation: get().sessions.generation + 1 });
    fetchVisible();
  };
  const throttledRefresh = createThrottle(refresh, REFRESH_INTERVAL_MS);

  return {
    sessions: {
      query: { text: '', status: '', userId: '', sort: 'lastSeenAt', order: 'desc' },
      total: null,
      pages: {},
      state: 'idle',
      error: null,
      searchError: null,
      pagesText: '',
      generation: 0,
      pagesGeneration: -1,
      range: [0, 60],
      detailId: null,
      detail: null,
      detailState: 'idle',
      detailError: null,
    },
    setSessionQuery(p) {
      const s = get().sessions;
      patch({
        query: { ...s.query, ...p },
        generation: s.generation + 1,
        range: [0, 60],
        state: s.state === 'idle' ? 'loading' : s.state,
      });
      fetchVisible();
    },
    showSessionRows(start, end) {
      const s = get().sessions;
      if (s.range[0] === start && s.range[1] === end && s.state !== 'idle') return;
      patch({ range: [start, end], state: s.state === 'idle' ? 'loading' : s.state });
      const missing = pagesForRange(start, end, s.total ?? 1).filter(
        (p) => !(s.pagesGeneration === s.generation && s.pages[p]),
      );
      for (const p of missing) void fetchPage(p, s.generation);
    },
    reloadSessions: refresh,
    sessionsChanged(ids) {
      if (get().sessions.state === 'idle') return;
      throttledRefresh();
      const open = get().sessions.detailId;
      if (open && (ids.size === 0 || ids.has(open))) void get().loadSessionDetail(open, true);
    },
    openSession(id) {
      patch({ detailId: id, detail: null, detailState: id ? 'loading' : 'idle', detailError: null });
      if (id) void get().loadSessionDetail(id);
    },
    async loadSessionDetail(id, quiet) {
      if (!quiet) patch({ detailState: 'loading', detailError: null });
      const result = await onConnected(get, (api) => api.sessions.get({ sessionId: id }));
      if (!result || get().sessions.detailId !== id) return;
      if (result.ok) patch({ detail: result.value, detailState: 'ready', detailError: null });
      else if (!quiet) patch({ detailState: 'error', detailError: result.error.message });
    },
    async revokeSession(id) {
      const done = await callApi(
        get,
        (api) => api.sessions.revoke({ sessionId: id, reason: 'revoked in the console' }),
        {
          success: (s) => `Session of ${s.username} revoked.`,
          failure: 'Revoke failed',
        },
      );
      if (done) get().sessionsChanged(new Set([id]));
      return !!done;
    },
    async revokeUserSessions(userId, username) {
      const done = await callApi(
        get,
        (api) => api.sessions.revokeUser({ userId, reason: `all sessions of ${username} revoked in the console` }),
        {
          success: (r) => `${countOf(r.revoked, 'session')} of ${username} revoked.`,
          failure: 'Revoke failed',
        },
      );
      if (done) get().sessionsChanged(new Set());
      return !!done;
    },
  };
};

import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import type { SessionView } from '../../shared/admin-views';
import { PAGE_SIZE, pagesForRange } from '../lib/session-pages';
import { countOf } from '../lib/plural';
import type { ConsoleTarget } from '../store/app-slice';
import type { SessionQuery } from '../store/sessions-slice';
import { onInstance, useAdminMutation, useInstance } from './admin-query';
import { AdminCallError, messageOf } from './query-client';
import { queryKeys } from './query-keys';

/** One page's answer, with the search text it answers (what `whyMatched` explains its rows with). */
export interface SessionPage {
  items: SessionView[];
  total: number;
  text: string;
}

/** Pages scrolled away from stay this long (then memory stays bounded at 100,000 sessions). */
const PAGE_GC_MS = 30_000;

export const sessionPageQuery = (instance: ConsoleTarget, q: SessionQuery, page: number) =>
  queryOptions({
    queryKey: [...queryKeys.sessionPages(instance), q, page] as const,
    queryFn: async (): Promise<SessionPage> => {
      const answer = await onInstance(instance, (api) =>
        api.sessions.list({
          text: q.text.trim() || undefined,
          status: q.status || undefined,
          userId: q.userId || undefined,
          sort: q.sort,
          order: q.order,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
        }),
      )();
      return { items: answer.items, total: answer.total, text: q.text };
    },
    gcTime: PAGE_GC_MS,
  });

/** What the Sessions table draws: the pages under the viewport, or the previous result's until the first answer. */
export interface SessionRows {
  total: number | null;
  pages: Record<number, SessionView[]>;
  /** The search text the rows on screen answer. */
  pagesText: string;
  state: 'loading' | 'ready' | 'error';
  error: string | null;
  /** Why the server refused the search text (its syntax); the rows of the last search stay. */
  searchError: string | null;
  refetch(): void;
}

const noRows = { total: null, pages: {}, pagesText: '' };

/**
 * The fixed-size pages that cover `range` for `query`, fetched and refetched by the query cache (a
 * pushed session event invalidates them: see store/apply-events.ts). A new query shows the last
 * result's rows until its first page answers, so the table never flashes empty.
 */
export function useSessionRows(query: SessionQuery, range: [number, number]): SessionRows {
  const instance = useInstance();
  const shown = useRef<Pick<SessionRows, 'total' | 'pages' | 'pagesText'>>(noRows);
  const known = useRef<{ query: SessionQuery; total: number } | null>(null);
  const total = known.current?.query === query ? known.current.total : null;
  const pageNumbers = total === null ? [0] : pagesForRange(range[0], range[1], Math.max(total, 1));
  const results = useQueries({
    queries: (pageNumbers.length ? pageNumbers : [0]).map((p) => sessionPageQuery(instance, query, p)),
  });
  const refetch = () => results.forEach((r) => void r.refetch());

  const answered = results.filter((r) => r.data);
  const failed = results.find((r) => r.isError && !r.data)?.error;
  if (answered.length) {
    const newest = answered.reduce((a, b) => (b.dataUpdatedAt > a.dataUpdatedAt ? b : a));
    const pages: Record<number, SessionView[]> = {};
    results.forEach((r, i) => r.data && (pages[pageNumbers[i] ?? 0] = r.data.items));
    known.current = { query, total: newest.data!.total };
    shown.current = { total: newest.data!.total, pages, pagesText: newest.data!.text };
    return { ...shown.current, state: 'ready', error: null, searchError: null, refetch };
  }
  if (failed instanceof AdminCallError && failed.code === 'invalid_request' && query.text.trim())
    return {
      ...shown.current,
      total: shown.current.total ?? 0,
      state: 'ready',
      error: null,
      searchError: failed.message,
      refetch,
    };
  if (failed) return { ...noRows, state: 'error', error: messageOf(failed), searchError: null, refetch };
  return {
    ...shown.current,
    state: shown.current.total === null ? 'loading' : 'ready',
    error: null,
    searchError: null,
    refetch,
  };
}

export const sessionDetailQuery = (instance: ConsoleTarget, id: string) =>
  queryOptions({
    queryKey: queryKeys.sessionDetail(instance, id),
    queryFn: onInstance(instance, (api) => api.sessions.get({ sessionId: id })),
  });

export const useSessionDetail = (id: string | null) =>
  useQuery({ ...sessionDetailQuery(useInstance(), id ?? ''), enabled: !!id });

/** A revocation changes the sessions (rows, details) and the users' session counts. */
const sessionChange = {
  domain: 'sessions',
  invalidates: (i: ConsoleTarget) => [queryKeys.sessions(i), queryKeys.userSessionsAll(i)],
};

export function useSessionActions() {
  const revoke = useAdminMutation({
    ...sessionChange,
    run: (api, sessionId: string) => api.sessions.revoke({ sessionId, reason: 'revoked in the console' }),
    success: (s) => `Session of ${s.username} revoked.`,
    failure: 'Revoke failed',
  });
  const revokeUser = useAdminMutation({
    ...sessionChange,
    run: (api, v: { userId: string; username: string }) =>
      api.sessions.revokeUser({ userId: v.userId, reason: `all sessions of ${v.username} revoked in the console` }),
    success: (r, v) => `${countOf(r.revoked, 'session')} of ${v.username} revoked.`,
    failure: 'Revoke failed',
  });
  return {
    revokeSession: async (id: string) => !!(await revoke.run(id)),
    revokeUserSessions: async (userId: string, username: string) => !!(await revokeUser.run({ userId, username })),
  };
}

import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import type { SessionView } from '../../shared/admin-views';
import { useRef } from 'react';
import { PAGE_SIZE, pagesForRange } from '../lib/session-pages';
import { NO_ROWS, settleRows, type RowsState, type ShownRows } from '../lib/session-rows';
import { countOf } from '../lib/plural';
import type { ConsoleTarget } from '../store/app-slice';
import type { SessionQuery } from '../store/sessions-slice';
import { onInstance, useAdminMutation, useInstance } from './admin-query';
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

export interface SessionRows extends RowsState {
  refetch(): void;
}

/**
 * The fixed-size pages that cover `range` for `query`, fetched and refetched by the query cache (a
 * pushed session event invalidates them: see store/apply-events.ts). A new query shows the last
 * result's rows until its first page answers, so the table never flashes empty.
 */
export function useSessionRows(query: SessionQuery, range: [number, number]): SessionRows {
  const instance = useInstance();
  // what was last shown, and the total of the query asked, are of this instance only
  const shown = useRef<{ instance: ConsoleTarget; rows: ShownRows }>({ instance, rows: NO_ROWS });
  if (shown.current.instance !== instance) shown.current = { instance, rows: NO_ROWS };
  const known = useRef<{ instance: ConsoleTarget; query: SessionQuery; total: number } | null>(null);
  const total = known.current?.instance === instance && known.current.query === query ? known.current.total : null;
  const inView = total === null ? [] : pagesForRange(range[0], range[1], Math.max(total, 1));
  const pageNumbers = inView.length ? inView : [0];
  const results = useQueries({ queries: pageNumbers.map((p) => sessionPageQuery(instance, query, p)) });
  const rows = settleRows(
    results.map((r, i) => ({ page: pageNumbers[i]!, data: r.data, updatedAt: r.dataUpdatedAt, error: r.error })),
    !!query.text.trim(),
    shown.current.rows,
  );
  if (rows.state === 'ready' && !rows.searchError && rows.total !== null) {
    shown.current = { instance, rows };
    if (results.some((r) => r.data)) known.current = { instance, query, total: rows.total };
  }
  return { ...rows, refetch: () => results.forEach((r) => void r.refetch()) };
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

import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntryView } from '../../shared/admin-views';
import type { ConsoleTarget } from '../store/app-slice';
import { onInstance, useInstance } from './admin-query';
import type { AuditFilter } from './audit-filter';
import { queryKeys } from './query-keys';

export const AUDIT_PAGE = 100;

/**
 * The audit log for one filter, newest first, a page at a time (each older page starts before the
 * oldest entry shown). Entries pushed live are put in front by the event router, without a round trip.
 */
export const auditQuery = (instance: ConsoleTarget, filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: [...queryKeys.audit(instance), filter] as const,
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) =>
      onInstance(instance, (api) =>
        api.audit.list({
          type: filter.type || undefined,
          text: filter.text || undefined,
          beforeId: pageParam,
          limit: AUDIT_PAGE,
        }),
      )(),
    getNextPageParam: (last: AuditEntryView[]) => (last.length === AUDIT_PAGE ? last.at(-1)?.id : undefined),
  });

/** The filter as the server applies it (the text trimmed), so equal searches share one cache entry. */
export const auditRequestFilter = (f: AuditFilter): AuditFilter => ({ type: f.type, text: f.text.trim() });

export const useAuditLog = (filter: AuditFilter) =>
  useInfiniteQuery(auditQuery(useInstance(), auditRequestFilter(filter)));

import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { AdminRequest } from '../../shared/admin-api';
import type { DenylistEntryView, SessionView } from '../../shared/admin-views';
import { DENYLIST_PAGE } from '../lib/denylist-pages';
import { formatDateTime, shortId } from '../lib/time';
import type { ConsoleTarget } from '../store/app-slice';
import type { DenylistQuery } from '../store/denylist-slice';
import { useStore } from '../store/store';
import { onInstance, useAdminMutation, useInstance } from './admin-query';
import { AdminCallError, callAdmin, messageOf } from './query-client';
import { queryKeys } from './query-keys';

/** One way to add an entry: a pasted token, a jti, a session, a user. */
export type DenylistAddRequest = AdminRequest<'denylist.add'>;

export const denylistQuery = (instance: ConsoleTarget, q: DenylistQuery) =>
  queryOptions({
    queryKey: [...queryKeys.denylist(instance), q] as const,
    queryFn: onInstance(instance, (api) =>
      api.denylist.list({
        kind: q.kind || undefined,
        subject: q.subject || undefined,
        offset: q.offset,
        limit: DENYLIST_PAGE,
      }),
    ),
  });

/** One page of entries; while another page or filter loads, the rows shown stay. */
export const useDenylist = (q: DenylistQuery) =>
  useQuery({ ...denylistQuery(useInstance(), q), placeholderData: keepPreviousData });

const denylistChange = { domain: 'denylist', invalidates: (i: ConsoleTarget) => [queryKeys.denylist(i)] };

export function useDenylistActions() {
  const instance = useInstance();
  const add = useAdminMutation({
    ...denylistChange,
    run: (api, request: DenylistAddRequest) => api.denylist.add(request),
    success: (e, request) => addedMessage(e, request.kind ?? 'token'),
  });
  const remove = useAdminMutation({
    ...denylistChange,
    run: (api, entry: DenylistEntryView) => api.denylist.remove({ kind: entry.kind, subject: entry.subject }),
    success: (_, entry) => `Entry for ${entry.subject.slice(0, 12)}… removed.`,
    failure: 'Remove failed',
  });
  /** The session an id names, for the add form's check before a session is revoked (stable: checked as typed). */
  const findSession = useCallback(
    async (sessionId: string): Promise<{ session: SessionView } | { error: string }> => {
      try {
        const detail = await callAdmin(useStore.getState().apis?.[instance], (api) => api.sessions.get({ sessionId }));
        return { session: detail.session };
      } catch (error) {
        if (error instanceof AdminCallError && error.code === 'not_found') return { error: 'No session has this id.' };
        return { error: messageOf(error) };
      }
    },
    [instance],
  );
  return {
    /** Resolves to an error message to show next to the form, or null on success. */
    async addToDenylist(request: DenylistAddRequest) {
      const result = await add.attempt(request);
      return 'error' in result ? result.error : null;
    },
    removeFromDenylist: async (entry: DenylistEntryView) => void (await remove.run(entry)),
    findSession,
  };
}

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

import { useCallback, useEffect } from 'react';
import { SearchToolbar, useDebouncedSearch } from '../../components/search-toolbar';
import { useShallow } from 'zustand/react/shallow';
import type { DenylistEntryView } from '../../../shared/admin-views';
import { Badge, Countdown } from '../../components/badges';
import { EmptyState, ErrorState, LoadingState, Panel, ScreenHeader } from '../../components/states';
import { TableHead } from '../../components/table-head';
import { formatDateTime, formatDateTimeCompact, shortId } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import type { DenylistKindFilter } from '../../store/denylist-slice';
import { DENYLIST_PAGE, pageAfterPrune } from '../../lib/denylist-pages';
import { useDenylist, useDenylistActions } from '../../server-state/denylist';
import { messageOf } from '../../server-state/query-client';
import { useStore } from '../../store/store';
import { DenylistAddForm } from './denylist-add-form';

const KIND_LABEL = {
  jti: 'Access token (jti)',
  sid: 'Session (sid)',
  user: 'User token version',
  client: 'Client token version',
} as const;
const FINAL: Record<Exclude<DenylistEntryView['kind'], 'jti'>, string> = {
  sid: 'A session revocation is final: the session stays revoked, so its entry stays until its tokens expire.',
  user: "A token-version bump is final: the user's older tokens stay invalid until they expire.",
  client:
    "A client's token-version bump (disabled, deleted or secret rotated) is final: the tokens it got for itself stay invalid until they expire.",
};

/** The denylist, checked in memory on every request; every entry is dropped once nothing it covers can be valid. */
export function DenylistScreen() {
  const { list, setQuery } = useStore(useShallow((s) => ({ list: s.denylist, setQuery: s.setDenylistQuery })));
  const { removeFromDenylist: remove } = useDenylistActions();
  const page = useDenylist(list);
  const entries = page.data?.items ?? [];
  const total = page.data?.total ?? 0;
  const { offset } = list;
  const ready = page.isSuccess;
  const now = useServerNow();
  const commitSubject = useCallback((text: string) => setQuery({ subject: text.trim() }), [setQuery]);
  const [subject, setSubject] = useDebouncedSearch(list.subject, commitSubject, 150);
  // the last page can empty under a prune: step back to the page that now holds the end
  const back = page.data && !page.isPlaceholderData ? pageAfterPrune(offset, entries.length, total) : null;
  useEffect(() => {
    if (back !== null) setQuery({ offset: back });
  }, [back, setQuery]);
  const filtered = !!(list.kind || list.subject);

  return (
    <div className="screen">
      <ScreenHeader
        title="Denylist"
        subtitle="Denylisted access tokens, revoked sessions and user token versions, checked in memory on every request. Entries are pruned once every token they cover has expired."
      />
      <DenylistAddForm />
      <Panel title={`Entries${ready ? ` (${total.toLocaleString('en')})` : ''}`} labelledBy="denylist-entries-title">
        <SearchToolbar
          label="Filter the denylist"
          searchLabel="Subject starts with"
          placeholder="Subject (jti, session id, user id) starts with…"
          value={subject}
          onChange={setSubject}
        >
          <label className="field field-inline">
            <span>Kind</span>
            <select
              aria-label="Kind"
              value={list.kind}
              onChange={(e) => void setQuery({ kind: e.target.value as DenylistKindFilter })}
            >
              <option value="">Any</option>
              <option value="jti">{KIND_LABEL.jti}</option>
              <option value="sid">{KIND_LABEL.sid}</option>
              <option value="user">{KIND_LABEL.user}</option>
              <option value="client">{KIND_LABEL.client}</option>
            </select>
          </label>
          <Pager offset={offset} total={total} onPage={(o) => void setQuery({ offset: o })} />
        </SearchToolbar>
        {page.isPending && <LoadingState label="Loading the denylist…" />}
        {page.isError && <ErrorState message={messageOf(page.error)} onRetry={() => void page.refetch()} />}
        {ready &&
          entries.length === 0 &&
          (filtered ? (
            <EmptyState title="No entry matches">Change the kind or the subject filter.</EmptyState>
          ) : (
            <EmptyState title="The denylist is empty">
              Add a token, a jti, a session or a user above; revoking a session or bumping a user&apos;s token version
              elsewhere adds one too.
            </EmptyState>
          ))}
        {ready && entries.length > 0 && (
          <table className="table" aria-label="Denylist entries">
            <TableHead columns={['Kind', 'Subject', 'Reason', 'Added', 'Prunable', { hidden: 'Actions' }]} />
            <tbody>
              {entries.map((e) => (
                <tr key={`${e.kind}:${e.subject}`} data-denylist-subject={e.subject}>
                  <td>
                    <Badge
                      value={e.kind}
                      tone={e.kind === 'jti' ? 'info' : e.kind === 'sid' ? 'warn' : 'danger'}
                      label={KIND_LABEL[e.kind]}
                    />
                  </td>
                  <td className="denylist-subject">
                    {e.name && (
                      <span className="denylist-name cut" title={`${e.name} (${e.subject})`}>
                        {e.name}
                      </span>
                    )}
                    <span className="mono small muted" title={e.subject}>
                      {shortId(e.subject, 18)}
                    </span>
                    {e.kind === 'user' && <span className="muted small"> · versions below {e.value}</span>}
                  </td>
                  <td>{e.reason}</td>
                  <td title={formatDateTime(e.createdAt)}>{formatDateTimeCompact(e.createdAt)}</td>
                  <td title={formatDateTime(e.pruneAfter)}>
                    {formatDateTimeCompact(e.pruneAfter)}{' '}
                    <span className="muted small">
                      (<Countdown at={e.pruneAfter} now={now} />)
                    </span>
                  </td>
                  <td className="cell-actions">
                    {e.kind === 'jti' ? (
                      <button
                        type="button"
                        className="btn btn-sm"
                        aria-label={`Remove denylist entry ${e.subject}`}
                        onClick={() => void remove(e)}
                      >
                        Remove
                      </button>
                    ) : (
                      <span className="muted small" title={FINAL[e.kind]}>
                        final
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
    </div>
  );
}

function Pager({ offset, total, onPage }: { offset: number; total: number; onPage: (offset: number) => void }) {
  if (total <= DENYLIST_PAGE) return null;
  const last = Math.min(offset + DENYLIST_PAGE, total);
  return (
    <span className="toolbar-count" aria-live="polite">
      <button
        type="button"
        className="btn btn-sm"
        disabled={offset === 0}
        onClick={() => onPage(Math.max(0, offset - DENYLIST_PAGE))}
        aria-label="Previous page"
      >
        ‹
      </button>{' '}
      {(offset + 1).toLocaleString('en')}–{last.toLocaleString('en')} of {total.toLocaleString('en')}{' '}
      <button
        type="button"
        className="btn btn-sm"
        disabled={last >= total}
        onClick={() => onPage(offset + DENYLIST_PAGE)}
        aria-label="Next page"
      >
        ›
      </button>
    </span>
  );
}

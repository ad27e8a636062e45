import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { DenylistEntryView } from '../../../shared/admin-views';
import { Badge, Countdown } from '../../components/badges';
import { EmptyState, ErrorState, LoadingState, Panel, ScreenHeader } from '../../components/states';
import { TableHead } from '../../components/table-head';
import { formatDateTime, formatDateTimeCompact, shortId } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { DENYLIST_PAGE, type DenylistKindFilter } from '../../store/denylist-slice';
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
  const { list, load, setQuery, remove } = useStore(
    useShallow((s) => ({
      list: s.denylist,
      load: s.loadDenylist,
      setQuery: s.setDenylistQuery,
      remove: s.removeFromDenylist,
    })),
  );
  const { entries, total, offset, state, error } = list;
  const now = useServerNow();
  const [subject, setSubject] = useState(list.subject);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (subject === list.subject) return;
    const t = setTimeout(() => void setQuery({ subject: subject.trim() }), 150);
    return () => clearTimeout(t);
  }, [subject, list.subject, setQuery]);
  const filtered = !!(list.kind || list.subject);

  return (
    <div className="screen">
      <ScreenHeader
        title="Denylist"
        subtitle="Denylisted access tokens, revoked sessions and user token versions, checked in memory on every request. Entries are pruned once every token they cover has expired."
      />
      <DenylistAddForm />
      <Panel
        title={`Entries${state === 'ready' ? ` (${total.toLocaleString('en')})` : ''}`}
        labelledBy="denylist-entries-title"
      >
        <div className="toolbar" role="search" aria-label="Filter the denylist">
          <label className="field field-inline field-grow">
            <span className="visually-hidden">Subject starts with</span>
            <input
              type="search"
              placeholder="Subject (jti, session id, user id) starts with…"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              aria-label="Subject starts with"
            />
          </label>
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
        </div>
        {state === 'loading' && <LoadingState label="Loading the denylist…" />}
        {state === 'error' && (
          <ErrorState message={error ?? 'Could not load the denylist.'} onRetry={() => void load()} />
        )}
        {state === 'ready' &&
          entries.length === 0 &&
          (filtered ? (
            <EmptyState title="No entry matches">Change the kind or the subject filter.</EmptyState>
          ) : (
            <EmptyState title="The denylist is empty">
              Add a token, a jti, a session or a user above; revoking a session or bumping a user&apos;s token version
              elsewhere adds one too.
            </EmptyState>
          ))}
        {state === 'ready' && entries.length > 0 && (
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

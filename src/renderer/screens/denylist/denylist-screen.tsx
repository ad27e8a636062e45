import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Badge, Countdown } from '../../components/badges';
import { EmptyState, ErrorState, LoadingState, Panel, ScreenHeader } from '../../components/states';
import { formatDateTime, shortId } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { useStore } from '../../store/store';
import { DenylistAddForm } from './denylist-add-form';
import { TableHead } from '../../components/table-head';

const KIND_LABEL = { jti: 'Access token (jti)', sid: 'Session (sid)', user: 'User token version' } as const;

/** In-memory revocation sets, persisted: every entry is dropped once nothing it covers can be valid. */
export function DenylistScreen() {
  const { entries, state, error, load, remove } = useStore(
    useShallow((s) => ({ entries: s.denylist.entries, state: s.denylist.state, error: s.denylist.error, load: s.loadDenylist, remove: s.removeFromDenylist })),
  );
  const now = useServerNow();
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="screen">
      <ScreenHeader title="Denylist" subtitle="Revoked token ids, sessions and user token versions, checked in memory on every request. Entries are pruned once every token they cover has expired." />
      <DenylistAddForm />
      <Panel title={`Entries${state === 'ready' ? ` (${entries.length})` : ''}`} labelledBy="denylist-entries-title">
        {state === 'loading' && <LoadingState label="Loading the denylist…" />}
        {state === 'error' && <ErrorState message={error ?? 'Could not load the denylist.'} onRetry={() => void load()} />}
        {state === 'ready' && entries.length === 0 && (
          <EmptyState title="The denylist is empty">Revoke a session, bump a user&apos;s token version, or paste a token above to add an entry.</EmptyState>
        )}
        {state === 'ready' && entries.length > 0 && (
          <table className="table" aria-label="Denylist entries">
            <TableHead columns={['Kind', 'Subject', 'Reason', 'Added', 'Prunable', { hidden: 'Actions' }]} />
            <tbody>
              {entries.map((e) => (
                <tr key={`${e.kind}:${e.subject}`} data-denylist-subject={e.subject}>
                  <td><Badge value={e.kind} tone={e.kind === 'jti' ? 'info' : e.kind === 'sid' ? 'warn' : 'danger'} label={KIND_LABEL[e.kind]} /></td>
                  <td className="mono" title={e.subject}>
                    {shortId(e.subject, 18)}
                    {e.kind === 'user' && <span className="muted small"> · versions below {e.value}</span>}
                  </td>
                  <td>{e.reason}</td>
                  <td>{formatDateTime(e.createdAt)}</td>
                  <td>
                    {formatDateTime(e.pruneAfter)} <span className="muted small">(<Countdown at={e.pruneAfter} now={now} />)</span>
                  </td>
                  <td className="cell-actions">
                    <button type="button" className="btn btn-sm" aria-label={`Remove denylist entry ${e.subject}`} onClick={() => void remove(e)}>
                      Remove
                    </button>
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

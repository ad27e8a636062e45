import { useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SessionView } from '../../../shared/admin-views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { EmptyState, ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { shortId } from '../../lib/time';
import { useStore } from '../../store/store';
import { useSessionActions, useSessionRows } from '../../server-state/sessions';
import { useUsers } from '../../server-state/users';
import { findRowTarget } from '../../lib/use-detail-panel';
import { SESSION_DETAIL_ID, SessionDetailPanel } from './session-detail';
import { SessionsFilters } from './sessions-filters';
import { SessionsTable } from './sessions-table';

/** What a revoke asks to confirm, and where it was asked from (the table's row or the detail panel). */
type Pending =
  | { kind: 'one'; session: SessionView; from: 'row' | 'panel' }
  | { kind: 'user'; userId: string; username: string; from: 'panel' }
  | null;

/**
 * After a confirmed revoke, focus goes where the reader was, not to the Revoke button the revoke
 * removes (in a row) or disables (in the panel): the panel, else the session's row, else the screen.
 */
function focusAfterRevoke(done: NonNullable<Pending>): HTMLElement | null {
  const panel = document.getElementById(SESSION_DETAIL_ID);
  if (done.from === 'panel' && panel) return panel;
  const row = done.kind === 'one' && findRowTarget(`.vrow[data-session-id="${CSS.escape(done.session.id)}"]`);
  return row || document.getElementById('main');
}

export function SessionsScreen() {
  const { query, range, detailId } = useStore(useShallow((s) => s.sessions));
  const filtered = !!(query.text || query.status || query.userId);
  const rows = useSessionRows(query, range);
  const { state, error, total } = rows;
  const users = useUsers().data ?? []; // for the user filter
  const { revokeSession, revokeUserSessions } = useSessionActions();
  const [pending, setPending] = useState<Pending>(null);
  const [busy, setBusy] = useState(false);
  const confirmed = useRef<NonNullable<Pending> | null>(null);

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    if (pending.kind === 'one') await revokeSession(pending.session.id);
    else await revokeUserSessions(pending.userId, pending.username);
    setBusy(false);
    confirmed.current = pending;
    setPending(null);
  };

  return (
    <div className={`screen screen-sessions ${detailId ? 'has-detail' : ''}`}>
      <ScreenHeader
        title="Sessions"
        subtitle="Server-side sessions, live. Revoking one rejects its access tokens at once, without waiting for them to expire."
      />
      <SessionsFilters total={total} searchError={rows.searchError} users={users} />
      <div className="sessions-body">
        <div className="sessions-main">
          {state === 'error' && <ErrorState message={error ?? 'Could not load sessions.'} onRetry={rows.refetch} />}
          {state !== 'error' && total === 0 && (
            <EmptyState title={filtered ? 'No session matches these filters' : 'No sessions yet'}>
              {filtered
                ? 'Clear the search or pick another status or user.'
                : 'Log a user in (POST /auth/login) or mint a token in the inspector; it appears here live.'}
            </EmptyState>
          )}
          {state !== 'error' && total === null && <LoadingState label="Loading sessions…" />}
          {state !== 'error' && !!total && (
            <SessionsTable rows={rows} onRevoke={(session) => setPending({ kind: 'one', session, from: 'row' })} />
          )}
        </div>
        {detailId && (
          <SessionDetailPanel
            onRevoke={(session) => setPending({ kind: 'one', session, from: 'panel' })}
            onRevokeUser={(userId, username) => setPending({ kind: 'user', userId, username, from: 'panel' })}
          />
        )}
      </div>
      <ConfirmDialog
        open={!!pending}
        title={pending?.kind === 'user' ? `Revoke all sessions of ${pending.username}?` : 'Revoke this session?'}
        confirmLabel={pending?.kind === 'user' ? 'Revoke all sessions' : 'Revoke session'}
        danger
        busy={busy}
        onConfirm={() => void confirm()}
        onCancel={() => {
          confirmed.current = null;
          setPending(null);
        }}
        returnFocus={() => {
          const done = confirmed.current;
          confirmed.current = null;
          return done && focusAfterRevoke(done);
        }}
      >
        {pending?.kind === 'one' && (
          <p>
            The session <code>{shortId(pending.session.id, 12)}</code> of <strong>{pending.session.username}</strong> (
            {pending.session.device}, {pending.session.ip}) ends now. Its access tokens are rejected on their next use
            and its refresh token no longer works.
          </p>
        )}
        {pending?.kind === 'user' && (
          <p>
            Every active session of <strong>{pending.username}</strong> ends now, on every device. The user has to log
            in again.
          </p>
        )}
      </ConfirmDialog>
    </div>
  );
}

import { useShallow } from 'zustand/react/shallow';
import type { SessionView } from '../../../shared/admin-views';
import { Badge, Countdown } from '../../components/badges';
import { ErrorState, LoadingState } from '../../components/states';
import { formatDateTime } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { useStore } from '../../store/store';
import { AccessTokenList, SessionEvents } from './session-lists';
import { RefreshChain } from './refresh-chain';

interface Props {
  onRevoke(s: SessionView): void;
  onRevokeUser(userId: string, username: string): void;
}

/** Everything about one session: who, where, until when, its refresh family and its tokens. */
export function SessionDetailPanel({ onRevoke, onRevokeUser }: Props) {
  const { detail, state, error, detailId, open, reload } = useStore(
    useShallow((s) => ({
      detail: s.sessions.detail,
      state: s.sessions.detailState,
      error: s.sessions.detailError,
      detailId: s.sessions.detailId,
      open: s.openSession,
      reload: s.loadSessionDetail,
    })),
  );
  const now = useServerNow();
  const s = detail?.session;
  return (
    <aside className="detail" aria-label="Session detail">
      <header className="detail-head">
        <div>
          <div className="eyebrow">Session</div>
          <h2>
            <span className="cut" title={s?.username}>
              {s ? s.username : 'Loading…'}
            </span>{' '}
            {s && <Badge value={s.status} />}
          </h2>
        </div>
        <button type="button" className="icon-btn" aria-label="Close session detail" onClick={() => open(null)}>
          ×
        </button>
      </header>
      {state === 'loading' && !detail && <LoadingState label="Loading session…" />}
      {state === 'error' && (
        <ErrorState
          message={error ?? 'Could not load the session.'}
          onRetry={() => detailId && void reload(detailId)}
        />
      )}
      {detail && s && (
        <div className="detail-body">
          <dl className="facts">
            <dt>Session id</dt>
            <dd className="mono selectable">{s.id}</dd>
            <dt>Apps</dt>
            <dd>
              {s.clients.length
                ? s.clients.map((c) => (
                    <span
                      key={c.clientId}
                      className="app-chip"
                      title={`${c.clientId}, first tokens ${formatDateTime(c.firstAt)}`}
                    >
                      {c.name}
                    </span>
                  ))
                : "Gatehouse's login API (no app)"}
            </dd>
            <dt>Device</dt>
            <dd>{s.device}</dd>
            <dt>User agent</dt>
            <dd className="mono small">{s.userAgent || '—'}</dd>
            <dt>IP address</dt>
            <dd className="mono">{s.ip}</dd>
            <dt>Created</dt>
            <dd>{formatDateTime(s.createdAt)}</dd>
            <dt>Last seen</dt>
            <dd>{formatDateTime(s.lastSeenAt)}</dd>
            <dt>Idle expiry</dt>
            <dd>
              {formatDateTime(s.idleExpiresAt)}{' '}
              <Countdown at={s.idleExpiresAt} now={now} inactive={s.status !== 'active'} />
            </dd>
            <dt>Absolute expiry</dt>
            <dd>
              {formatDateTime(s.absoluteExpiresAt)}{' '}
              <Countdown at={s.absoluteExpiresAt} now={now} inactive={s.status !== 'active'} />
            </dd>
            {s.revokedAt && (
              <>
                <dt>Revoked</dt>
                <dd>
                  {formatDateTime(s.revokedAt)} — {s.revokedReason}
                </dd>
              </>
            )}
          </dl>
          <div className="button-row">
            <button
              type="button"
              className="btn btn-danger"
              disabled={s.status !== 'active'}
              onClick={() => onRevoke(s)}
            >
              Revoke session
            </button>
            <button type="button" className="btn" onClick={() => onRevokeUser(s.userId, s.username)}>
              <span className="cut" title={`Revoke all of ${s.username}`}>
                Revoke all of {s.username}
              </span>
            </button>
          </div>
          <h3>Refresh token family</h3>
          <RefreshChain family={detail.family} events={detail.events} session={s} now={now} />
          <h3>Access tokens issued</h3>
          <AccessTokenList tokens={detail.accessTokens} now={now} />
          <h3>Audit events</h3>
          <SessionEvents events={detail.events} session={s} />
        </div>
      )}
    </aside>
  );
}

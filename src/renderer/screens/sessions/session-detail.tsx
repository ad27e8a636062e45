import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SessionView } from '../../../shared/admin-views';
import { Badge, Countdown } from '../../components/badges';
import { ErrorState, LoadingState } from '../../components/states';
import { formatDateTime } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { useDetailPanel } from '../../lib/use-detail-panel';
import { useStore } from '../../store/store';
import { messageOf } from '../../server-state/query-client';
import { useSessionDetail } from '../../server-state/sessions';
import { groupFamilies } from '../../lib/refresh-families';
import { AccessTokenList, SessionEvents } from './session-lists';
import { RefreshChain } from './refresh-chain';
import { LogoutDeliveries, SessionApps } from './session-apps';

/** The panel's element id: a revoke confirmed from the panel gives focus back to it. */
export const SESSION_DETAIL_ID = 'session-detail';

interface Props {
  onRevoke(s: SessionView): void;
  onRevokeUser(userId: string, username: string): void;
}

/**
 * Everything about one session: who, where, until when, the apps that got tokens in it, its
 * refresh families (one per app), its tokens, and the logout notices sent to its apps when it ended.
 */
export function SessionDetailPanel({ onRevoke, onRevokeUser }: Props) {
  const { detailId, open } = useStore(useShallow((s) => ({ detailId: s.sessions.detailId, open: s.openSession })));
  const query = useSessionDetail(detailId);
  const detail = query.data ?? null;
  const now = useServerNow();
  const { panelProps, close } = useDetailPanel(
    detailId,
    () => open(null),
    detailId && `.vrow[data-session-id="${CSS.escape(detailId)}"]`,
  );
  const s = detail?.session;
  const families = useMemo(() => (detail ? groupFamilies(detail.family, detail.session.clients) : []), [detail]);
  return (
    <aside id={SESSION_DETAIL_ID} className="detail" aria-label="Session detail" {...panelProps}>
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
        <button type="button" className="icon-btn" aria-label="Close session detail" onClick={close}>
          ×
        </button>
      </header>
      {query.isPending && <LoadingState label="Loading session…" />}
      {query.isError && !detail && <ErrorState message={messageOf(query.error)} onRetry={() => void query.refetch()} />}
      {detail && s && (
        <div className="detail-body">
          <dl className="facts">
            <dt>Session id</dt>
            <dd className="mono selectable">{s.id}</dd>
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
          <h3>Apps in this session</h3>
          <SessionApps session={s} family={detail.family} />
          <h3>{families.length > 1 ? `Refresh token families (${families.length})` : 'Refresh token family'}</h3>
          {families.length === 0 && (
            <p className="muted">
              No refresh token was issued in this session (minted in the console, or a sign-in whose app has not
              redeemed its code yet).
            </p>
          )}
          {families.map((g) => (
            <div key={g.clientId ?? ''} className="family">
              {families.length > 1 && (
                <div className="family-head small">
                  <strong className="cut" title={g.clientId ?? undefined}>
                    {g.name}
                  </strong>
                  {g.clientId !== null && <span className="mono muted cut">{g.clientId}</span>}
                </div>
              )}
              <RefreshChain group={g} events={detail.events} session={s} now={now} />
            </div>
          ))}
          <h3>Access tokens issued</h3>
          <AccessTokenList tokens={detail.accessTokens} now={now} />
          <h3>Back-channel logout</h3>
          <LogoutDeliveries session={s} deliveries={detail.deliveries} />
          <h3>Audit events</h3>
          <SessionEvents events={detail.events} session={s} />
        </div>
      )}
    </aside>
  );
}

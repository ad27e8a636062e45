import type { SessionView } from '../../../shared/admin-views';
import type { AuditEntry } from '../../../shared/events';
import { Badge } from '../../components/badges';
import type { RefreshFamilyGroup } from '../../lib/refresh-families';
import { formatDateTime, shortId } from '../../lib/time';

interface Props {
  group: RefreshFamilyGroup;
  events: AuditEntry[];
  session: SessionView;
  now: number;
}

/**
 * One refresh-token family drawn as a chain: each rotation hands over to its child; a token
 * presented again after rotation (reuse) is marked on its link, and ends the session. A session
 * has one family per app that got tokens in it, and one for Gatehouse's own login API.
 */
export function RefreshChain({ group, events, session, now }: Props) {
  const reused = new Map<string, AuditEntry>();
  for (const e of events)
    if (e.type === 'refresh.reuse_detected' && typeof e.detail.tokenId === 'string') reused.set(e.detail.tokenId, e);
  return (
    <ol className="chain" aria-label={`Refresh token family: ${group.name}`}>
      {group.links.map((link, i) => {
        const reuse = reused.get(link.id);
        const expired = link.status === 'active' && link.expiresAt <= now;
        return (
          <li key={link.id} className={`chain-link chain-${reuse ? 'reused' : link.status}`}>
            <span className="chain-dot" aria-hidden="true" />
            <div className="chain-card">
              <div className="chain-title">
                <span className="mono">{shortId(link.id, 10)}</span>
                <span className="muted small">
                  {i > 0 ? `rotation ${i}` : group.clientId === null ? 'issued at login' : 'issued at code exchange'}
                </span>
                <Badge value={expired ? 'expired' : link.status} />
                {reuse && <Badge value="reuse" tone="danger" label="reuse detected" />}
              </div>
              <div className="chain-meta small">
                created {formatDateTime(link.createdAt)}
                {link.usedAt !== null && <> · used {formatDateTime(link.usedAt)}</>}
                {link.status === 'active' && <> · expires {formatDateTime(link.expiresAt)}</>}
              </div>
              {reuse && (
                <div className="chain-alert small" role="note">
                  Presented again at {formatDateTime(reuse.at)} from {String(reuse.detail.ip ?? 'unknown IP')}: the
                  family and its session were revoked.
                </div>
              )}
            </div>
          </li>
        );
      })}
      {session.status === 'revoked' && (
        <li className="chain-link chain-end">
          <span className="chain-dot" aria-hidden="true" />
          <div className="chain-card small">
            Session revoked {session.revokedAt ? formatDateTime(session.revokedAt) : ''}: {session.revokedReason}
          </div>
        </li>
      )}
    </ol>
  );
}

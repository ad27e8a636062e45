import { EXPIRED_TOKEN_RETENTION, type IssuedTokenView, type SessionView } from '../../../shared/admin-views';
import type { AuditEntry } from '../../../shared/events';
import { Badge, Countdown } from '../../components/badges';
import { formatDateTime, formatDateTimeCompact, shortId } from '../../lib/time';
import { countOf } from '../../lib/plural';
import { useStore } from '../../store/store';
import { useUsers } from '../../server-state/users';
import { TableHead } from '../../components/table-head';

/** Access tokens minted for the session, newest first, with the key that signed each. */
export function AccessTokenList({ tokens, now }: { tokens: IssuedTokenView[]; now: number }) {
  const setScreen = useStore((s) => s.setScreen);
  if (!tokens.length)
    return (
      <p className="muted">
        No access token issued in the last {countOf(EXPIRED_TOKEN_RETENTION / 3600, 'hour')} (an expired one is listed
        for {countOf(EXPIRED_TOKEN_RETENTION / 3600, 'hour')} after it expired).
      </p>
    );
  return (
    <table className="table table-compact" aria-label="Access tokens issued">
      <TableHead columns={['jti', 'Key', 'Issued', 'Expires', 'State']} />
      <tbody>
        {[...tokens]
          .sort((a, b) => b.issuedAt - a.issuedAt)
          .map((t) => (
            <tr key={t.jti}>
              <td className="mono" title={t.jti}>
                {shortId(t.jti, 10)}
              </td>
              <td>
                <button
                  type="button"
                  className="link mono"
                  title={`Show key ${t.kid}`}
                  onClick={() => setScreen('keys')}
                >
                  {shortId(t.kid, 8)}
                </button>
              </td>
              <td title={formatDateTime(t.issuedAt)}>{formatDateTimeCompact(t.issuedAt)}</td>
              <td>
                <Countdown at={t.expiresAt} now={now} />
              </td>
              <td>
                {t.denylisted ? (
                  <Badge value="denylisted" tone="danger" />
                ) : t.expiresAt > now ? (
                  <Badge value="live" tone="ok" />
                ) : (
                  <Badge value="expired" />
                )}
              </td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}

/** The session's audit trail: creation, refreshes, reuse, revocation; actors by name, not by user id. */
export function SessionEvents({ events, session }: { events: AuditEntry[]; session: SessionView }) {
  const users = useUsers().data ?? [];
  if (!events.length) return <p className="muted">No audit events for this session.</p>;
  // actors are user ids, or admin / system / anonymous
  const nameOf = (actor: string) =>
    actor === session.userId ? session.username : (users.find((u) => u.id === actor)?.username ?? actor);
  return (
    <ul className="event-list" aria-label="Session audit events">
      {events.map((e) => (
        <li key={e.id}>
          <span className="small muted">{formatDateTime(e.at)}</span>
          <Badge value={e.type} tone={e.type.includes('reuse') || e.type.includes('revoked') ? 'danger' : 'info'} />
          <span className="small event-actor" title={e.actor}>
            by {nameOf(e.actor)}
          </span>
        </li>
      ))}
    </ul>
  );
}

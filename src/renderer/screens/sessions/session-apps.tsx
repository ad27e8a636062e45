import type { LogoutDeliveryView, RefreshLinkView, SessionView } from '../../../shared/admin-views';
import { Badge } from '../../components/badges';
import { LOGIN_API } from '../../lib/refresh-families';
import { formatDateTime } from '../../lib/time';
import { useStore } from '../../store/store';
import { countOf } from '../../lib/plural';

/** The apps (OAuth clients) that got tokens in the session, with whether each still holds a live refresh token. */
export function SessionApps({ session, family }: { session: SessionView; family: RefreshLinkView[] }) {
  const showClient = useStore((s) => s.showClient);
  if (!session.clients.length)
    return <p className="muted">None: this session was opened through {LOGIN_API} (or minted in the console).</p>;
  return (
    <ul className="app-list" aria-label="Apps in this session">
      {session.clients.map((c) => {
        const live = family.some((l) => l.clientId === c.clientId && l.status === 'active');
        return (
          <li key={c.clientId} className="app-item">
            <div className="app-item-head">
              <button
                type="button"
                className="link cut"
                title={`Open ${c.name} on the Clients screen`}
                onClick={() => showClient(c.clientId)}
              >
                {c.name}
              </button>
              {session.status === 'active' &&
                (live ? (
                  <Badge value="live" tone="ok" label="holds a live refresh token" />
                ) : (
                  <Badge value="none" tone="muted" label="no live refresh token" />
                ))}
            </div>
            <div className="small muted">
              <span className="mono">{c.clientId}</span> · first tokens {formatDateTime(c.firstAt)}
            </div>
          </li>
        );
      })}
    </ul>
  );
}

/** The logout tokens sent to the session's apps once it ended, attempt by attempt; updated live. */
export function LogoutDeliveries({ session, deliveries }: { session: SessionView; deliveries: LogoutDeliveryView[] }) {
  if (!deliveries.length)
    return (
      <p className="muted">
        {session.status === 'active'
          ? 'When this session ends, each of its apps with a back-channel logout URI is sent a logout token; the deliveries show here.'
          : session.clients.length
            ? 'None: no app of this session has a back-channel logout URI.'
            : 'None: no app signed in through this session.'}
      </p>
    );
  return (
    <ul className="delivery-list" aria-label="Back-channel logout deliveries">
      {deliveries.map((d) => (
        <li key={d.id} className={`delivery delivery-${d.status}`} data-delivery-client={d.clientId}>
          <div className="delivery-head">
            <strong className="cut" title={`${d.clientName} (${d.clientId})`}>
              {d.clientName}
            </strong>
            <Badge value={d.status} />
          </div>
          <div className="mono small delivery-uri">{d.uri}</div>
          <div className="small delivery-meta">
            <span>{countOf(d.attempts, 'attempt')}</span>
            {d.latencyMs !== null && <span>answered in {Math.round(d.latencyMs)} ms</span>}
            <span>queued {formatDateTime(d.createdAt)}</span>
            {d.lastAttemptAt !== null && <span>last attempt {formatDateTime(d.lastAttemptAt)}</span>}
            {d.deliveredAt !== null && <span>delivered {formatDateTime(d.deliveredAt)}</span>}
            {d.status === 'pending' && <span>next attempt {formatDateTime(d.nextAttemptAt)}</span>}
          </div>
          {d.lastError && (
            <div className="small delivery-error" title={d.lastError}>
              {d.status === 'failed' ? 'Gave up: ' : 'Last error: '}
              {d.lastError}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

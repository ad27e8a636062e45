import { useShallow } from 'zustand/react/shallow';
import { messageOf } from '../../server-state/query-client';
import { USER_SESSIONS_SHOWN, useUserSessions } from '../../server-state/users';
import { Badge } from '../../components/badges';
import { ErrorState, LoadingState } from '../../components/states';
import { formatDateTime, shortId } from '../../lib/time';
import { useStore } from '../../store/store';
import { countOf } from '../../lib/plural';

/** The user's sessions, most recently seen first; one opens on the Sessions screen. */
export function UserSessions({ userId, username }: { userId: string; username: string }) {
  const { openSession, setScreen } = useStore(
    useShallow((s) => ({ openSession: s.openSession, setScreen: s.setScreen })),
  );
  const query = useUserSessions(userId);
  if (query.isPending) return <LoadingState label="Loading sessions…" />;
  if (query.isError) return <ErrorState message={messageOf(query.error)} onRetry={() => void query.refetch()} />;
  const sessions = query.data;
  if (!sessions.items.length) return <p className="muted">{username} has no session.</p>;
  const open = (id: string) => {
    openSession(id);
    setScreen('sessions');
  };
  return (
    <>
      <p className="small muted" aria-live="polite">
        {sessions.active.toLocaleString('en')} active of {countOf(sessions.total, 'session')}
        {sessions.total > USER_SESSIONS_SHOWN ? `; the ${USER_SESSIONS_SHOWN} seen last are listed` : ''}.
      </p>
      <ul className="user-sessions" aria-label={`Sessions of ${username}`}>
        {sessions.items.map((s) => (
          <li key={s.id} className={s.status === 'active' ? '' : 'is-inactive'}>
            <button
              type="button"
              className="user-session"
              data-session-id={s.id}
              onClick={() => open(s.id)}
              title={`Open session ${s.id} on the Sessions screen`}
            >
              <span className="user-session-main">
                <span className="cut strong" title={s.clients.map((c) => c.name).join(', ') || 'Login API'}>
                  {s.clients.length ? s.clients.map((c) => c.name).join(', ') : 'Login API'}
                </span>
                <span className="cut small muted" title={`${s.device} · ${s.ip}`}>
                  {s.device} · {s.ip} · <span className="mono">{shortId(s.id)}</span>
                </span>
              </span>
              <span className="user-session-side">
                <Badge value={s.status} />
                <span className="small muted">{formatDateTime(s.lastSeenAt)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

import { memo } from 'react';
import type { SessionView } from '../../../shared/admin-views';
import { Badge, Countdown } from '../../components/badges';
import { formatDateTime, formatDateTimeCompact } from '../../lib/time';
import { ROW_HEIGHT } from './columns';

interface Props {
  index: number;
  top: number;
  session: SessionView | undefined;
  now: number;
  selected: boolean;
  onOpen(id: string): void;
  onRevoke(s: SessionView): void;
}

/** The Apps cell's tooltip: which apps got tokens from the session, or that none did. */
function appsTitle(s: SessionView): string {
  if (!s.clients.length) return "Signed in through Gatehouse's own login API (POST /auth/login), not an app";
  return `Apps signed in through this session: ${s.clients.map((c) => `${c.name} (${c.clientId})`).join(', ')}`;
}

/** One row; memoised so a page arriving elsewhere does not re-render rows already on screen. */
export const SessionRow = memo(function SessionRow({ index, top, session: s, now, selected, onOpen, onRevoke }: Props) {
  const style = { transform: `translateY(${top}px)`, height: ROW_HEIGHT };
  if (!s) {
    return (
      <div className="vrow vrow-skeleton" role="row" aria-rowindex={index + 2} aria-busy="true" style={style}>
        <div className="vcell" role="cell">
          <span className="skeleton" />
        </div>
      </div>
    );
  }
  const live = s.status === 'active';
  return (
    <div
      className={`vrow ${selected ? 'is-selected' : ''} ${live ? '' : 'is-inactive'}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-session-id={s.id}
      data-index={index}
      tabIndex={0}
      style={style}
      onClick={() => onOpen(s.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && e.target === e.currentTarget) onOpen(s.id);
      }}
    >
      <div className="vcell col-user" role="cell">
        <span className="avatar" aria-hidden="true">
          {s.username.slice(0, 1).toUpperCase()}
        </span>
        <span className="strong cut" title={s.username}>
          {s.username}
        </span>
      </div>
      <div className="vcell col-apps cut" role="cell" title={appsTitle(s)}>
        {s.clients.length ? s.clients.map((c) => c.name).join(', ') : <span className="muted">Login API</span>}
      </div>
      <div className="vcell col-device" role="cell" title={s.userAgent ? `${s.device}: ${s.userAgent}` : s.device}>
        {s.device}
      </div>
      <div className="vcell col-ip mono" role="cell" title={s.ip}>
        {s.ip}
      </div>
      <div className="vcell col-created" role="cell" title={`Created ${formatDateTime(s.createdAt)}`}>
        {formatDateTimeCompact(s.createdAt)}
      </div>
      <div className="vcell col-seen" role="cell" title={`Last seen ${formatDateTime(s.lastSeenAt)}`}>
        {formatDateTimeCompact(s.lastSeenAt)}
      </div>
      <div className="vcell col-idle" role="cell" title={`Idle expiry ${formatDateTime(s.idleExpiresAt)}`}>
        <Countdown at={s.idleExpiresAt} now={now} inactive={!live} />
      </div>
      <div className="vcell col-absolute" role="cell" title={`Absolute expiry ${formatDateTime(s.absoluteExpiresAt)}`}>
        <Countdown at={s.absoluteExpiresAt} now={now} inactive={!live} />
      </div>
      <div className="vcell col-status" role="cell">
        <Badge value={s.status} />
      </div>
      <div className="vcell col-actions" role="cell">
        {live && (
          <button
            type="button"
            className="btn btn-sm btn-ghost-danger"
            aria-label={`Revoke session of ${s.username}`}
            onClick={(e) => {
              e.stopPropagation();
              onRevoke(s);
            }}
          >
            Revoke
          </button>
        )}
      </div>
    </div>
  );
});

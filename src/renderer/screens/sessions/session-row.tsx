import { Fragment, memo, type ReactNode } from 'react';
import type { SessionView } from '../../../shared/admin-views';
import {
  FIELD_LABELS,
  splitByRanges,
  whyMatched,
  type SearchField,
  type SearchTerm,
} from '../../../shared/session-search';
import { Badge, Countdown } from '../../components/badges';
import { formatDateTime, formatDateTimeCompact } from '../../lib/time';
import { ROW_HEIGHT } from './columns';

interface Props {
  index: number;
  top: number;
  session: SessionView | undefined;
  now: number;
  selected: boolean;
  /** The search the rows answer: each row says which of its fields matched it, and where. */
  terms: readonly SearchTerm[];
  onOpen(id: string): void;
  onRevoke(s: SessionView): void;
}

/** The Apps cell's tooltip: which apps got tokens from the session, or that none did. */
function appsTitle(s: SessionView): string {
  if (!s.clients.length) return "Signed in through Gatehouse's own login API (POST /auth/login), not an app";
  return `Apps signed in through this session: ${s.clients.map((c) => `${c.name} (${c.clientId})`).join(', ')}`;
}

/** The text with the matched ranges in `<mark>` (a screen reader may announce them as highlighted). */
function Marked({ text, ranges }: { text: string; ranges: [number, number][] | undefined }) {
  if (!ranges?.length) return <>{text}</>;
  return (
    <>
      {splitByRanges(text, ranges).map((p, i) => (
        <Fragment key={i}>{p.hit ? <mark className="hit">{p.text}</mark> : p.text}</Fragment>
      ))}
    </>
  );
}

/**
 * "matched: user, IP" under the user name: why the row is in the result, in words, also for the
 * fields whose column is hidden at this width, and for the session id, which has no column (its
 * matched prefix is shown, the whole id in the title).
 */
function WhyMatched({ why, id }: { why: ReturnType<typeof whyMatched>; id: string }) {
  const parts: ReactNode[] = why.map(({ field, ranges }) => {
    if (field !== 'sid') return FIELD_LABELS[field];
    const end = ranges[0]?.[1] ?? 0;
    return (
      <>
        sid{' '}
        <span className="mono">
          <mark className="hit">{id.slice(0, end)}</mark>
          {id.length > end ? '…' : ''}
        </span>
      </>
    );
  });
  const title = `Matched: ${why.map((w) => (w.field === 'sid' ? `${FIELD_LABELS.sid} ${id}` : FIELD_LABELS[w.field])).join(', ')}`;
  return (
    <span className="why cut" data-why={why.map((w) => w.field).join(' ')} title={title}>
      matched:{' '}
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i ? ', ' : ''}
          {p}
        </Fragment>
      ))}
    </span>
  );
}

/** One row; memoised so a page arriving elsewhere does not re-render rows already on screen. */
export const SessionRow = memo(function SessionRow({
  index,
  top,
  session: s,
  now,
  selected,
  terms,
  onOpen,
  onRevoke,
}: Props) {
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
  const why = terms.length ? whyMatched(terms, s) : [];
  const rangesOf = (field: SearchField) => why.find((w) => w.field === field)?.ranges;
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
        <span className="user-text">
          <span className="strong cut" title={s.username}>
            <Marked text={s.username} ranges={rangesOf('user')} />
          </span>
          {/* when the Device and Created columns give way (narrow windows, the detail panel open), a
              compact line keeps two sessions of one user apart */}
          <span className="row-sub" title={`Created ${formatDateTime(s.createdAt)} · ${s.device}`}>
            <span className="row-sub-created">{formatDateTimeCompact(s.createdAt)}</span>
            <span className="row-sub-device">{` · ${s.device}`}</span>
          </span>
          {why.length > 0 && <WhyMatched why={why} id={s.id} />}
        </span>
      </div>
      <div className="vcell col-apps cut" role="cell" title={appsTitle(s)}>
        {s.clients.length ? s.clients.map((c) => c.name).join(', ') : <span className="muted">Login API</span>}
      </div>
      <div className="vcell col-device" role="cell" title={s.userAgent ? `${s.device}: ${s.userAgent}` : s.device}>
        <Marked text={s.device} ranges={rangesOf('device')} />
      </div>
      <div className="vcell col-ip mono" role="cell" title={s.ip}>
        <Marked text={s.ip} ranges={rangesOf('ip')} />
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

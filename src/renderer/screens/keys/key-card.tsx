import type { KeyStateName, KeyView } from '../../../shared/admin-views';
import { Badge, Countdown } from '../../components/badges';
import { formatDateTime, formatDateTimeCompact } from '../../lib/time';
import { useServerNow } from '../../lib/use-now';
import { useKeyActions } from '../../server-state/keys';

const STAGES: { state: KeyStateName; label: string; at: (k: KeyView) => number | null }[] = [
  { state: 'pending', label: 'Pending', at: (k) => k.createdAt },
  { state: 'active', label: 'Active', at: (k) => k.activatedAt },
  { state: 'retiring', label: 'Retiring', at: (k) => k.retiringAt },
  { state: 'retired', label: 'Retired', at: (k) => k.retiredAt },
];
const RANK: Record<KeyStateName, number> = { pending: 0, active: 1, retiring: 2, retired: 3, revoked: 3 };

/** One key: its path through the states with the time of each step, and what can be done next. */
export function KeyCard({ k, onRevoke }: { k: KeyView; onRevoke(k: KeyView): void }) {
  const { retireKey: retire, busy } = useKeyActions();
  const now = useServerNow();
  const stages =
    k.state === 'revoked'
      ? [...STAGES.slice(0, 3), { state: 'revoked' as const, label: 'Revoked', at: (x: KeyView) => x.revokedAt }]
      : STAGES;
  const safe = k.safeRetireAt;
  const canRetire = k.state === 'retiring' && safe !== null && now >= safe;
  return (
    <li className={`key-card key-${k.state}`} aria-label={`Key ${k.kid}`} data-kid={k.kid}>
      <div className="key-head">
        <span className="mono strong selectable">{k.kid}</span>
        <Badge value={k.alg} tone="info" />
        <Badge value={k.state} />
        {k.next && (
          <Badge
            value="next"
            tone="ok"
            title="Promoted by the next rotation: Rotate now unless you pick another key, the schedule, automatic rotation"
          />
        )}
        {(k.uses ?? ['access']).map((use) => (
          <Badge key={use} value={use === 'id' ? 'id_tokens' : 'access tokens'} tone="info" />
        ))}
        {k.state === 'active' && <span className="muted small">{signsWhat(k)}</span>}
        {k.next && !k.activatesAt && <span className="muted small">starts signing at the next rotation</span>}
        {k.state === 'pending' && k.activatesAt && (
          <span className="small">
            scheduled to sign at {formatDateTime(k.activatesAt)} (<Countdown at={k.activatesAt} now={now} />)
          </span>
        )}
      </div>
      <ol className="timeline" aria-label={`States of ${k.kid}`}>
        {stages.map((st) => {
          const at = st.at(k);
          const reached = at !== null && RANK[k.state] >= RANK[st.state];
          const current = k.state === st.state;
          return (
            <li
              key={st.state}
              className={`tl-step ${reached ? 'is-reached' : ''} ${current ? 'is-current' : ''} tl-${st.state}`}
              aria-current={current ? 'step' : undefined}
            >
              <span className="tl-dot" aria-hidden="true" />
              <span className="tl-label">{st.label}</span>
              <span className="tl-time small" title={reached ? formatDateTime(at) : undefined}>
                {reached ? formatDateTimeCompact(at) : '—'}
              </span>
            </li>
          );
        })}
      </ol>
      {(k.state === 'retiring' || k.state === 'active' || k.state === 'pending') && (
        <div className="key-actions">
          {k.state === 'retiring' && (
            <>
              <button
                type="button"
                className="btn btn-sm"
                disabled={!canRetire || busy}
                onClick={() => void retire(k.kid)}
                aria-describedby={`safe-${k.kid}`}
              >
                Retire
              </button>
              <span id={`safe-${k.kid}`} className="small muted">
                {canRetire
                  ? `Safe to retire since ${formatDateTime(safe)}: every token it signed has expired.`
                  : `Safe to retire at ${formatDateTime(safe)} (in ${safe !== null ? Math.max(0, safe - now) : '?'} s); tokens it signed may still be valid. Retired automatically then.`}
              </span>
            </>
          )}
          <button type="button" className="btn btn-sm btn-ghost-danger" disabled={busy} onClick={() => onRevoke(k)}>
            Emergency revoke…
          </button>
        </div>
      )}
    </li>
  );
}

/** What an active key signs, by its uses: the ring has one active key per use. */
function signsWhat(k: KeyView): string {
  const uses = k.uses ?? ['access'];
  if (uses.includes('access') && uses.includes('id')) return 'signs every new access token, id_token and logout token';
  return uses.includes('id')
    ? 'signs every new id_token and logout token (RS256 clients)'
    : 'signs every new access token (and id_tokens of clients on its algorithm)';
}

import { useEffect, useState } from 'react';
import type { KeyImpact, KeyView } from '../../../shared/admin-views';
import { ID_TOKEN_KEY_ALG, type KeyUse } from '../../../shared/key-uses';
import { Badge } from '../../components/badges';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadingState } from '../../components/states';
import { formatDateTime } from '../../lib/time';
import { useKeyActions } from '../../server-state/keys';
import { useCachedSettings } from '../../server-state/settings';
import { laneTitle } from './key-lane';
import { pendingKeyLabel, pendingKeys } from './pending-keys';
import { agree } from '../../lib/plural';

/**
 * Rotate now, confirmed, in one lane (`lane`; closed when null): pick the lane's pending key that
 * starts signing (its next one by default) and see what the rotation does before it does it: which
 * key starts signing, which of the lane's keys retires and the earliest it can be retired, and how
 * many live tokens the active key signed stay valid until they expire. The other lane is untouched.
 * Same pattern as the revoke dialog.
 */
export function RotateKeyDialog({ lane, keys, onClose }: { lane: KeyUse | null; keys: KeyView[]; onClose(): void }) {
  const { previewKeyImpact: preview, rotateKeys: rotate } = useKeyActions();
  const settingsAlg = useCachedSettings()?.settings.signingAlg;
  const [kid, setKid] = useState('');
  const [impact, setImpact] = useState<KeyImpact | string | null>(null);
  const [busy, setBusy] = useState(false);
  const laneKeys = keys.filter((k) => k.lane === lane);
  const pending = pendingKeys(laneKeys);
  const active = laneKeys.find((k) => k.state === 'active');
  const activeKid = active?.kid;
  const successorAlg = lane === 'id' ? ID_TOKEN_KEY_ALG : settingsAlg;

  // each time it opens: the lane's next key preselected, its active key's impact read afresh
  useEffect(() => {
    if (!lane) return;
    let stale = false;
    setKid(pendingKeys(keys.filter((k) => k.lane === lane))[0]?.kid ?? '');
    setImpact(null);
    if (activeKid) void preview(activeKid).then((r) => !stale && setImpact(r));
    else setImpact('There is no active key to rotate out.');
    return () => {
      stale = true;
    };
  }, [lane, activeKid, preview]);

  const chosen = pending.find((k) => k.kid === kid);
  const others = pending.filter((k) => k.kid !== kid);
  const after = others.find((k) => k.next) ?? others[0];
  const scheduled = others.find((k) => k.activatesAt !== null);

  return (
    <ConfirmDialog
      open={!!lane}
      title="Rotate the signing key now?"
      confirmLabel="Rotate now"
      busy={busy}
      confirmDisabled={!chosen || impact === null || typeof impact === 'string'}
      onCancel={onClose}
      onConfirm={async () => {
        if (!chosen) return;
        setBusy(true);
        const done = await rotate(chosen.kid);
        setBusy(false);
        if (done) onClose();
      }}
    >
      {lane && <p className="muted small">Lane: {laneTitle(lane, keys)}. The other lane keeps its keys.</p>}
      <label className="field">
        <span>Key that starts signing</span>
        <select aria-label="Key to promote" value={kid} onChange={(e) => setKid(e.target.value)}>
          {pending.map((k) => (
            <option key={k.kid} value={k.kid}>
              {pendingKeyLabel(k)}
            </option>
          ))}
        </select>
      </label>
      {pending.length === 0 && <p className="muted small">No pending key: a new one is generated and signs at once.</p>}
      {impact === null && <LoadingState label="Computing the impact…" />}
      {typeof impact === 'string' && (
        <p className="form-error" role="alert">
          {impact}
        </p>
      )}
      {chosen && active && impact && typeof impact !== 'string' && (
        <div className="impact" aria-label="Rotation impact">
          <dl className="facts">
            <dt>Starts signing now</dt>
            <dd>
              <span className="mono strong">{chosen.kid}</span> <Badge value={chosen.alg} tone="info" />{' '}
              {chosen.next && <Badge value="next" tone="ok" />}
            </dd>
            <dt>Retires</dt>
            <dd>
              <span className="mono strong">{active.kid}</span> <Badge value={active.alg} tone="info" /> keeps verifying
              its tokens; retired at the earliest on <strong>{formatDateTime(impact.safeRetireIfRotatedNow)}</strong>,
              once every token it signed has expired (automatically then).
            </dd>
            <dt>Next after this</dt>
            <dd>
              {after ? (
                <>
                  <span className="mono">{after.kid}</span> <Badge value={after.alg} tone="info" /> stays pending.
                </>
              ) : (
                `A new pending key is generated as the successor, in the lane's algorithm${successorAlg ? ` (${successorAlg})` : ''}.`
              )}
            </dd>
          </dl>
          <div className="impact-grid">
            <div className="metric">
              <span className="metric-value">{impact.liveTokens}</span>
              <span className="metric-label">
                {agree(impact.liveTokens, 'live access token', 'live access tokens')} signed by {active.kid}{' '}
                {agree(impact.liveTokens, 'stays valid until it expires', 'stay valid until they expire')}
              </span>
            </div>
            <div className="metric">
              <span className="metric-value">{impact.sessions}</span>
              <span className="metric-label">
                {agree(impact.sessions, 'session holds', 'sessions hold')} {agree(impact.liveTokens, 'it', 'them')};{' '}
                {agree(impact.sessions, 'its', 'their')} next tokens come from {chosen.kid}
              </span>
            </div>
          </div>
          {scheduled && (
            <p className="callout callout-warn">
              {scheduled.kid} stays scheduled to start signing at {formatDateTime(scheduled.activatesAt)} and will
              replace {chosen.kid} then; clear that schedule to keep {chosen.kid} signing.
            </p>
          )}
        </div>
      )}
    </ConfirmDialog>
  );
}

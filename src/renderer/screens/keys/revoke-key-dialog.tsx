import { useEffect, useState } from 'react';
import type { KeyImpact, KeyView } from '../../../shared/admin-views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadingState } from '../../components/states';
import { formatDateTime } from '../../lib/time';
import { useKeyActions } from '../../server-state/keys';
import { agree } from '../../lib/plural';

/**
 * Emergency revoke shows what it breaks before it breaks it: live tokens and sessions signed by the
 * key, and when a plain retire would have been safe instead.
 */
export function RevokeKeyDialog({ target, onClose }: { target: KeyView | null; onClose(): void }) {
  const { previewKeyImpact: preview, revokeKey: revoke } = useKeyActions();
  const [impact, setImpact] = useState<KeyImpact | string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!target) return;
    let stale = false;
    setImpact(null);
    setReason('');
    void preview(target.kid).then((r) => !stale && setImpact(r));
    return () => {
      stale = true;
    };
  }, [target, preview]);

  return (
    <ConfirmDialog
      open={!!target}
      title={`Emergency revoke of ${target?.kid ?? ''}?`}
      confirmLabel="Revoke key now"
      danger
      busy={busy}
      confirmDisabled={impact === null || typeof impact === 'string'}
      onCancel={onClose}
      onConfirm={async () => {
        if (!target) return;
        setBusy(true);
        const done = await revoke(target.kid, reason);
        setBusy(false);
        if (done) onClose();
      }}
    >
      {impact === null && <LoadingState label="Computing the impact…" />}
      {typeof impact === 'string' && (
        <p className="form-error" role="alert">
          {impact}
        </p>
      )}
      {impact && typeof impact !== 'string' && (
        <div className="impact" aria-label="Impact preview">
          <div className="impact-grid">
            <div className="metric">
              <span className="metric-value">{impact.liveTokens}</span>
              <span className="metric-label">
                {agree(impact.liveTokens, 'live access token', 'live access tokens')} rejected at once
              </span>
            </div>
            <div className="metric">
              <span className="metric-value">{impact.sessions}</span>
              <span className="metric-label">
                {agree(
                  impact.sessions,
                  'session affected (it survives and gets new tokens on refresh)',
                  'sessions affected (they survive and get new tokens on refresh)',
                )}
              </span>
            </div>
          </div>
          {target?.lane === 'id' && (
            <p className="small">
              The id_tokens and logout tokens it signed are not counted (Gatehouse keeps no record of them): an app that
              verifies one after the revoke fails, as it should.
            </p>
          )}
          {impact.promotesSuccessor && (
            <p className="callout callout-warn">
              This is the active key: a successor is promoted in its lane and signs from now on.
            </p>
          )}
          <p className="small">
            {impact.safeRetireAt
              ? `A plain retire is safe from ${formatDateTime(impact.safeRetireAt)}; revoke only if the private key may be compromised.`
              : 'Revoke only if the private key may be compromised; otherwise rotate and let it retire.'}
          </p>
          <label className="field">
            <span>Reason</span>
            <input
              type="text"
              maxLength={200}
              placeholder="e.g. key material exposed"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
        </div>
      )}
    </ConfirmDialog>
  );
}

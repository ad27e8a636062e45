import { useState } from 'react';
import type { ClientView } from '../../../shared/admin-views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import type { ShownSecret } from '../../components/secret-dialog';
import { useClientActions } from '../../server-state/clients';
import { agree, countOf } from '../../lib/plural';

export type ClientAction = { kind: 'delete' | 'rotate' | 'disable'; client: ClientView } | null;

/**
 * Disable, rotate the secret and delete each say what they end before they end it: the client's
 * own tokens at once, its users' sessions at their next refresh (the counts are the server's).
 */
export function ClientActionDialog({
  action,
  onClose,
  onSecret,
}: {
  action: ClientAction;
  onClose(): void;
  onSecret(shown: ShownSecret): void;
}) {
  const { deleteClient: remove, rotateClientSecret: rotate, setClientEnabled: setEnabled } = useClientActions();
  const [busy, setBusy] = useState(false);
  const c = action?.client;
  const run = async () => {
    if (!action) return;
    setBusy(true);
    if (action.kind === 'delete') {
      if (await remove(action.client)) onClose();
    } else if (action.kind === 'disable') {
      if (await setEnabled(action.client, false)) onClose();
    } else {
      const rotated = await rotate(action.client);
      if (rotated) {
        onClose();
        if (rotated.clientSecret)
          onSecret({ clientId: rotated.clientId, name: rotated.name, secret: rotated.clientSecret, reason: 'rotated' });
      }
    }
    setBusy(false);
  };
  const title = !c
    ? ''
    : action.kind === 'delete'
      ? `Delete ${c.name}?`
      : action.kind === 'disable'
        ? `Disable ${c.name}?`
        : `Rotate the secret of ${c.name}?`;
  return (
    <ConfirmDialog
      open={!!action}
      title={title}
      confirmLabel={
        action?.kind === 'delete' ? 'Delete client' : action?.kind === 'disable' ? 'Disable client' : 'Rotate secret'
      }
      danger
      busy={busy}
      onConfirm={() => void run()}
      onCancel={onClose}
    >
      {c && (
        <div className="impact" aria-label="Impact">
          {action.kind !== 'rotate' && (
            <div className="impact-grid">
              <div className="metric">
                <span className="metric-value">{c.activeSessions.toLocaleString('en')}</span>
                <span className="metric-label">
                  {agree(c.activeSessions, 'active session holds', 'active sessions hold')} its tokens
                </span>
              </div>
              <div className="metric">
                <span className="metric-value">{c.liveRefreshTokens.toLocaleString('en')}</span>
                <span className="metric-label">
                  {agree(c.liveRefreshTokens, 'live refresh token stops', 'live refresh tokens stop')} working
                </span>
              </div>
            </div>
          )}
          {action.kind === 'delete' && (
            <ul className="impact-list">
              <li>
                Its refresh tokens in {countOf(c.activeSessions, 'active session')} stop working: its users are signed
                out of {c.name} at their next refresh. The access tokens they hold stay valid until they expire; the
                sessions themselves go on for their other apps.
              </li>
              <li>The tokens it got for itself (client_credentials) end at once.</li>
              <li>
                The registration is removed: sign-ins through <code>{c.clientId}</code> are refused until it is
                registered again.
              </li>
            </ul>
          )}
          {action.kind === 'disable' && (
            <ul className="impact-list">
              <li>Sign-ins and refreshes through {c.name} are refused until it is enabled again.</li>
              <li>
                Its users&apos; access tokens stop at their next refresh, in{' '}
                {countOf(c.activeSessions, 'active session')}.
              </li>
              <li>The tokens it got for itself (client_credentials) end at once.</li>
            </ul>
          )}
          {action.kind === 'rotate' && (
            <ul className="impact-list">
              <li>A new secret is generated and shown once, in the next dialog.</li>
              <li>
                The current secret stops working now: {c.name} can neither get nor refresh tokens until it is configured
                with the new one.
              </li>
              <li>The tokens it got for itself (client_credentials) end at once.</li>
            </ul>
          )}
        </div>
      )}
    </ConfirmDialog>
  );
}

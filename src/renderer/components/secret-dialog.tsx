import { useEffect, useRef } from 'react';
import { CopyButton } from './copy-button';

export interface ShownSecret {
  clientId: string;
  name: string;
  secret: string;
  /** Why it is shown: a new client or a rotation. */
  reason: 'created' | 'rotated';
}

/**
 * A client secret, shown this once: Gatehouse keeps only its hash. The dialog is modal and the
 * secret leaves memory when it closes; "Done" has the focus, so the admin reads before leaving.
 */
export function SecretDialog({ shown, onClose }: { shown: ShownSecret | null; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (shown && !dialog.open) {
      dialog.showModal();
      doneRef.current?.focus();
    } else if (!shown && dialog.open) dialog.close();
  }, [shown]);
  return (
    <dialog
      ref={ref}
      className="dialog secret-dialog"
      aria-labelledby="secret-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {shown && (
        <>
          <h2 id="secret-title">
            {shown.reason === 'created' ? 'Client registered: its secret' : 'New secret'} for {shown.name}
          </h2>
          <div className="dialog-body">
            <p className="callout callout-warn" role="note">
              <strong>Copy it now: you will not see it again.</strong> Gatehouse keeps only its SHA-256 hash. If it is
              lost, rotate the secret.
            </p>
            <div className="field">
              <span id="secret-client-label">Client id</span>
              <div className="copy-row">
                <code className="copy-value" aria-labelledby="secret-client-label">
                  {shown.clientId}
                </code>
                <CopyButton text={shown.clientId} what="client id" />
              </div>
            </div>
            <div className="field">
              <label htmlFor="shown-secret">Client secret</label>
              <div className="copy-row">
                <input
                  id="shown-secret"
                  type="text"
                  className="mono"
                  readOnly
                  value={shown.secret}
                  onFocus={(e) => e.currentTarget.select()}
                  spellCheck={false}
                  autoComplete="off"
                />
                <CopyButton text={shown.secret} what="client secret" />
              </div>
            </div>
            {shown.reason === 'rotated' && (
              <p className="small muted">The old secret stopped working: configure the app with this one.</p>
            )}
          </div>
          <div className="dialog-actions">
            <button ref={doneRef} type="button" className="btn btn-primary" onClick={onClose}>
              I have stored it
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}

import { useEffect, useState } from 'react';
import type { UserView } from '../../../shared/admin-views';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { passwordProblem } from '../../lib/user-edits';
import { useActiveSessionCount, useUserActions } from '../../server-state/users';
import { agree, countOf } from '../../lib/plural';

export type UserAction = { kind: 'disable' | 'reset' | 'delete'; user: UserView } | null;

/** Disabling, a password reset and deleting all end the user's sessions: each says so, with the count, first. */
export function UserActionDialog({ action, onClose }: { action: UserAction; onClose(): void }) {
  const { setUserDisabled: disable, resetUserPassword: reset, deleteUser: remove } = useUserActions();
  // the count the panel already read, if it did (this dialog does not read it)
  const active = useActiveSessionCount(action?.user.id ?? null);
  const [busy, setBusy] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setPassword('');
    setError(null);
  }, [action]);
  const u = action?.user;
  const problem = action?.kind === 'reset' ? passwordProblem(password) : null;
  const count = active === null ? 'every active session' : countOf(active, 'active session');
  // "every active session of erin ends", "1 active session … ends", "2 active sessions … end"
  const end = active === null ? 'ends' : agree(active, 'ends', 'end');

  const run = async () => {
    if (!action) return;
    setBusy(true);
    if (action.kind === 'disable') {
      if (await disable(action.user, true)) onClose();
    } else if (action.kind === 'delete') {
      if (await remove(action.user)) onClose();
    } else {
      const failure = await reset(action.user, password);
      setError(failure);
      if (!failure) onClose();
    }
    setBusy(false);
  };

  return (
    <ConfirmDialog
      open={!!action}
      title={
        !u
          ? ''
          : action.kind === 'disable'
            ? `Disable ${u.username}?`
            : action.kind === 'reset'
              ? `Reset the password of ${u.username}?`
              : `Delete ${u.username}?`
      }
      confirmLabel={
        action?.kind === 'disable' ? 'Disable user' : action?.kind === 'reset' ? 'Reset password' : 'Delete user'
      }
      danger
      busy={busy}
      confirmDisabled={!!problem}
      onConfirm={() => void run()}
      onCancel={onClose}
    >
      {u && (
        <div className="impact" aria-label="Impact">
          {action.kind === 'disable' && (
            <p>
              <strong>{count}</strong> of <strong>{u.username}</strong> {end} now, on every device and in every app
              (apps with a back-channel logout URI are told to log out). {u.username} cannot sign in until enabled
              again.
            </p>
          )}
          {action.kind === 'reset' && (
            <>
              <p>
                <strong>{count}</strong> of <strong>{u.username}</strong> {end} now (a reset invalidates every session):
                they sign in again with the new password.
              </p>
              <label className="field">
                <span>New password</span>
                <input
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(e) => (setPassword(e.target.value), setError(null))}
                  aria-invalid={!!password && !!problem}
                />
                {password && problem && <small className="field-msg field-msg-error">{problem}</small>}
              </label>
              {error && (
                <p className="form-error" role="alert">
                  {error}
                </p>
              )}
            </>
          )}
          {action.kind === 'delete' && (
            <p>
              <strong>{count}</strong> of <strong>{u.username}</strong> {end} now (apps with a back-channel logout URI
              are told to log out), then the user is deleted with their sessions. This cannot be undone.
            </p>
          )}
        </div>
      )}
    </ConfirmDialog>
  );
}

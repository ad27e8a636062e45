import { useShallow } from 'zustand/react/shallow';
import type { UserView } from '../../../shared/admin-views';
import { Badge } from '../../components/badges';
import { EmptyState } from '../../components/states';
import { formatDateTime } from '../../lib/time';
import { useDetailPanel } from '../../lib/use-detail-panel';
import { useStore } from '../../store/store';
import { useUserActions, useUsers } from '../../server-state/users';
import type { UserAction } from './user-actions';
import { CreateUserForm } from './create-user-form';
import { ClaimsEditor, RolesEditor } from './user-editors';
import { UserSessions } from './user-sessions';

/** One user: what they are, their sessions, and every change an admin can make, each saying what it ends. */
export function UserPanel({ onAction }: { onAction(a: UserAction): void }) {
  const { panel, setPanel } = useStore(useShallow((s) => ({ panel: s.users.panel, setPanel: s.setUserPanel })));
  const list = useUsers().data ?? [];
  const userId = panel?.mode === 'view' ? panel.userId : null;
  const { panelProps, close } = useDetailPanel(
    panel ? (userId ?? 'new') : null,
    () => setPanel(null),
    userId && `tr[data-user-id="${CSS.escape(userId)}"]`,
  );
  if (!panel) return null;
  const user = panel.mode === 'view' ? list.find((u) => u.id === panel.userId) : undefined;
  const title = panel.mode === 'create' ? 'New user' : (user?.username ?? 'Unknown user');
  return (
    <aside className="detail side-panel" aria-label="User detail" {...panelProps}>
      <header className="detail-head">
        <div>
          <div className="eyebrow">{panel.mode === 'create' ? 'Create' : 'User'}</div>
          <h2>
            <span className="cut" title={title}>
              {title}
            </span>
            {user && <Badge value={user.disabled ? 'disabled' : 'active'} />}
          </h2>
        </div>
        <button type="button" className="icon-btn" aria-label="Close user detail" onClick={close}>
          ×
        </button>
      </header>
      <div className="detail-body">
        {panel.mode === 'create' && <CreateUserForm onCancel={close} />}
        {panel.mode === 'view' && !user && (
          <EmptyState title="This user no longer exists">They were deleted, here or by another admin.</EmptyState>
        )}
        {user && <UserDetail key={user.id} user={user} onAction={onAction} />}
      </div>
    </aside>
  );
}

function UserDetail({ user, onAction }: { user: UserView; onAction(a: UserAction): void }) {
  const { bumpUserVersion: bump, setUserDisabled: setDisabled } = useUserActions();
  return (
    <>
      <dl className="facts">
        <dt>User id</dt>
        <dd className="mono selectable">{user.id}</dd>
        <dt>Status</dt>
        <dd>{user.disabled ? 'Disabled: cannot sign in; their sessions ended.' : 'Active: can sign in.'}</dd>
        <dt>Token version</dt>
        <dd>
          <span className="mono" data-token-version>
            {user.tokenVersion}
          </span>{' '}
          <span className="muted small">(a token carrying an older version is rejected)</span>
        </dd>
        <dt>Created</dt>
        <dd>{formatDateTime(user.createdAt)}</dd>
      </dl>
      <div className="button-row">
        {user.disabled ? (
          <button type="button" className="btn btn-primary" onClick={() => void setDisabled(user, false)}>
            Enable
          </button>
        ) : (
          <button type="button" className="btn" onClick={() => onAction({ kind: 'disable', user })}>
            Disable…
          </button>
        )}
        <button type="button" className="btn" onClick={() => onAction({ kind: 'reset', user })}>
          Reset password…
        </button>
        <button
          type="button"
          className="btn"
          title="Rejects every token the user holds now; their sessions get new ones at their next refresh"
          onClick={() => void bump(user)}
        >
          Bump token version
        </button>
        <button type="button" className="btn btn-ghost-danger" onClick={() => onAction({ kind: 'delete', user })}>
          Delete…
        </button>
      </div>
      <h3>Sessions</h3>
      <UserSessions userId={user.id} username={user.username} />
      <h3>Roles</h3>
      <RolesEditor user={user} />
      <h3>Custom claims</h3>
      <ClaimsEditor user={user} />
    </>
  );
}

import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorState, LoadingState, Panel } from '../../components/states';
import { formatDateTime } from '../../lib/time';
import { useStore } from '../../store/store';
import { TableHead } from '../../components/table-head';

/** Users and their token version: bumping it rejects every token the user holds, at once. */
export function UsersPanel() {
  const { list, state, error, load, create, bump } = useStore(
    useShallow((s) => ({
      list: s.users.list,
      state: s.users.state,
      error: s.users.error,
      load: s.loadUsers,
      create: s.createUser,
      bump: s.bumpUserVersion,
    })),
  );
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <Panel title="Users" labelledBy="users-title" className="users-panel">
      {state === 'loading' && <LoadingState label="Loading users…" />}
      {state === 'error' && <ErrorState message={error ?? 'Could not load users.'} onRetry={() => void load()} />}
      {state === 'ready' && (
        <table className="table table-compact users-table" aria-label="Users">
          {/* fixed layout: a long user name is cut in its column, the button column keeps its width */}
          <colgroup>
            <col />
            <col className="users-col-version" />
            <col className="users-col-actions" />
          </colgroup>
          <TableHead columns={['User and roles', 'Token version', { hidden: 'Actions' }]} />
          <tbody>
            {list.map((u) => (
              <tr key={u.id}>
                <td>
                  <div className="strong cut" title={u.username}>
                    {u.username}
                  </div>
                  <div className="muted small users-meta">
                    {u.roles.length ? u.roles.join(', ') : 'no roles'} · since{' '}
                    {formatDateTime(u.createdAt).slice(0, 10)}
                  </div>
                </td>
                <td className="mono">{u.tokenVersion}</td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="btn btn-sm"
                    aria-label={`Bump token version of ${u.username}`}
                    onClick={() => void bump(u)}
                  >
                    Bump version
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="stack create-user"
        aria-label="Create user"
        onSubmit={async (e) => {
          e.preventDefault();
          const failure = await create(username, password, []);
          setFormError(failure);
          if (!failure) {
            setUsername('');
            setPassword('');
          }
        }}
      >
        <h3>Create a user</h3>
        <label className="field">
          <span>Username</span>
          <input
            type="text"
            autoComplete="off"
            maxLength={64}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="new-password"
            minLength={8}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {formError && (
          <p className="form-error" role="alert">
            {formError}
          </p>
        )}
        <button type="submit" className="btn" disabled={!username.trim() || password.length < 8}>
          Create user
        </button>
      </form>
    </Panel>
  );
}

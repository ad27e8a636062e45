import { useEffect, useMemo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState, ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { UserActionDialog, type UserAction } from './user-actions';
import { UserPanel } from './user-panel';
import { UsersTable } from './users-table';
import { countOf } from '../../lib/plural';

/** Rows drawn at once; a search narrows a long list (users.list returns every user). */
const SHOWN = 200;

/** The people who sign in: roles, claims, status and sessions, and the changes that end their tokens. */
export function UsersScreen() {
  const { list, state, error, panel, load, setPanel } = useStore(
    useShallow((s) => ({
      list: s.users.list,
      state: s.users.state,
      error: s.users.error,
      panel: s.users.panel,
      load: s.loadUsers,
      setPanel: s.setUserPanel,
    })),
  );
  const [text, setText] = useState('');
  const [action, setAction] = useState<UserAction>(null);
  useEffect(() => {
    void load(useStore.getState().users.state === 'ready');
    // the open user's sessions may have moved while another screen was shown
    const open = useStore.getState().users.panel;
    if (open?.mode === 'view') void useStore.getState().loadUserSessions(open.userId, true);
  }, [load]);
  const matches = useMemo(() => {
    const needle = text.trim().toLowerCase();
    if (!needle) return list;
    return list.filter(
      (u) =>
        u.username.toLowerCase().includes(needle) || u.id === needle || u.roles.some((r) => r.toLowerCase() === needle),
    );
  }, [list, text]);
  const selectedId = panel?.mode === 'view' ? panel.userId : null;

  return (
    <div className="screen screen-users">
      <ScreenHeader
        title="Users"
        subtitle="Who can sign in. A change to roles or claims, a reset, disabling or deleting ends the tokens it must, at once."
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setPanel({ mode: 'create' })}>
            New user
          </button>
        }
      />
      <div className={`split ${panel ? 'has-panel' : ''}`}>
        <div className="split-main">
          <div className="toolbar" role="search" aria-label="Filter users">
            <label className="field field-inline field-grow">
              <span className="visually-hidden">Search users</span>
              <input
                type="search"
                placeholder="Search user name, role or id…  ( / )"
                value={text}
                data-search
                onChange={(e) => setText(e.target.value)}
                aria-label="Search users"
              />
            </label>
            <span className="toolbar-count" aria-live="polite">
              {state === 'ready'
                ? `${countOf(matches.length, 'user')}${matches.length > SHOWN ? `, first ${SHOWN} shown` : ''}`
                : ''}
            </span>
          </div>
          {state === 'loading' && <LoadingState label="Loading users…" />}
          {state === 'error' && (
            <ErrorState message={error ?? 'Could not load the users.'} onRetry={() => void load()} />
          )}
          {state === 'ready' && matches.length === 0 && (
            <EmptyState title={text ? 'No user matches' : 'No users yet'}>
              {text ? 'Search by another name or role.' : 'Create one with New user, or with --config FILE at start.'}
            </EmptyState>
          )}
          {state === 'ready' && matches.length > 0 && (
            <div className="table-box">
              <UsersTable
                users={matches.slice(0, SHOWN)}
                selectedId={selectedId}
                onOpen={(userId) => setPanel({ mode: 'view', userId })}
              />
            </div>
          )}
        </div>
        {panel && <UserPanel onAction={setAction} />}
      </div>
      <UserActionDialog action={action} onClose={() => setAction(null)} />
    </div>
  );
}

import { useMemo, useState } from 'react';
import { SearchToolbar } from '../../components/search-toolbar';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState, ErrorState, LoadingState, ScreenHeader } from '../../components/states';
import { useStore } from '../../store/store';
import { messageOf } from '../../server-state/query-client';
import { useUsers } from '../../server-state/users';
import { UserActionDialog, type UserAction } from './user-actions';
import { UserPanel } from './user-panel';
import { UsersTable } from './users-table';
import { countOf } from '../../lib/plural';

/** Rows drawn at once; a search narrows a long list (users.list returns every user). */
const SHOWN = 200;

/** The people who sign in: roles, claims, status and sessions, and the changes that end their tokens. */
export function UsersScreen() {
  const { panel, setPanel } = useStore(useShallow((s) => ({ panel: s.users.panel, setPanel: s.setUserPanel })));
  const users = useUsers();
  const list = useMemo(() => users.data ?? [], [users.data]);
  const [text, setText] = useState('');
  const [action, setAction] = useState<UserAction>(null);
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
          <SearchToolbar
            label="Filter users"
            searchLabel="Search users"
            placeholder="Search user name, role or id…  ( / )"
            value={text}
            onChange={setText}
            slashTarget
          >
            <span className="toolbar-count" aria-live="polite">
              {users.isSuccess
                ? `${countOf(matches.length, 'user')}${matches.length > SHOWN ? `, first ${SHOWN} shown` : ''}`
                : ''}
            </span>
          </SearchToolbar>
          {users.isPending && <LoadingState label="Loading users…" />}
          {users.isError && <ErrorState message={messageOf(users.error)} onRetry={() => void users.refetch()} />}
          {users.isSuccess && matches.length === 0 && (
            <EmptyState title={text ? 'No user matches' : 'No users yet'}>
              {text ? 'Search by another name or role.' : 'Create one with New user, or with --config FILE at start.'}
            </EmptyState>
          )}
          {users.isSuccess && matches.length > 0 && (
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

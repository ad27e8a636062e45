import type { UserView } from '../../shared/admin-views';
import { callApi, callOrError } from './call';
import type { LoadState, Slice } from './types';

export interface UsersSlice {
  users: { list: UserView[]; state: LoadState; error: string | null };
  loadUsers(quiet?: boolean): Promise<void>;
  createUser(username: string, password: string, roles: string[]): Promise<string | null>;
  bumpUserVersion(user: UserView): Promise<void>;
}

export const createUsersSlice: Slice<UsersSlice> = (set, get) => ({
  users: { list: [], state: 'idle', error: null },
  async loadUsers(quiet) {
    if (quiet && get().users.state === 'idle') return;
    if (!quiet) set((s) => ({ users: { ...s.users, state: 'loading', error: null } }));
    const result = await callOrError(get, (api) => api.users.list({}));
    if ('value' in result) {
      const list = [...result.value].sort((a, b) => a.username.localeCompare(b.username));
      set({ users: { list, state: 'ready', error: null } });
    } else if (!quiet) set((s) => ({ users: { ...s.users, state: 'error', error: result.error } }));
  },
  async createUser(username, password, roles) {
    const result = await callOrError(get, (api) =>
      api.users.create({ username: username.trim(), password, roles: roles.length ? roles : undefined }),
    );
    if ('error' in result) return result.error;
    get().notify('success', `User ${result.value.username} created.`);
    await get().loadUsers(true);
    return null;
  },
  async bumpUserVersion(user) {
    const done = await callApi(
      get,
      (api) => api.users.bumpVersion({ userId: user.id, reason: 'bumped in the console' }),
      {
        success: (u) => `${u.username}: token version is now ${u.tokenVersion}; older tokens are rejected.`,
        failure: 'Bump failed',
      },
    );
    if (done) await get().loadUsers(true);
  },
});

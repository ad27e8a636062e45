import type { SessionView, UserView } from '../../shared/admin-views';
import { callApi, callOrError } from './call';
import { createThrottle } from './event-batcher';
import type { LoadState, Slice } from './types';
import { countOf } from '../lib/plural';

/** The side panel of the Users screen: one user, or the form that creates one. */
export type UserPanel = { mode: 'view'; userId: string } | { mode: 'create' } | null;

/** How many of the open user's sessions the panel lists (most recently seen first). */
export const USER_SESSIONS_SHOWN = 25;

export interface UserSessionsState {
  userId: string | null;
  items: SessionView[];
  /** Every session of the user, any status. */
  total: number;
  /** What disabling, resetting or deleting the user would end. */
  active: number;
  state: LoadState;
  error: string | null;
}

export interface UsersSlice {
  users: {
    list: UserView[];
    state: LoadState;
    error: string | null;
    panel: UserPanel;
    sessions: UserSessionsState;
  };
  loadUsers(quiet?: boolean): Promise<void>;
  setUserPanel(panel: UserPanel): void;
  loadUserSessions(userId: string, quiet?: boolean): Promise<void>;
  /** Session events: the open user's sessions reload at most ~3 times a second. */
  userSessionsChanged(): void;
  /** Each resolves to the server's refusal, or null when done. */
  createUser(input: {
    username: string;
    password: string;
    roles: string[];
    claims: Record<string, unknown>;
  }): Promise<string | null>;
  setUserClaims(user: UserView, claims: Record<string, unknown>): Promise<string | null>;
  setUserRoles(user: UserView, roles: string[]): Promise<string | null>;
  resetUserPassword(user: UserView, password: string): Promise<string | null>;
  setUserDisabled(user: UserView, disabled: boolean): Promise<boolean>;
  deleteUser(user: UserView): Promise<boolean>;
  bumpUserVersion(user: UserView): Promise<void>;
}

const noSessions: UserSessionsState = { userId: null, items: [], total: 0, active: 0, state: 'idle', error: null };

export const createUsersSlice: Slice<UsersSlice> = (set, get) => {
  const patch = (p: Partial<UsersSlice['users']>) => set((s) => ({ users: { ...s.users, ...p } }));
  const patchSessions = (p: Partial<UserSessionsState>) =>
    set((s) => ({ users: { ...s.users, sessions: { ...s.users.sessions, ...p } } }));
  const openUserId = () => {
    const panel = get().users.panel;
    return panel?.mode === 'view' ? panel.userId : null;
  };
  const sessionsThrottle = createThrottle(() => {
    const id = openUserId();
    if (id) void get().loadUserSessions(id, true);
  }, 330);
  /** After a change to a user: the list, and the open user's sessions (a change may have ended some). */
  const afterChange = async () => {
    const id = openUserId();
    await Promise.all([get().loadUsers(true), id ? get().loadUserSessions(id, true) : null]);
  };
  return {
    users: { list: [], state: 'idle', error: null, panel: null, sessions: noSessions },
    async loadUsers(quiet) {
      if (quiet && get().users.state === 'idle') return;
      if (!quiet) patch({ state: 'loading', error: null });
      const result = await callOrError(get, (api) => api.users.list({}));
      if ('value' in result) {
        const list = [...result.value].sort((a, b) => a.username.localeCompare(b.username));
        patch({ list, state: 'ready', error: null });
      } else if (!quiet) patch({ state: 'error', error: result.error });
    },
    setUserPanel(panel) {
      patch({ panel });
      if (panel?.mode === 'view') void get().loadUserSessions(panel.userId);
      else patch({ sessions: noSessions });
    },
    async loadUserSessions(userId, quiet) {
      if (!quiet || get().users.sessions.userId !== userId) patchSessions({ ...noSessions, userId, state: 'loading' });
      const [recent, active] = await Promise.all([
        callOrError(get, (api) =>
          api.sessions.list({ userId, sort: 'lastSeenAt', order: 'desc', limit: USER_SESSIONS_SHOWN }),
        ),
        callOrError(get, (api) => api.sessions.list({ userId, status: 'active', limit: 1 })),
      ]);
      if (get().users.sessions.userId !== userId) return;
      if ('error' in recent || 'error' in active) {
        if (!quiet)
          patchSessions({
            state: 'error',
            error: 'error' in recent ? recent.error : (active as { error: string }).error,
          });
        return;
      }
      patchSessions({
        items: recent.value.items,
        total: recent.value.total,
        active: active.value.total,
        state: 'ready',
        error: null,
      });
    },
    userSessionsChanged() {
      if (get().screen === 'users' && openUserId()) sessionsThrottle();
    },
    async createUser({ username, password, roles, claims }) {
      const result = await callOrError(get, (api) =>
        api.users.create({
          username: username.trim(),
          password,
          roles: roles.length ? roles : undefined,
          claims: Object.keys(claims).length ? claims : undefined,
        }),
      );
      if ('error' in result) return result.error;
      get().notify('success', `User ${result.value.username} created.`);
      await get().loadUsers(true);
      get().setUserPanel({ mode: 'view', userId: result.value.id });
      return null;
    },
    async setUserClaims(user, claims) {
      const result = await callOrError(get, (api) => api.users.setClaims({ userId: user.id, claims }));
      if ('error' in result) return result.error;
      get().notify(
        'success',
        `${user.username}: claims saved; token version ${result.value.tokenVersion}, older tokens are rejected.`,
      );
      await afterChange();
      return null;
    },
    async setUserRoles(user, roles) {
      const result = await callOrError(get, (api) => api.users.update({ userId: user.id, roles }));
      if ('error' in result) return result.error;
      get().notify(
        'success',
        `${user.username}: roles saved; token version ${result.value.tokenVersion}, older tokens are rejected.`,
      );
      await afterChange();
      return null;
    },
    async resetUserPassword(user, password) {
      const result = await callOrError(get, (api) => api.users.resetPassword({ userId: user.id, password }));
      if ('error' in result) return result.error;
      get().notify('success', `${user.username}: password reset; their sessions ended.`);
      await afterChange();
      return null;
    },
    async setUserDisabled(user, disabled) {
      const done = await callApi(get, (api) => api.users.update({ userId: user.id, disabled }), {
        success: disabled
          ? `${user.username} disabled: every session ended, sign-in refused.`
          : `${user.username} enabled: they can sign in again.`,
        failure: disabled ? 'Disable failed' : 'Enable failed',
      });
      if (done) await afterChange();
      return !!done;
    },
    async deleteUser(user) {
      const done = await callApi(get, (api) => api.users.delete({ userId: user.id }), {
        success: (r) => `${user.username} deleted; ${countOf(r.sessionsEnded, 'session')} ended.`,
        failure: 'Delete failed',
      });
      if (!done) return false;
      if (openUserId() === user.id) get().setUserPanel(null);
      await get().loadUsers(true);
      return true;
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
  };
};

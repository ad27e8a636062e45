import { queryOptions, useQuery } from '@tanstack/react-query';
import type { UserView } from '../../shared/admin-views';
import { countOf } from '../lib/plural';
import type { ConsoleTarget } from '../store/app-slice';
import { useStore } from '../store/store';
import { onInstance, useAdminMutation, useInstance } from './admin-query';
import { queryKeys } from './query-keys';

/** How many of the open user's sessions the panel lists (most recently seen first). */
export const USER_SESSIONS_SHOWN = 25;

/** Every user, by name (the user filters of other screens read the same answer). */
export const usersQuery = (instance: ConsoleTarget) =>
  queryOptions({
    queryKey: queryKeys.users(instance),
    queryFn: async () =>
      [...(await onInstance(instance, (api) => api.users.list({}))())].sort((a, b) =>
        a.username.localeCompare(b.username),
      ),
  });

export const useUsers = () => useQuery(usersQuery(useInstance()));

/** One user's sessions: the last seen, how many in all, and how many a disable or reset would end. */
export const userSessionsQuery = (instance: ConsoleTarget, userId: string) =>
  queryOptions({
    queryKey: queryKeys.userSessions(instance, userId),
    queryFn: async () => {
      const [recent, active] = await Promise.all([
        onInstance(instance, (api) =>
          api.sessions.list({ userId, sort: 'lastSeenAt', order: 'desc', limit: USER_SESSIONS_SHOWN }),
        )(),
        onInstance(instance, (api) => api.sessions.list({ userId, status: 'active', limit: 1 }))(),
      ]);
      return { items: recent.items, total: recent.total, active: active.total };
    },
  });

export const useUserSessions = (userId: string | null) =>
  useQuery({ ...userSessionsQuery(useInstance(), userId ?? ''), enabled: !!userId });

/** A change to a user may end sessions: the list and every cached user's sessions are reloaded. */
const userChange = { domain: 'users', invalidates: (i: ConsoleTarget) => [[i, 'users']] };

/** The Users screen's changes. Those made in a form resolve to the server's refusal, or null when done. */
export function useUserActions() {
  const setPanel = useStore((s) => s.setUserPanel);
  const create = useAdminMutation({
    ...userChange,
    run: (api, v: { username: string; password: string; roles: string[]; claims: Record<string, unknown> }) =>
      api.users.create({
        username: v.username.trim(),
        password: v.password,
        roles: v.roles.length ? v.roles : undefined,
        claims: Object.keys(v.claims).length ? v.claims : undefined,
      }),
    success: (u) => `User ${u.username} created.`,
  });
  const setClaims = useAdminMutation({
    ...userChange,
    run: (api, v: { user: UserView; claims: Record<string, unknown> }) =>
      api.users.setClaims({ userId: v.user.id, claims: v.claims }),
    success: (u, v) => `${v.user.username}: claims saved; token version ${u.tokenVersion}, older tokens are rejected.`,
  });
  const setRoles = useAdminMutation({
    ...userChange,
    run: (api, v: { user: UserView; roles: string[] }) => api.users.update({ userId: v.user.id, roles: v.roles }),
    success: (u, v) => `${v.user.username}: roles saved; token version ${u.tokenVersion}, older tokens are rejected.`,
  });
  const resetPassword = useAdminMutation({
    ...userChange,
    run: (api, v: { user: UserView; password: string }) =>
      api.users.resetPassword({ userId: v.user.id, password: v.password }),
    success: (_, v) => `${v.user.username}: password reset; their sessions ended.`,
  });
  const setDisabled = useAdminMutation({
    ...userChange,
    run: (api, v: { user: UserView; disabled: boolean }) =>
      api.users.update({ userId: v.user.id, disabled: v.disabled }),
    success: (_, { user, disabled }) =>
      disabled
        ? `${user.username} disabled: every session ended, sign-in refused.`
        : `${user.username} enabled: they can sign in again.`,
    failure: ({ disabled }) => (disabled ? 'Disable failed' : 'Enable failed'),
  });
  const remove = useAdminMutation({
    ...userChange,
    run: (api, user: UserView) => api.users.delete({ userId: user.id }),
    success: (r, user) => `${user.username} deleted; ${countOf(r.sessionsEnded, 'session')} ended.`,
    failure: 'Delete failed',
  });
  const bump = useAdminMutation({
    ...userChange,
    run: (api, user: UserView) => api.users.bumpVersion({ userId: user.id, reason: 'bumped in the console' }),
    success: (u) => `${u.username}: token version is now ${u.tokenVersion}; older tokens are rejected.`,
    failure: 'Bump failed',
  });
  const refusal = (result: { value: unknown } | { error: string }) => ('error' in result ? result.error : null);
  return {
    async createUser(input: Parameters<typeof create.attempt>[0]) {
      const result = await create.attempt(input);
      if ('value' in result) setPanel({ mode: 'view', userId: result.value.id });
      return refusal(result);
    },
    setUserClaims: async (user: UserView, claims: Record<string, unknown>) =>
      refusal(await setClaims.attempt({ user, claims })),
    setUserRoles: async (user: UserView, roles: string[]) => refusal(await setRoles.attempt({ user, roles })),
    resetUserPassword: async (user: UserView, password: string) =>
      refusal(await resetPassword.attempt({ user, password })),
    setUserDisabled: async (user: UserView, disabled: boolean) => !!(await setDisabled.run({ user, disabled })),
    async deleteUser(user: UserView) {
      if (!(await remove.run(user))) return false;
      const panel = useStore.getState().users.panel;
      if (panel?.mode === 'view' && panel.userId === user.id) setPanel(null);
      return true;
    },
    bumpUserVersion: async (user: UserView) => void (await bump.run(user)),
  };
}

/** How many active sessions `userId` has, if the panel already read it (null otherwise): never read for this. */
export const useActiveSessionCount = (userId: string | null): number | null =>
  useQuery({ ...userSessionsQuery(useInstance(), userId ?? ''), enabled: false }).data?.active ?? null;

import type { Slice } from './types';

/** The side panel of the Users screen: one user, or the form that creates one. */
export type UserPanel = { mode: 'view'; userId: string } | { mode: 'create' } | null;

/** The Users screen's UI state; users and their sessions are queries (server-state/users.ts). */
export interface UsersSlice {
  users: { panel: UserPanel };
  setUserPanel(panel: UserPanel): void;
}

export const createUsersSlice: Slice<UsersSlice> = (set) => ({
  users: { panel: null },
  setUserPanel(panel) {
    set({ users: { panel } });
  },
});

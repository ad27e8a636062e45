import { ADMIN, type AdminContext, type DomainHandlers } from './types';
import { toUserView } from './views';

export function userHandlers({ gatehouse: g }: AdminContext): DomainHandlers<'users'> {
  return {
    'users.list': async () => (await g.store.listUsers()).map(toUserView),
    'users.create': async ({ username, password, roles, claims }) =>
      toUserView(await g.users.createUser(username, password, roles ?? ['user'], ADMIN, claims)),
    'users.bumpVersion': async ({ userId, reason }) =>
      toUserView(await g.users.bumpTokenVersion(userId, ADMIN, reason || 'token version bumped by admin')),
    'users.setClaims': async ({ userId, claims }) => toUserView(await g.users.setClaims(userId, claims, ADMIN)),
    'users.update': async ({ userId, ...patch }) => toUserView(await g.users.update(userId, patch, ADMIN)),
    'users.resetPassword': async ({ userId, password }) =>
      toUserView(await g.users.resetPassword(userId, password, ADMIN)),
    'users.delete': async ({ userId }) => ({ deleted: true, ...(await g.users.delete(userId, ADMIN)) }),
  };
}

import { ADMIN, type AdminServices, type DomainHandlers } from './types';
import { toUserView } from './views';

export function userHandlers({ queries, users }: Pick<AdminServices, 'queries' | 'users'>): DomainHandlers<'users'> {
  return {
    'users.list': async () => (await queries.listUsers()).map(toUserView),
    'users.create': async ({ username, password, roles, claims }) =>
      toUserView(await users.createUser(username, password, roles ?? ['user'], ADMIN, claims)),
    'users.bumpVersion': async ({ userId, reason }) =>
      toUserView(await users.bumpTokenVersion(userId, ADMIN, reason || 'token version bumped by admin')),
    'users.setClaims': async ({ userId, claims }) => toUserView(await users.setClaims(userId, claims, ADMIN)),
    'users.update': async ({ userId, ...patch }) => toUserView(await users.update(userId, patch, ADMIN)),
    'users.resetPassword': async ({ userId, password }) =>
      toUserView(await users.resetPassword(userId, password, ADMIN)),
    'users.delete': async ({ userId }) => ({ deleted: true, ...(await users.delete(userId, ADMIN)) }),
  };
}

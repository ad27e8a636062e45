import { parseSessionSearch } from '../../../shared/session-search';
import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminServices, type DomainHandlers } from './types';
import { clientNames, nameSessionClients, sessionClientsOf, toDeliveryView, toSessionView, usernameOf } from './views';

export function sessionHandlers(
  s: Pick<AdminServices, 'queries' | 'sessions' | 'clients' | 'denylist'>,
): DomainHandlers<'sessions'> {
  const { queries, sessions, denylist } = s;
  return {
    'sessions.list': async ({ text, ...q }) => {
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 50;
      // the raw search box text, so the console and scripts send what a person typed
      const search = parseSessionSearch(text ?? '');
      if (!search.ok) throw new AuthError('invalid_request', search.message);
      const { items, total } = await queries.listSessions({ ...q, search: search.terms, offset, limit });
      const clients = await sessionClientsOf(
        s,
        items.map((row) => row.id),
      );
      return { items: items.map((row) => toSessionView(row, row.username, clients.get(row.id))), total, offset, limit };
    },
    'sessions.get': async ({ sessionId }) => {
      const [history, names] = await Promise.all([queries.sessionHistory(sessionId), clientNames(s.clients)]);
      if (!history) throw new AuthError('not_found', 'no such session');
      const { session, family, issuedTokens, events, clients, deliveries } = history;
      return {
        session: toSessionView(session, await usernameOf(s, session.userId), nameSessionClients(clients, names)),
        family: family.map(({ id, parentId, createdAt, expiresAt, usedAt, status, clientId }) => ({
          id,
          parentId,
          createdAt,
          expiresAt,
          usedAt,
          status,
          clientId,
        })),
        accessTokens: issuedTokens.map((t) => ({ ...t, denylisted: denylist.entries.isJtiRevoked(t.jti) })),
        events,
        deliveries: deliveries.map((d) => toDeliveryView(d, names.get(d.clientId) ?? d.clientId)),
      };
    },
    'sessions.revoke': async ({ sessionId, reason }) => {
      const revoked = await sessions.revokeSession(sessionId, reason || 'revoked by admin', ADMIN);
      return toSessionView(
        revoked,
        await usernameOf(s, revoked.userId),
        (await sessionClientsOf(s, [revoked.id])).get(revoked.id),
      );
    },
    'sessions.revokeUser': async ({ userId, reason }) => ({
      revoked: (await sessions.revokeUserSessions(userId, reason || 'all sessions revoked by admin', ADMIN)).length,
    }),
  };
}

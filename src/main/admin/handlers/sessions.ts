import { parseSessionSearch } from '../../../shared/session-search';
import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminContext, type DomainHandlers } from './types';
import { sessionClientsOf, toDeliveryView, toSessionView, usernameOf } from './views';

export function sessionHandlers({ gatehouse: g }: AdminContext): DomainHandlers<'sessions'> {
  return {
    'sessions.list': async ({ text, ...q }) => {
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 50;
      // the raw search box text, so the console and scripts send what a person typed
      const search = parseSessionSearch(text ?? '');
      if (!search.ok) throw new AuthError('invalid_request', search.message);
      const { items, total } = await g.store.listSessions({ ...q, search: search.terms, offset, limit });
      const clients = await sessionClientsOf(
        g,
        items.map((s) => s.id),
      );
      return { items: items.map((s) => toSessionView(s, s.username, clients.get(s.id))), total, offset, limit };
    },
    'sessions.get': async ({ sessionId }) => {
      const session = await g.store.getSession(sessionId);
      if (!session) throw new AuthError('not_found', 'no such session');
      const [family, issued, audit, clients, deliveries, registry] = await Promise.all([
        g.store.getRefreshFamily(sessionId),
        g.store.listIssuedTokens(sessionId),
        g.store.listAudit({ text: sessionId, limit: 200 }),
        sessionClientsOf(g, [sessionId]),
        g.store.listLogoutDeliveries(sessionId),
        g.clients.list(),
      ]);
      const names = new Map(registry.map((c) => [c.id, c.name]));
      return {
        session: toSessionView(session, await usernameOf(g, session.userId), clients.get(sessionId)),
        family: family.map(({ id, parentId, createdAt, expiresAt, usedAt, status, clientId }) => ({
          id,
          parentId,
          createdAt,
          expiresAt,
          usedAt,
          status,
          clientId,
        })),
        accessTokens: issued.map((t) => ({ ...t, denylisted: g.denylist.entries.isJtiRevoked(t.jti) })),
        events: audit.filter((e) => e.subject === sessionId || e.detail.sid === sessionId),
        deliveries: deliveries.map((d) => toDeliveryView(d, names.get(d.clientId) ?? d.clientId)),
      };
    },
    'sessions.revoke': async ({ sessionId, reason }) => {
      const s = await g.sessions.revokeSession(sessionId, reason || 'revoked by admin', ADMIN);
      return toSessionView(s, await usernameOf(g, s.userId), (await sessionClientsOf(g, [s.id])).get(s.id));
    },
    'sessions.revokeUser': async ({ userId, reason }) => ({
      revoked: (await g.sessions.revokeUserSessions(userId, reason || 'all sessions revoked by admin', ADMIN)).length,
    }),
  };
}

import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminContext, type DomainHandlers } from './types';
import { toSessionView, usernameOf } from './views';

export function sessionHandlers({ gatehouse: g }: AdminContext): DomainHandlers<'sessions'> {
  return {
    'sessions.list': async (q) => {
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 50;
      const { items, total } = await g.store.listSessions({ ...q, offset, limit });
      return { items: items.map((s) => toSessionView(s, s.username)), total, offset, limit };
    },
    'sessions.get': async ({ sessionId }) => {
      const session = await g.store.getSession(sessionId);
      if (!session) throw new AuthError('not_found', 'no such session');
      const [family, issued, audit] = await Promise.all([
        g.store.getRefreshFamily(sessionId),
        g.store.listIssuedTokens(sessionId),
        g.store.listAudit({ text: sessionId, limit: 200 }),
      ]);
      return {
        session: toSessionView(session, await usernameOf(g, session.userId)),
        family: family.map(({ id, parentId, createdAt, expiresAt, usedAt, status }) => ({
          id,
          parentId,
          createdAt,
          expiresAt,
          usedAt,
          status,
        })),
        accessTokens: issued.map((t) => ({ ...t, denylisted: g.denylist.entries.isJtiRevoked(t.jti) })),
        events: audit.filter((e) => e.subject === sessionId || e.detail.sid === sessionId),
      };
    },
    'sessions.revoke': async ({ sessionId, reason }) => {
      const s = await g.sessions.revokeSession(sessionId, reason || 'revoked by admin', ADMIN);
      return toSessionView(s, await usernameOf(g, s.userId));
    },
    'sessions.revokeUser': async ({ userId, reason }) => ({
      revoked: (await g.sessions.revokeUserSessions(userId, reason || 'all sessions revoked by admin', ADMIN)).length,
    }),
  };
}

import { AuthError } from '../../auth/errors';
import { ADMIN, type AdminContext, type DomainHandlers } from './types';
import { toDenylistView } from './views';

export function denylistHandlers({ gatehouse: g }: AdminContext): DomainHandlers<'denylist'> {
  return {
    'denylist.list': async (q = {}) => {
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 100;
      const { items, total } = await g.denylist.page({ ...q, offset, limit });
      return { items: items.map(toDenylistView), total, offset, limit };
    },
    'denylist.add': async ({ token, reason }) => {
      const result = await g.anyAudienceVerifier.verify(token);
      if (!result.ok)
        throw new AuthError(
          'invalid_state',
          `only a currently valid token can be denylisted (${result.code}: ${result.message})`,
        );
      await g.tokens.denylistAccessToken(token, ADMIN, reason || 'denylisted by admin');
      const entry = await g.denylist.get('jti', result.claims.jti);
      if (!entry) throw new AuthError('invalid_state', 'the entry was pruned at once (the token expired meanwhile)');
      return toDenylistView(entry);
    },
    'denylist.remove': async ({ kind, subject }) => {
      const removed = await g.denylist.remove(kind, subject);
      if (removed) await g.audit.record('denylist.removed', ADMIN, subject, { kind });
      return { removed };
    },
  };
}

import type { AdminRequestValue } from '../../../shared/admin-schemas';
import type { DenylistEntryView } from '../../../shared/admin-views';
import { AuthError } from '../../auth/errors';
import type { Gatehouse } from '../../auth/gatehouse';
import type { DenylistKind } from '../../store/store';
import { namedDenylistViews } from './names';
import { ADMIN, type AdminContext, type DomainHandlers } from './types';

export function denylistHandlers({ gatehouse: g }: AdminContext): DomainHandlers<'denylist'> {
  return {
    'denylist.list': async (q = {}) => {
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 100;
      const { items, total } = await g.denylist.page({ ...q, offset, limit });
      return { items: await namedDenylistViews(g, items), total, offset, limit };
    },
    'denylist.add': (request) => add(g, request),
    'denylist.remove': async ({ kind, subject }) => {
      const removed = await g.denylist.remove(kind, subject);
      if (removed) await g.audit.record('denylist.removed', ADMIN, subject, { kind });
      return { removed };
    },
  };
}

/**
 * Each way in goes through the service that owns what the entry mirrors: a session's entry comes
 * only with its revocation (so state, entry and back-channel logout agree), a user's only with a
 * token-version bump; a jti, with or without its token, is the denylist's own.
 */
async function add(g: Gatehouse, request: AdminRequestValue<'denylist.add'>): Promise<DenylistEntryView> {
  switch (request.kind) {
    case 'token': {
      const result = await g.anyAudienceVerifier.verify(request.token);
      if (!result.ok)
        throw new AuthError(
          'invalid_state',
          `only a currently valid token can be denylisted (${result.code}: ${result.message})`,
        );
      await g.tokens.denylistAccessToken(request.token, ADMIN, request.reason || 'denylisted by admin');
      return entryView(g, 'jti', result.claims.jti, 'the entry was pruned at once (the token expired meanwhile)');
    }
    case 'jti': {
      const entry = await g.tokens.denylistJti(
        request.jti,
        request.expiresAt,
        ADMIN,
        request.reason || 'denylisted by admin',
      );
      return (await namedDenylistViews(g, [entry]))[0]!;
    }
    case 'sid': {
      const { sessionId } = request;
      try {
        await g.sessions.revokeSession(sessionId, request.reason || 'revoked by admin', ADMIN);
      } catch (err) {
        throw err instanceof AuthError ? await sessionRefusal(g, sessionId, err) : err;
      }
      return entryView(g, 'sid', sessionId, 'the entry was pruned at once');
    }
    case 'user': {
      await g.users.bumpTokenVersion(request.userId, ADMIN, request.reason || 'token version bumped by admin');
      return entryView(g, 'user', request.userId, 'the entry was pruned at once');
    }
  }
}

async function entryView(g: Gatehouse, kind: DenylistKind, subject: string, gone: string): Promise<DenylistEntryView> {
  const entry = await g.denylist.get(kind, subject);
  if (!entry) throw new AuthError('invalid_state', gone);
  return (await namedDenylistViews(g, [entry]))[0]!;
}

/** Why a session cannot be denylisted, in words that say what to do instead. */
async function sessionRefusal(g: Gatehouse, sessionId: string, err: AuthError): Promise<AuthError> {
  if (err.code === 'not_found') return new AuthError('not_found', `no session ${sessionId}`);
  if (err.code !== 'invalid_state') return err;
  const session = await g.store.getSession(sessionId);
  if (session?.status === 'revoked')
    return new AuthError('invalid_state', `session ${sessionId} is already revoked: its entry is on the denylist`);
  return new AuthError(
    'invalid_state',
    `session ${sessionId} has ended (${session?.status ?? 'gone'}) and can no longer be revoked: denylist its tokens by jti, or raise its user's token version`,
  );
}

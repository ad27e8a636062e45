import type { AdminRequestValue } from '../../../shared/admin-schemas';
import type { DenylistEntryView } from '../../../shared/admin-views';
import { AuthError } from '../../auth/errors';
import type { DenylistKind } from '../../store/store';
import { namedDenylistViews } from './names';
import { ADMIN, type AdminServices, type DomainHandlers } from './types';

/** What the denylist's handlers use: its service, and the services each way in goes through. */
type DenylistDeps = Pick<
  AdminServices,
  'queries' | 'clients' | 'denylist' | 'audit' | 'anyAudienceVerifier' | 'tokens' | 'sessions' | 'users'
>;

export function denylistHandlers(s: DenylistDeps): DomainHandlers<'denylist'> {
  return {
    'denylist.list': async (q = {}) => {
      const offset = q.offset ?? 0;
      const limit = q.limit ?? 100;
      const { items, total } = await s.denylist.page({ ...q, offset, limit });
      return { items: await namedDenylistViews(s, items), total, offset, limit };
    },
    'denylist.add': (request) => add(s, request),
    'denylist.remove': async ({ kind, subject }) => {
      const removed = await s.denylist.remove(kind, subject);
      if (removed) await s.audit.record('denylist.removed', ADMIN, subject, { kind });
      return { removed };
    },
  };
}

/**
 * Each way in goes through the service that owns what the entry mirrors: a session's entry comes
 * only with its revocation (so state, entry and back-channel logout agree), a user's only with a
 * token-version bump; a jti, with or without its token, is the denylist's own.
 */
async function add(s: DenylistDeps, request: AdminRequestValue<'denylist.add'>): Promise<DenylistEntryView> {
  switch (request.kind) {
    case 'token': {
      const result = await s.anyAudienceVerifier.verify(request.token);
      if (!result.ok)
        throw new AuthError(
          'invalid_state',
          `only a currently valid token can be denylisted (${result.code}: ${result.message})`,
        );
      await s.tokens.denylistAccessToken(request.token, ADMIN, request.reason || 'denylisted by admin');
      return entryView(s, 'jti', result.claims.jti, 'the entry was pruned at once (the token expired meanwhile)');
    }
    case 'jti': {
      const entry = await s.tokens.denylistJti(
        request.jti,
        request.expiresAt,
        ADMIN,
        request.reason || 'denylisted by admin',
      );
      return (await namedDenylistViews(s, [entry]))[0]!;
    }
    case 'sid': {
      const { sessionId } = request;
      try {
        await s.sessions.revokeSession(sessionId, request.reason || 'revoked by admin', ADMIN);
      } catch (err) {
        throw err instanceof AuthError ? await sessionRefusal(s, sessionId, err) : err;
      }
      return entryView(s, 'sid', sessionId, 'the entry was pruned at once');
    }
    case 'user': {
      await s.users.bumpTokenVersion(request.userId, ADMIN, request.reason || 'token version bumped by admin');
      return entryView(s, 'user', request.userId, 'the entry was pruned at once');
    }
  }
}

async function entryView(
  s: DenylistDeps,
  kind: DenylistKind,
  subject: string,
  gone: string,
): Promise<DenylistEntryView> {
  const entry = await s.denylist.get(kind, subject);
  if (!entry) throw new AuthError('invalid_state', gone);
  return (await namedDenylistViews(s, [entry]))[0]!;
}

/** Why a session cannot be denylisted, in words that say what to do instead. */
async function sessionRefusal(s: DenylistDeps, sessionId: string, err: AuthError): Promise<AuthError> {
  if (err.code === 'not_found') return new AuthError('not_found', `no session ${sessionId}`);
  if (err.code !== 'invalid_state') return err;
  const session = await s.queries.getSession(sessionId);
  if (session?.status === 'revoked')
    return new AuthError('invalid_state', `session ${sessionId} is already revoked: its entry is on the denylist`);
  return new AuthError(
    'invalid_state',
    `session ${sessionId} has ended (${session?.status ?? 'gone'}) and can no longer be revoked: denylist its tokens by jti, or raise its user's token version`,
  );
}

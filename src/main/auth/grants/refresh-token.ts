import { AuthError } from '../errors';
import { grantUserScope } from '../scopes';
import { idTokenFor, requireGrant, type GrantDeps, type GrantHandler } from './grant';

/**
 * RFC 6749 §6: the hybrid's rotation (one compare-and-set, reuse revokes the family), bound to
 * the presenting client; a narrower `scope` is honoured within what the client may be granted.
 * The sign-in's `claims` request, kept with the family, is granted again: in the access token for
 * UserInfo (by `SessionService.refresh`) and in the new id_token.
 */
export const refreshTokenGrant =
  ({ sessions, idTokens }: Pick<GrantDeps, 'sessions' | 'idTokens'>): GrantHandler =>
  async ({ client, params, context }) => {
    requireGrant(client, 'refresh_token');
    if (!params.refresh_token) throw new AuthError('invalid_request', 'refresh_token is missing');
    const pair = await sessions.refresh(params.refresh_token, context, {
      id: client.id,
      audience: client.audience,
      narrowScope: (scope) => grantUserScope(client, scope),
    });
    return {
      access_token: pair.access.token,
      token_type: 'Bearer',
      expires_in: pair.access.expiresIn,
      scope: pair.scope,
      refresh_token: pair.refreshToken,
      ...(await idTokenFor(idTokens, pair.user, pair.session, client, {
        token: pair.access.token,
        scope: pair.scope,
        authTime: pair.session.createdAt,
        nonce: null,
        claims: pair.claims,
      })),
    };
  };

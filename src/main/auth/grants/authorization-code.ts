import { createHash } from 'node:crypto';
import { isPublic } from '../../../shared/clients';
import type { ClientRecord } from '../../store/store';
import { AuthError } from '../errors';
import { claimsAskedIn, storedClaimsRequest } from '../claims-request';
import { sha256b64u } from '../random';
import { hasScope, idTokenFor, requireGrant, type GrantDeps, type GrantHandler } from './grant';

/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const CODE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

/**
 * A refresh token goes to a client registered for the refresh_token grant that either asked for
 * offline_access or is confidential (it can keep a secret, so it can keep a refresh token).
 */
function mayRefresh(client: ClientRecord, scope: string): boolean {
  return client.grantTypes.includes('refresh_token') && (hasScope(scope, 'offline_access') || !isPublic(client));
}

/**
 * RFC 7636 §4.6: a code issued with a challenge needs its verifier. A verifier for a code issued
 * without one is refused too: an attacker who injected such a code would otherwise pass the
 * client's own PKCE check (a PKCE downgrade, RFC 9700 §4.8.2).
 */
function checkVerifier(challenge: string | null, verifier: string | undefined): void {
  if (challenge === null) {
    if (verifier !== undefined)
      throw new AuthError(
        'invalid_grant',
        'code_verifier was sent, but the authorization request had no code_challenge',
      );
    return;
  }
  if (!verifier || !CODE_VERIFIER.test(verifier))
    throw new AuthError('invalid_grant', 'code_verifier is missing or malformed (43–128 characters)');
  if (createHash('sha256').update(verifier, 'ascii').digest('base64url') !== challenge)
    throw new AuthError('invalid_grant', 'code_verifier does not match the code_challenge');
}

/**
 * RFC 6749 §4.1.3 with RFC 7636: the code, its redirect URI and its PKCE verifier, for the client
 * it was issued to. The code is consumed in one store step; a second redemption ends the session
 * it came from. A redemption starts the client's own refresh family in the browser's session.
 */
export const authorizationCodeGrant =
  ({ store, clock, sessions, issuer, idTokens, audit }: GrantDeps): GrantHandler =>
  async ({ client, params }) => {
    requireGrant(client, 'authorization_code');
    if (!params.code) throw new AuthError('invalid_request', 'code is missing');
    const now = clock.now();
    const record = await store.consumeAuthorizationCode(sha256b64u(params.code), now);
    if (!record) throw new AuthError('invalid_grant', 'the authorization code is not valid');
    if (record.usedAt !== null) {
      // RFC 6749 §4.1.2: a code used twice was stolen or replayed; what it produced ends too
      await sessions.endSession(record.sessionId, 'authorization code used twice', `client:${client.id}`);
      await audit.record('authorization.code_replayed', `client:${client.id}`, record.sessionId, {
        clientId: record.clientId,
      });
      throw new AuthError(
        'invalid_grant',
        'the authorization code was already used; the tokens it produced are revoked',
      );
    }
    if (record.expiresAt <= now) throw new AuthError('invalid_grant', 'the authorization code has expired');
    if (record.clientId !== client.id)
      throw new AuthError('invalid_grant', 'the authorization code was issued to another client');
    if (params.redirect_uri !== record.redirectUri)
      throw new AuthError('invalid_grant', 'redirect_uri does not match the authorization request');
    checkVerifier(record.codeChallenge, params.code_verifier);

    const [session, user] = await Promise.all([store.getSession(record.sessionId), store.getUserById(record.userId)]);
    if (!session || session.status !== 'active' || !user)
      throw new AuthError('invalid_grant', 'the session this code came from has ended');
    const refreshToken = mayRefresh(client, record.scope)
      ? await sessions.startClientFamily(session, client.id, record.scope, record.claims)
      : undefined;
    if (refreshToken === null) throw new AuthError('invalid_grant', 'the session this code came from has ended');
    // a started family has recorded the client in the session already, in its own write
    if (refreshToken === undefined) await store.addSessionClient(session.id, client.id, now);
    const claimsRequest = storedClaimsRequest(record.claims);
    const access = await issuer.issue(user, session, {
      clientId: client.id,
      scope: record.scope,
      audience: client.audience,
      userinfoClaims: claimsAskedIn(claimsRequest, 'userinfo'),
    });
    await audit.record('token.issued', `client:${client.id}`, session.id, {
      grant: 'authorization_code',
      userId: user.id,
    });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      scope: record.scope,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      ...(await idTokenFor(idTokens, user, session, client, {
        token: access.token,
        scope: record.scope,
        authTime: record.authTime,
        nonce: record.nonce,
        claims: claimsRequest,
      })),
    };
  };

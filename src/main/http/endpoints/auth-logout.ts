import type { FastifyInstance } from 'fastify';
import { parseRefreshToken } from '../../auth/refresh-token';
import type { SessionService } from '../../auth/sessions';
import type { TokenService } from '../../auth/tokens';
import type { AccessTokenVerifier } from '../../auth/verify-access-token';
import { bearerToken, withAccessToken } from '../bearer';
import { REFRESH_COOKIE } from '../cookies';
import type { Edge } from '../edge';
import { sendError } from '../errors';
import type { LoginApiReplies } from './login-api-replies';

export interface AuthLogoutEndpointDeps {
  verifier: AccessTokenVerifier;
  sessions: Pick<SessionService, 'endSession'>;
  tokens: Pick<TokenService, 'revoke'>;
  edge: Edge;
  replies: LoginApiReplies;
}

/** The login API's logout: by access token, or by the refresh cookie for a browser app that keeps only that. */
export function registerAuthLogoutEndpoint(
  app: FastifyInstance,
  { verifier, sessions, tokens, edge, replies }: AuthLogoutEndpointDeps,
): void {
  // a session that expired meanwhile is as logged out as it gets; a store failure is reported (503)
  const logoutWithBearer = withAccessToken(verifier, async (claims, _req, reply) => {
    // a client's own token (client_credentials) has no session to end
    if (claims.sid === undefined) return void sendError(reply, 400, 'invalid_request', 'this token names no session');
    await sessions.endSession(claims.sid, 'logout', claims.sub);
    edge.cookies.clear(reply, REFRESH_COOKIE);
    reply.code(204).send();
  });
  app.post('/auth/logout', async (req, reply) => {
    const cookie = edge.cookies.read(req, REFRESH_COOKIE);
    if (bearerToken(req) || !cookie) return logoutWithBearer(req, reply);
    // a browser app that keeps only the cookie logs out with it
    if (!edge.sameOrigin(req)) return replies.crossOrigin(reply);
    const revoked = parseRefreshToken(cookie) && (await tokens.revoke(cookie, null, 'logout'));
    edge.cookies.clear(reply, REFRESH_COOKIE);
    if (!revoked) return sendError(reply, 401, 'invalid_token', 'the refresh cookie names no live session');
    return reply.code(204).send();
  });
}

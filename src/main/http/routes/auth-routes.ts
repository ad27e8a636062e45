import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError } from '../../auth/errors';
import type { Gatehouse } from '../../auth/gatehouse';
import { parseRefreshToken } from '../../auth/refresh-token';
import type { TokenPair } from '../../auth/sessions';
import { bearerToken, withAccessToken } from '../bearer';
import { REFRESH_COOKIE, type AuthCookies } from '../cookies';
import { sendError } from '../errors';
import { optional, paramsSchema, readParams, refuseParams, required } from '../params';

/** POST /auth/login. */
const loginParams = paramsSchema({ username: required(256), password: required(1024) });
/** POST /auth/refresh: the token in the body, or else the refresh cookie. */
const refreshParams = paramsSchema({ refresh_token: optional(256) });

const clientOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });

/**
 * Login, refresh (rotation with reuse detection) and logout: the session half of the hybrid.
 * `sameOrigin` guards every request authenticated by the refresh cookie (CSRF).
 */
export function registerAuthRoutes(
  app: FastifyInstance,
  gatehouse: Gatehouse,
  cookies: AuthCookies,
  sameOrigin: (req: FastifyRequest) => boolean,
): void {
  const sendPair = (reply: FastifyReply, pair: TokenPair) => {
    cookies.set(reply, REFRESH_COOKIE, pair.refreshToken, pair.session.idleExpiresAt - gatehouse.clock.now());
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send({
      access_token: pair.access.token,
      token_type: 'Bearer',
      expires_in: pair.access.expiresIn,
      refresh_token: pair.refreshToken,
      session_id: pair.session.id,
    });
  };
  const sendAuthError = (reply: FastifyReply, err: unknown) => {
    if (!(err instanceof AuthError)) throw err;
    if (err.code === 'login_throttled') {
      reply.header('retry-after', String(err.retryAfter ?? 60));
      return sendError(reply, 429, 'slow_down', err.message);
    }
    if (err.code === 'login_busy') {
      // the password hasher is at capacity: refused at once rather than queued (RFC 9110 §15.6.4)
      reply.header('retry-after', String(err.retryAfter ?? 1));
      return sendError(reply, 503, 'temporarily_unavailable', err.message);
    }
    cookies.clear(reply, REFRESH_COOKIE);
    return sendError(
      reply,
      err.code === 'invalid_grant' ? 401 : 400,
      err.code === 'invalid_grant' ? 'invalid_grant' : 'invalid_request',
      err.message,
    );
  };

  app.post('/auth/login', async (req, reply) => {
    const read = readParams(req.body, loginParams);
    if (!read.ok) return refuseParams(reply, read.problem);
    const { username, password } = read.params;
    try {
      return sendPair(reply, await gatehouse.sessions.login(username, password, clientOf(req)));
    } catch (err) {
      return sendAuthError(reply, err);
    }
  });

  const crossOrigin = (reply: FastifyReply) =>
    sendError(
      reply,
      403,
      'invalid_request',
      "a request authenticated by the refresh cookie must come from this server's own origin or an allowed one",
    );

  app.post('/auth/refresh', async (req, reply) => {
    const read = readParams(req.body, refreshParams);
    if (!read.ok) return refuseParams(reply, read.problem);
    const fromBody = read.params.refresh_token;
    const token = fromBody ?? cookies.read(req, REFRESH_COOKIE);
    if (!token) return sendError(reply, 400, 'invalid_request', 'refresh_token is required (body or cookie)');
    // a token in the body is one an attacker's page cannot know; the cookie is sent by the browser alone
    if (fromBody === undefined && !sameOrigin(req)) return crossOrigin(reply);
    try {
      return sendPair(reply, await gatehouse.sessions.refresh(token, clientOf(req)));
    } catch (err) {
      return sendAuthError(reply, err);
    }
  });

  // a session that expired meanwhile is as logged out as it gets; a store failure is reported (503)
  const logoutWithBearer = withAccessToken(gatehouse, async (claims, _req, reply) => {
    // a client's own token (client_credentials) has no session to end
    if (claims.sid === undefined) return void sendError(reply, 400, 'invalid_request', 'this token names no session');
    await gatehouse.sessions.endSession(claims.sid, 'logout', claims.sub);
    cookies.clear(reply, REFRESH_COOKIE);
    reply.code(204).send();
  });
  app.post('/auth/logout', async (req, reply) => {
    const cookie = cookies.read(req, REFRESH_COOKIE);
    if (bearerToken(req) || !cookie) return logoutWithBearer(req, reply);
    // a browser app that keeps only the cookie logs out with it
    if (!sameOrigin(req)) return crossOrigin(reply);
    const revoked = parseRefreshToken(cookie) && (await gatehouse.tokens.revoke(cookie, null, 'logout'));
    cookies.clear(reply, REFRESH_COOKIE);
    if (!revoked) return sendError(reply, 401, 'invalid_token', 'the refresh cookie names no live session');
    return reply.code(204).send();
  });
}

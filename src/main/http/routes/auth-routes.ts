import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AuthError } from '../../auth/errors';
import type { Gatehouse } from '../../auth/gatehouse';
import { parseRefreshToken } from '../../auth/refresh-token';
import type { TokenPair } from '../../auth/sessions';
import { bearerToken, withAccessToken } from '../bearer';
import { sendError } from '../errors';
import { pacedRefusals } from '../paced-refusals';

export const REFRESH_COOKIE = 'gh_refresh';

const loginSchema = {
  body: {
    type: 'object',
    required: ['username', 'password'],
    properties: {
      username: { type: 'string', minLength: 1, maxLength: 256 },
      password: { type: 'string', minLength: 1, maxLength: 1024 },
    },
  },
} as const;

const refreshSchema = {
  body: { type: ['object', 'null'], properties: { refresh_token: { type: 'string', maxLength: 256 } } },
} as const;

const clientOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });

/**
 * Login, refresh (rotation with reuse detection) and logout: the session half of the hybrid.
 * `sameOrigin` guards every request authenticated by the refresh cookie (CSRF).
 */
export function registerAuthRoutes(
  app: FastifyInstance,
  gatehouse: Gatehouse,
  secureCookies: boolean,
  sameOrigin: (req: FastifyRequest) => boolean,
): void {
  const sendPair = (reply: FastifyReply, pair: TokenPair) => {
    reply.setCookie(REFRESH_COOKIE, pair.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/auth',
      secure: secureCookies,
      maxAge: Math.max(pair.session.idleExpiresAt - gatehouse.clock.now(), 0),
    });
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
    reply.clearCookie(REFRESH_COOKIE, { path: '/auth' });
    return sendError(
      reply,
      err.code === 'invalid_grant' ? 401 : 400,
      err.code === 'invalid_grant' ? 'invalid_grant' : 'invalid_request',
      err.message,
    );
  };

  // refused while the hasher is full before the body is read or parsed, and paced (see paced-refusals.ts)
  const paced = pacedRefusals();
  const refuseWhenBusy: onRequestHookHandler = (_req, reply, done) => {
    const busy = gatehouse.sessions.loginRefusal();
    if (!busy) return done();
    // answered here: done is not called, so nothing after this hook runs
    paced(() => void sendAuthError(reply, busy));
  };

  app.post('/auth/login', { schema: loginSchema, onRequest: refuseWhenBusy }, async (req, reply) => {
    const { username, password } = req.body as { username: string; password: string };
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

  app.post('/auth/refresh', { schema: refreshSchema }, async (req, reply) => {
    const fromBody = (req.body as { refresh_token?: string } | null)?.refresh_token;
    const token = fromBody ?? req.cookies[REFRESH_COOKIE];
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
    reply.clearCookie(REFRESH_COOKIE, { path: '/auth' });
    reply.code(204).send();
  });
  app.post('/auth/logout', async (req, reply) => {
    const cookie = req.cookies[REFRESH_COOKIE];
    if (bearerToken(req) || !cookie) return logoutWithBearer(req, reply);
    // a browser app that keeps only the cookie logs out with it
    if (!sameOrigin(req)) return crossOrigin(reply);
    const revoked = parseRefreshToken(cookie) && (await gatehouse.tokens.revoke(cookie, null, 'logout'));
    reply.clearCookie(REFRESH_COOKIE, { path: '/auth' });
    if (!revoked) return sendError(reply, 401, 'invalid_token', 'the refresh cookie names no live session');
    return reply.code(204).send();
  });
}

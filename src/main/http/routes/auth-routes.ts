import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthError } from '../../auth/errors';
import type { Gatehouse } from '../../auth/gatehouse';
import type { TokenPair } from '../../auth/sessions';
import { withAccessToken } from '../bearer';
import { sendError } from '../errors';

export const REFRESH_COOKIE = 'gh_refresh';

const loginSchema = {
  body: {
    type: 'object',
    required: ['username', 'password'],
    properties: { username: { type: 'string', minLength: 1, maxLength: 256 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
  },
} as const;

const refreshSchema = {
  body: { type: ['object', 'null'], properties: { refresh_token: { type: 'string', maxLength: 256 } } },
} as const;

const clientOf = (req: FastifyRequest) => ({ ip: req.ip, userAgent: String(req.headers['user-agent'] ?? '') });

/** Login, refresh (rotation with reuse detection) and logout: the session half of the hybrid. */
export function registerAuthRoutes(app: FastifyInstance, gatehouse: Gatehouse, secureCookies: boolean): void {
  const sendPair = (reply: FastifyReply, pair: TokenPair) => {
    reply.setCookie(REFRESH_COOKIE, pair.refreshToken, {
      httpOnly: true, sameSite: 'strict', path: '/auth', secure: secureCookies,
      maxAge: Math.max(pair.session.idleExpiresAt - gatehouse.clock.now(), 0),
    });
    return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send({
      access_token: pair.access.token, token_type: 'Bearer', expires_in: pair.access.expiresIn,
      refresh_token: pair.refreshToken, session_id: pair.session.id,
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
    return sendError(reply, err.code === 'invalid_grant' ? 401 : 400, err.code === 'invalid_grant' ? 'invalid_grant' : 'invalid_request', err.message);
  };

  app.post('/auth/login', { schema: loginSchema }, async (req, reply) => {
    const { username, password } = req.body as { username: string; password: string };
    try {
      return sendPair(reply, await gatehouse.sessions.login(username, password, clientOf(req)));
    } catch (err) {
      return sendAuthError(reply, err);
    }
  });

  app.post('/auth/refresh', { schema: refreshSchema }, async (req, reply) => {
    const token = (req.body as { refresh_token?: string } | null)?.refresh_token ?? req.cookies[REFRESH_COOKIE];
    if (!token) return sendError(reply, 400, 'invalid_request', 'refresh_token is required (body or cookie)');
    try {
      return sendPair(reply, await gatehouse.sessions.refresh(token, clientOf(req)));
    } catch (err) {
      return sendAuthError(reply, err);
    }
  });

  app.post('/auth/logout', withAccessToken(gatehouse, async (claims, _req, reply) => {
    await gatehouse.sessions.revokeSession(claims.sid, 'logout', claims.sub).catch((err: unknown) => {
      // a session that expired meanwhile is as logged out as it gets
      if (!(err instanceof AuthError && err.code === 'invalid_state')) throw err;
    });
    reply.clearCookie(REFRESH_COOKIE, { path: '/auth' });
    reply.code(204).send();
  }));
}

import type { FastifyReply } from 'fastify';
import type { Clock } from '../../auth/clock';
import { AuthError } from '../../auth/errors';
import type { TokenPair } from '../../auth/sessions';
import { REFRESH_COOKIE, type AuthCookies } from '../cookies';
import { sendError } from '../errors';

/**
 * The login API's answers (`/auth/login`, `/auth/refresh`, `/auth/logout`): the session half of
 * the hybrid, for first-party apps. A pair goes in the body and its refresh token in a cookie too.
 */
export interface LoginApiReplies {
  sendPair(reply: FastifyReply, pair: TokenPair): FastifyReply;
  /** A refusal from the domain; anything but an AuthError is rethrown (a 503 or 500 from the error handler). */
  sendAuthError(reply: FastifyReply, err: unknown): FastifyReply;
  /** A cookie-authenticated request from a page of another origin (CSRF). */
  crossOrigin(reply: FastifyReply): FastifyReply;
}

export function loginApiReplies(cookies: AuthCookies, clock: Clock): LoginApiReplies {
  return {
    sendPair(reply, pair) {
      cookies.set(reply, REFRESH_COOKIE, pair.refreshToken, pair.session.idleExpiresAt - clock.now());
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send({
        access_token: pair.access.token,
        token_type: 'Bearer',
        expires_in: pair.access.expiresIn,
        refresh_token: pair.refreshToken,
        session_id: pair.session.id,
      });
    },
    sendAuthError(reply, err) {
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
    },
    crossOrigin: (reply) =>
      sendError(
        reply,
        403,
        'invalid_request',
        "a request authenticated by the refresh cookie must come from this server's own origin or an allowed one",
      ),
  };
}

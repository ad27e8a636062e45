import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaims, AccessTokenVerifier, VerifyResult } from '../auth/verify-access-token';
import { sendError } from './errors';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer` header (RFC 6750 §2.1), or null. */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null;
}

const quote = (s: string) => s.replace(/["\\]/g, "'");

type Rejected = Pick<Extract<VerifyResult, { ok: false }>, 'message'> & { code: string };

/** A user's access token: it names the session it was issued in. */
export type UserClaims = AccessClaims & { sid: string };

/** A client's own token (client_credentials: `sub = client_id`, no `sid`) speaks for no user. */
const NOT_A_USER_TOKEN: Rejected = {
  code: 'not_a_user_token',
  message: 'this token was issued to a client for itself, not for a user',
};

function rejectMissing(req: FastifyRequest, reply: FastifyReply): void {
  const malformed = req.headers.authorization !== undefined;
  reply.header(
    'www-authenticate',
    malformed
      ? 'Bearer realm="gatehouse", error="invalid_request", error_description="malformed Authorization header"'
      : 'Bearer realm="gatehouse"',
  );
  // every unauthenticated /api/me is a 401 (RFC 6750 would allow 400 for a malformed header)
  sendError(
    reply,
    401,
    malformed ? 'invalid_request' : 'invalid_token',
    malformed ? 'malformed Authorization header' : 'no access token',
    { reason: malformed ? 'token_malformed' : 'token_missing' },
  );
}

function rejectToken(reply: FastifyReply, result: Rejected): void {
  reply.header(
    'www-authenticate',
    `Bearer realm="gatehouse", error="invalid_token", error_description="${quote(result.message)}"`,
  );
  sendError(reply, 401, 'invalid_token', result.message, { reason: result.code });
}

/**
 * A route handler behind hybrid verification of the request's bearer token by `verifier` (the
 * resource server's, or the any-audience one of introspection and UserInfo). A failure answers 401
 * with its `WWW-Authenticate` challenge (RFC 6750 §3). A token seen before is settled without an
 * await, so a repeat request costs little more than an unauthenticated one.
 */
export function withAccessToken(
  verifier: AccessTokenVerifier,
  handle: (claims: AccessClaims, req: FastifyRequest, reply: FastifyReply) => void | Promise<void>,
): (req: FastifyRequest, reply: FastifyReply) => void | Promise<void> {
  return (req, reply) => {
    const token = bearerToken(req);
    if (!token) return rejectMissing(req, reply);
    const settle = (result: VerifyResult) =>
      result.ok ? handle(result.claims, req, reply) : rejectToken(reply, result);
    const cached = verifier.verifyCached(token);
    return cached ? settle(cached) : verifier.verify(token).then(settle);
  };
}

/**
 * `withAccessToken` for endpoints that speak for a user (`/api/me`, UserInfo): a client's own
 * token is refused like any other bad token (401 `invalid_token`, reason `not_a_user_token`), so
 * a client registered under a user's id never passes for that user.
 */
export function withUserToken(
  verifier: AccessTokenVerifier,
  handle: (claims: UserClaims, req: FastifyRequest, reply: FastifyReply) => void | Promise<void>,
): (req: FastifyRequest, reply: FastifyReply) => void | Promise<void> {
  return withAccessToken(verifier, (claims, req, reply) =>
    claims.sid === undefined ? rejectToken(reply, NOT_A_USER_TOKEN) : handle(claims as UserClaims, req, reply),
  );
}

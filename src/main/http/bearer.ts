import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaims, AccessTokenVerifier, VerifyResult } from '../auth/verify-access-token';
import { sendError, toErrorDescription } from './errors';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;
/** RFC 6750 §2.1 b64token. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** The token of an `Authorization: Bearer` header (RFC 6750 §2.1), or null. */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null;
}

/** Where an endpoint takes the access token from: the header always, a form body where it says so. */
export interface TokenSources {
  /** RFC 6750 §2.2: `access_token` in a POST's `application/x-www-form-urlencoded` body (UserInfo). */
  formBody?: boolean;
}

type Presented = { token: string | null } | { problem: string };

/**
 * The request's access token by the methods `sources` allows (RFC 6750 §2): a form body counts
 * only as a POST with the form content type; a query parameter never counts (§2.3, RFC 9700
 * §2.4); more than one method at once is a malformed request (§2, "MUST NOT").
 */
function presentedToken(req: FastifyRequest, { formBody = false }: TokenSources): Presented {
  const header = req.headers.authorization === undefined ? null : bearerToken(req);
  const isForm =
    formBody &&
    req.method === 'POST' &&
    /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '');
  const body = isForm ? (req.body as Record<string, unknown> | undefined)?.access_token : undefined;
  if (body === undefined) return { token: header };
  if (typeof body !== 'string' || !BEARER_TOKEN.test(body))
    return { problem: 'access_token must be sent once, as one token' };
  if (req.headers.authorization !== undefined)
    return { problem: 'the access token was sent both in the Authorization header and in the body' };
  return { token: body };
}

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

/** RFC 6750 §3.1 `invalid_request`: 400, with its challenge. */
function rejectMalformed(reply: FastifyReply, description: string): void {
  reply.header(
    'www-authenticate',
    `Bearer realm="gatehouse", error="invalid_request", error_description="${toErrorDescription(description)}"`,
  );
  sendError(reply, 400, 'invalid_request', description, { reason: 'token_malformed' });
}

function rejectToken(reply: FastifyReply, result: Rejected): void {
  reply.header(
    'www-authenticate',
    `Bearer realm="gatehouse", error="invalid_token", error_description="${toErrorDescription(result.message)}"`,
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
  sources: TokenSources = {},
): (req: FastifyRequest, reply: FastifyReply) => void | Promise<void> {
  return (req, reply) => {
    const presented = presentedToken(req, sources);
    if ('problem' in presented) return rejectMalformed(reply, presented.problem);
    const { token } = presented;
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
  sources: TokenSources = {},
): (req: FastifyRequest, reply: FastifyReply) => void | Promise<void> {
  return withAccessToken(
    verifier,
    (claims, req, reply) =>
      claims.sid === undefined ? rejectToken(reply, NOT_A_USER_TOKEN) : handle(claims as UserClaims, req, reply),
    sources,
  );
}

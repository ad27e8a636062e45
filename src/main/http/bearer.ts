import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaims, AccessTokenVerifier, VerifyResult } from '../auth/verify-access-token';
import type { Gatehouse } from '../auth/gatehouse';
import { sendError } from './errors';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer` header (RFC 6750 §2.1), or null. */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null;
}

const quote = (s: string) => s.replace(/["\\]/g, "'");

type Rejected = Extract<VerifyResult, { ok: false }>;

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
 * A route handler behind hybrid verification of the request's bearer token. A failure answers 401
 * with its `WWW-Authenticate` challenge (RFC 6750 §3). A token seen before is settled without an
 * await, so a repeat request costs little more than an unauthenticated one.
 */
export function withAccessToken(
  gatehouse: Gatehouse,
  handle: (claims: AccessClaims, req: FastifyRequest, reply: FastifyReply) => void | Promise<void>,
  verifier: AccessTokenVerifier = gatehouse.verifier,
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

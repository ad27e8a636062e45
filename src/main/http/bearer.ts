import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AccessClaims } from '../auth/verify-access-token';
import type { Gatehouse } from '../auth/gatehouse';
import { sendError } from './errors';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer` header (RFC 6750 §2.1), or null. */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  return typeof header === 'string' ? (BEARER.exec(header)?.[1] ?? null) : null;
}

const quote = (s: string) => s.replace(/["\\]/g, "'");

/**
 * Hybrid verification of a request's bearer token: claims on success; otherwise the 401 with its
 * `WWW-Authenticate` challenge (RFC 6750 §3) has been sent and null is returned.
 */
export async function requireAccessToken(gatehouse: Gatehouse, req: FastifyRequest, reply: FastifyReply): Promise<AccessClaims | null> {
  const token = bearerToken(req);
  if (!token) {
    const malformed = req.headers.authorization !== undefined;
    reply.header('www-authenticate', malformed ? 'Bearer realm="gatehouse", error="invalid_request", error_description="malformed Authorization header"' : 'Bearer realm="gatehouse"');
    // DESIGN.md answers every unauthenticated /api/me with 401 (RFC 6750 would allow 400 here)
    sendError(reply, 401, malformed ? 'invalid_request' : 'invalid_token', malformed ? 'malformed Authorization header' : 'no access token', { reason: malformed ? 'token_malformed' : 'token_missing' });
    return null;
  }
  const result = await gatehouse.verifier.verify(token);
  if (result.ok) return result.claims;
  reply.header('www-authenticate', `Bearer realm="gatehouse", error="invalid_token", error_description="${quote(result.message)}"`);
  sendError(reply, 401, 'invalid_token', result.message, { reason: result.code });
  return null;
}

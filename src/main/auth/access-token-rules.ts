import { decodeBase64Url, decodeJsonSegment, isFormatProblem, parseCompactJws, type CompactParts } from '../../shared/jwt-format';
import type { TokenErrorCode } from '../../shared/token-errors';

/**
 * The pure rules of access-token verification, shared by the server's AccessTokenVerifier and the
 * resource-server verifier (src/main/verifier): no key ring, no store, no clock of their own.
 */

/** Claims of a Gatehouse access token (RFC 9068 profile plus `sid` and `ver`). */
export interface AccessClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  sid: string;
  jti: string;
  iat: number;
  exp: number;
  nbf?: number;
  ver: number;
  [claim: string]: unknown;
}

export type Rejection = { ok: false; code: TokenErrorCode; message: string };

/** RFC 8725 §3.11 + RFC 9068 §2.1: only these header members; `jwk`, `jku`, `x5u`, `crit`… are refused. */
const ALLOWED_HEADER = new Set(['alg', 'typ', 'kid']);
const ACCESS_TYP = new Set(['at+jwt', 'application/at+jwt']);
const REQUIRED_STRINGS = ['iss', 'sub', 'sid', 'jti'] as const;
const MAX_CLAIM_STRING = 512;

export const reject = (code: TokenErrorCode, message: string): Rejection => ({ ok: false, code, message });
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/** Format and canonical encoding: the compact parts, or why they are not acceptable. */
export function parseStrict(token: unknown): CompactParts | Rejection {
  const parts = parseCompactJws(token);
  if (isFormatProblem(parts)) return { ok: false, ...parts };
  // jose decodes leniently: without this, spare bits in the signature give one token many accepted spellings
  if (!decodeBase64Url(parts.payloadSegment) || !decodeBase64Url(parts.signatureSegment))
    return reject('token_malformed', 'the payload or signature is not canonical base64url');
  return parts;
}

/** Header members, algorithm (from the verifier's allow-list, never the token), typ and kid. */
export function checkHeader(header: Record<string, unknown>, allowedAlgs: ReadonlySet<string>): { alg: string; kid: string } | Rejection {
  const extra = Object.keys(header).filter((name) => !ALLOWED_HEADER.has(name));
  if (extra.length) return reject('header_not_allowed', `header member(s) not allowed: ${extra.join(', ')}`);
  const { alg, typ, kid } = header;
  if (typeof alg !== 'string' || !allowedAlgs.has(alg)) return reject('alg_not_allowed', `algorithm ${JSON.stringify(alg)} is not accepted`);
  if (typeof typ !== 'string' || !ACCESS_TYP.has(typ.toLowerCase())) return reject('typ_invalid', `typ must be at+jwt, not ${JSON.stringify(typ)}`);
  if (typeof kid !== 'string' || kid.length > 128) return reject('kid_unknown', 'the header names no usable kid');
  return { alg, kid };
}

export interface ClaimRules {
  issuer: string;
  audience: string;
  maxAccessTokenLifetime: number;
}

/**
 * The payload as claims, or why not: types, lifetime cap, issuer and audience. Wrapped in
 * `{ claims }` because a token may carry any claim name, `ok` included.
 */
export function checkClaims(payloadSegment: string, rules: ClaimRules): { claims: AccessClaims } | Rejection {
  const c = decodeJsonSegment(payloadSegment);
  if (!c) return reject('claims_invalid', 'the payload is not a JSON object');
  for (const name of REQUIRED_STRINGS) {
    const v = c[name];
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_CLAIM_STRING) return reject('claims_invalid', `claim ${name} must be a non-empty string`);
  }
  for (const name of ['iat', 'exp', 'ver'] as const) if (!isInt(c[name])) return reject('claims_invalid', `claim ${name} must be an integer`);
  if (c.nbf !== undefined && !isInt(c.nbf)) return reject('claims_invalid', 'claim nbf must be an integer');
  const { iat, exp, ver } = c as { iat: number; exp: number; ver: number };
  if (ver < 0) return reject('claims_invalid', 'claim ver must not be negative');
  if (exp <= iat) return reject('claims_invalid', 'exp must be after iat');
  if (exp - iat > rules.maxAccessTokenLifetime) return reject('lifetime_too_long', `lifetime ${exp - iat} s exceeds ${rules.maxAccessTokenLifetime} s`);
  if (c.iss !== rules.issuer) return reject('iss_invalid', 'unexpected issuer');
  const aud = c.aud;
  const audOk = typeof aud === 'string' ? aud === rules.audience : Array.isArray(aud) && aud.includes(rules.audience);
  if (!audOk) return reject('aud_invalid', `audience must include ${rules.audience}`);
  return { claims: c as AccessClaims };
}

/** Expiry and not-before, with the clock tolerance. */
export function checkTimes(claims: AccessClaims, now: number, tolerance: number): Rejection | null {
  if (now >= claims.exp + tolerance) return reject('token_expired', `expired ${now - claims.exp} s ago`);
  if (now < claims.iat - tolerance || (claims.nbf !== undefined && now < claims.nbf - tolerance))
    return reject('token_not_yet_valid', 'the token is not valid yet');
  return null;
}

/** The in-memory revocation state a verifier consults; `current` false means fail closed. */
export interface RevocationView {
  current(): boolean;
  isJtiRevoked(jti: string): boolean;
  isSessionRevoked(sid: string): boolean;
  minVersion(userId: string): number;
}

export function checkRevocation(claims: AccessClaims, view: RevocationView): Rejection | null {
  if (!view.current()) return reject('revocation_unavailable', 'revocation state is not current; try again shortly');
  if (view.isJtiRevoked(claims.jti)) return reject('jti_revoked', 'this token was revoked');
  if (view.isSessionRevoked(claims.sid)) return reject('session_revoked', 'the session was revoked');
  if (claims.ver < view.minVersion(claims.sub)) return reject('version_stale', "the user's tokens were invalidated");
  return null;
}

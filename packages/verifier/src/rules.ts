import { decodeBase64Url, decodeJsonSegment, isFormatProblem, parseCompactJws, type CompactParts } from './format.js';
import type { TokenErrorCode } from './token-errors.js';

/**
 * The stages of one verification, in the order they run. A rejection names the stage that
 * refused; every stage before it ran and passed, none after it ran.
 */
export const VERIFY_STEPS = [
  'format',
  'header',
  'algorithm',
  'key',
  'signature',
  'claims',
  'issuer',
  'audience',
  'time',
  'revocation',
] as const;
export type VerifyStep = (typeof VERIFY_STEPS)[number];

export type Rejection = { ok: false; code: TokenErrorCode; message: string; step: VerifyStep };
export const reject = (step: VerifyStep, code: TokenErrorCode, message: string): Rejection => ({
  ok: false,
  code,
  message,
  step,
});

/**
 * Claims of a Gatehouse access token (RFC 9068 profile plus `sid` and `ver`). A token a client got
 * for itself (client_credentials) names no session: its `sub` is its `client_id` and its `ver` is
 * the client's token version.
 */
export interface AccessClaims {
  iss: string;
  aud: string | string[];
  sub: string;
  /** The session; absent only from a client's own token. */
  sid?: string;
  client_id?: string;
  scope?: string;
  jti: string;
  iat: number;
  exp: number;
  nbf?: number;
  ver: number;
  [claim: string]: unknown;
}

const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/** Format and canonical encoding: the compact parts, or why they are not acceptable. */
export function parseStrict(token: unknown, maxLength?: number): CompactParts | Rejection {
  const parts = parseCompactJws(token, maxLength);
  if (isFormatProblem(parts)) return reject('format', parts.code, parts.message);
  // without this, spare bits in the signature give one token many accepted spellings
  if (!decodeBase64Url(parts.payloadSegment) || !decodeBase64Url(parts.signatureSegment))
    return reject('format', 'token_malformed', 'the payload or signature is not canonical base64url');
  return parts;
}

/** Which header members and `typ` values a profile accepts. */
export interface HeaderRules {
  /** Only these members (RFC 8725 §3.11); undefined: any member but `crit`, which no verifier here understands. */
  members?: ReadonlySet<string>;
  /** Accepted `typ` values, lower case; undefined: not checked. */
  typ?: ReadonlySet<string>;
}

/** Header members, `typ` and the shape of `kid`; the algorithm is the next stage. */
export function checkHeader(header: Record<string, unknown>, rules: HeaderRules): Rejection | null {
  const extra = rules.members
    ? Object.keys(header).filter((name) => !rules.members!.has(name))
    : 'crit' in header
      ? ['crit']
      : [];
  if (extra.length) return reject('header', 'header_not_allowed', `header member(s) not allowed: ${extra.join(', ')}`);
  const { typ, kid } = header;
  if (rules.typ && (typeof typ !== 'string' || !rules.typ.has(typ.toLowerCase())))
    return reject('header', 'typ_invalid', `typ must be ${[...rules.typ][0]}, not ${JSON.stringify(typ)}`);
  if (kid !== undefined && (typeof kid !== 'string' || kid.length > 128))
    return reject('header', 'kid_unknown', 'the header names no usable kid');
  return null;
}

/** The algorithm, from the verifier's allow-list, never the token's own say. */
export function checkAlgorithm(header: Record<string, unknown>, allowed: ReadonlySet<string>): string | Rejection {
  const { alg } = header;
  if (typeof alg !== 'string' || !allowed.has(alg))
    return reject('algorithm', 'alg_not_allowed', `algorithm ${JSON.stringify(alg)} is not accepted`);
  return alg;
}

export interface ClaimRules {
  issuer: string;
  /**
   * The audience the token must name; null: any (the issuer's own endpoints, introspection and
   * UserInfo, answer for tokens of every resource it issues for), though one must be named.
   */
  audience: string | null;
  maxAccessTokenLifetime: number;
}

const REQUIRED_STRINGS = ['iss', 'sub', 'jti'] as const;
const MAX_CLAIM_STRING = 512;

/**
 * The payload of an access token as claims, or why not: types and lifetime cap (claims), then
 * issuer, then audience. Wrapped in `{ claims }` because a token may carry any claim name, `ok` included.
 */
export function checkAccessClaims(payloadSegment: string, rules: ClaimRules): { claims: AccessClaims } | Rejection {
  const c = decodeJsonSegment(payloadSegment);
  if (!c) return reject('claims', 'claims_invalid', 'the payload is not a JSON object');
  for (const name of REQUIRED_STRINGS) {
    const v = c[name];
    if (typeof v !== 'string' || v.length === 0 || v.length > MAX_CLAIM_STRING)
      return reject('claims', 'claims_invalid', `claim ${name} must be a non-empty string`);
  }
  // a session token names its session; only a client's own token (sub = client_id) names none
  const ownClientToken = c.sid === undefined && typeof c.client_id === 'string' && c.client_id === c.sub;
  if (!ownClientToken && (typeof c.sid !== 'string' || c.sid.length === 0 || c.sid.length > MAX_CLAIM_STRING))
    return reject('claims', 'claims_invalid', 'claim sid must be a non-empty string');
  for (const name of ['iat', 'exp', 'ver'] as const)
    if (!isInt(c[name])) return reject('claims', 'claims_invalid', `claim ${name} must be an integer`);
  if (c.nbf !== undefined && !isInt(c.nbf)) return reject('claims', 'claims_invalid', 'claim nbf must be an integer');
  const { iat, exp, ver } = c as { iat: number; exp: number; ver: number };
  if (ver < 0) return reject('claims', 'claims_invalid', 'claim ver must not be negative');
  if (exp <= iat) return reject('claims', 'claims_invalid', 'exp must be after iat');
  if (exp - iat > rules.maxAccessTokenLifetime)
    return reject('claims', 'lifetime_too_long', `lifetime ${exp - iat} s exceeds ${rules.maxAccessTokenLifetime} s`);
  if (c.iss !== rules.issuer) return reject('issuer', 'iss_invalid', 'unexpected issuer');
  const aud = c.aud;
  const audOk =
    rules.audience === null
      ? (typeof aud === 'string' && aud.length > 0) ||
        (Array.isArray(aud) && aud.length > 0 && aud.every((a) => typeof a === 'string'))
      : typeof aud === 'string'
        ? aud === rules.audience
        : Array.isArray(aud) && aud.includes(rules.audience);
  if (!audOk)
    return reject(
      'audience',
      'aud_invalid',
      rules.audience === null ? 'the token names no audience' : `audience must include ${rules.audience}`,
    );
  return { claims: c as AccessClaims };
}

/** Any JWT's payload: a JSON object whose `exp`, `nbf` and `iat`, where present, are numbers. */
export function checkAnyClaims(payloadSegment: string): { claims: Record<string, unknown> } | Rejection {
  const c = decodeJsonSegment(payloadSegment);
  if (!c) return reject('claims', 'claims_invalid', 'the payload is not a JSON object');
  for (const name of ['exp', 'nbf', 'iat'] as const)
    if (c[name] !== undefined && typeof c[name] !== 'number')
      return reject('claims', 'claims_invalid', `claim ${name} must be a number`);
  return { claims: c };
}

/** Expiry and not-before (and an `iat` from the future), with the clock tolerance; absent ones pass. */
export function checkTimes(
  claims: { exp?: unknown; nbf?: unknown; iat?: unknown },
  now: number,
  tolerance: number,
): Rejection | null {
  const { exp, nbf, iat } = claims as { exp?: number; nbf?: number; iat?: number };
  if (exp !== undefined && now >= exp + tolerance) return reject('time', 'token_expired', `expired ${now - exp} s ago`);
  if ((iat !== undefined && now < iat - tolerance) || (nbf !== undefined && now < nbf - tolerance))
    return reject('time', 'token_not_yet_valid', 'the token is not valid yet');
  return null;
}

/** The in-memory revocation state a verifier consults; `current` false means fail closed. */
export interface RevocationView {
  current(): boolean;
  isJtiRevoked(jti: string): boolean;
  isSessionRevoked(sid: string): boolean;
  minVersion(userId: string): number;
  /** Minimum `ver` of a client's own tokens (absent: clients are never revoked this way). */
  minClientVersion?(clientId: string): number;
}

export function checkRevocation(claims: AccessClaims, view: RevocationView): Rejection | null {
  if (!view.current())
    return reject('revocation', 'revocation_unavailable', 'revocation state is not current; try again shortly');
  if (view.isJtiRevoked(claims.jti)) return reject('revocation', 'jti_revoked', 'this token was revoked');
  if (claims.sid === undefined) {
    // a client's own token: its client was disabled or its secret rotated
    if (claims.ver < (view.minClientVersion?.(claims.sub) ?? 0))
      return reject('revocation', 'version_stale', "the client's tokens were invalidated");
    return null;
  }
  if (view.isSessionRevoked(claims.sid)) return reject('revocation', 'session_revoked', 'the session was revoked');
  if (claims.ver < view.minVersion(claims.sub))
    return reject('revocation', 'version_stale', "the user's tokens were invalidated");
  return null;
}

import { compactVerify } from 'jose';
import { decodeBase64Url, decodeJsonSegment, isFormatProblem, MAX_TOKEN_LENGTH, parseCompactJws } from '../../shared/jwt-format';
import type { AuthSettings } from '../../shared/settings';
import type { TokenErrorCode } from '../../shared/token-errors';
import type { Clock } from './clock';
import type { KeyRing } from './key-ring';
import type { RevocationIndex } from './revocations';
import { VerifiedTokenCache } from './token-cache';

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

export type VerifyResult =
  | { ok: true; claims: AccessClaims; kid: string; alg: string; cached: boolean }
  | { ok: false; code: TokenErrorCode; message: string };

interface Verified {
  claims: AccessClaims;
  kid: string;
  alg: string;
}

/** RFC 8725 §3.11 + RFC 9068 §2.1: only these header members; `jwk`, `jku`, `x5u`, `crit`… are refused. */
const ALLOWED_HEADER = new Set(['alg', 'typ', 'kid']);
const ACCESS_TYP = new Set(['at+jwt', 'application/at+jwt']);
const REQUIRED_STRINGS = ['iss', 'sub', 'sid', 'jti'] as const;
const MAX_CLAIM_STRING = 512;

const reject = (code: TokenErrorCode, message: string): VerifyResult => ({ ok: false, code, message });
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/**
 * The one access-token check used by `/api/me`, introspection, the inspector and the demo lab.
 * Signature and claims first (skipped for a token verified before), then time, key state and the
 * in-memory revocation sets on every call. No store read anywhere on this path.
 */
export class AccessTokenVerifier {
  private readonly cache: VerifiedTokenCache<Verified>;

  constructor(
    private readonly ring: KeyRing,
    private readonly revocations: RevocationIndex,
    private readonly clock: Clock,
    private readonly settings: () => AuthSettings,
    /** False while revocations made by other instances could be missed (fail closed). */
    private readonly revocationsCurrent: () => boolean = () => true,
  ) {
    this.cache = new VerifiedTokenCache(settings().tokenCacheSize);
  }

  /** Called when settings change: the cache size, or issuer/audience/lifetime rules the cached entries passed. */
  resetCache(): void {
    this.cache.clear();
    this.cache.resize(this.settings().tokenCacheSize);
  }

  async verify(token: unknown): Promise<VerifyResult> {
    if (typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH) {
      const hit = this.cache.get(token);
      if (hit) return this.checkLive(hit, true);
    }
    const verified = await this.verifyStatic(token);
    if (!('claims' in verified)) return verified;
    this.cache.set(token as string, verified);
    return this.checkLive(verified, false);
  }

  /** Format, header, key, signature and claims: what does not change while the token lives. */
  private async verifyStatic(token: unknown): Promise<Verified | Extract<VerifyResult, { ok: false }>> {
    const parts = parseCompactJws(token);
    if (isFormatProblem(parts)) return { ok: false, ...parts };
    // jose decodes leniently: without this, spare bits in the signature give one token many accepted spellings
    if (!decodeBase64Url(parts.payloadSegment) || !decodeBase64Url(parts.signatureSegment))
      return { ok: false, code: 'token_malformed', message: 'the payload or signature is not canonical base64url' };
    const { header } = parts;
    const extra = Object.keys(header).filter((name) => !ALLOWED_HEADER.has(name));
    if (extra.length) return { ok: false, code: 'header_not_allowed', message: `header member(s) not allowed: ${extra.join(', ')}` };
    const { alg, typ, kid } = header;
    if (typeof alg !== 'string' || !this.ring.verifyingAlgs().has(alg as never))
      return { ok: false, code: 'alg_not_allowed', message: `algorithm ${JSON.stringify(alg)} is not accepted` };
    if (typeof typ !== 'string' || !ACCESS_TYP.has(typ.toLowerCase()))
      return { ok: false, code: 'typ_invalid', message: `typ must be at+jwt, not ${JSON.stringify(typ)}` };
    if (typeof kid !== 'string' || kid.length > 128) return { ok: false, code: 'kid_unknown', message: 'the header names no usable kid' };
    const key = this.ring.get(kid);
    if (!key) return { ok: false, code: 'kid_unknown', message: `no key ${JSON.stringify(kid.slice(0, 64))} in the ring` };
    if (key.record.alg !== alg) return { ok: false, code: 'alg_not_allowed', message: `key ${kid} is bound to ${key.record.alg}, not ${alg}` };
    if (key.record.state === 'revoked') return { ok: false, code: 'key_revoked', message: `key ${kid} was revoked` };
    if (key.record.state === 'retired') return { ok: false, code: 'key_retired', message: `key ${kid} is retired` };
    try {
      await compactVerify(token as string, key.publicKey, { algorithms: [key.record.alg] });
    } catch {
      return { ok: false, code: 'signature_invalid', message: 'the signature does not verify' };
    }
    const claims = decodeJsonSegment(parts.payloadSegment);
    if (!claims) return { ok: false, code: 'claims_invalid', message: 'the payload is not a JSON object' };
    const problem = this.checkClaims(claims);
    return problem ?? { claims: claims as AccessClaims, kid, alg };
  }

  private checkClaims(c: Record<string, unknown>): Extract<VerifyResult, { ok: false }> | null {
    const bad = (code: TokenErrorCode, message: string) => ({ ok: false as const, code, message });
    for (const name of REQUIRED_STRINGS) {
      const v = c[name];
      if (typeof v !== 'string' || v.length === 0 || v.length > MAX_CLAIM_STRING) return bad('claims_invalid', `claim ${name} must be a non-empty string`);
    }
    for (const name of ['iat', 'exp', 'ver'] as const) if (!isInt(c[name])) return bad('claims_invalid', `claim ${name} must be an integer`);
    if (c.nbf !== undefined && !isInt(c.nbf)) return bad('claims_invalid', 'claim nbf must be an integer');
    const { iat, exp, ver } = c as { iat: number; exp: number; ver: number };
    if (ver < 0) return bad('claims_invalid', 'claim ver must not be negative');
    if (exp <= iat) return bad('claims_invalid', 'exp must be after iat');
    const s = this.settings();
    if (exp - iat > s.maxAccessTokenLifetime) return bad('lifetime_too_long', `lifetime ${exp - iat} s exceeds ${s.maxAccessTokenLifetime} s`);
    if (c.iss !== s.issuer) return bad('iss_invalid', 'unexpected issuer');
    const aud = c.aud;
    const audOk = typeof aud === 'string' ? aud === s.audience : Array.isArray(aud) && aud.includes(s.audience);
    if (!audOk) return bad('aud_invalid', `audience must include ${s.audience}`);
    return null;
  }

  /** Time, key state and revocation: checked on every call, cached or not. */
  private checkLive({ claims, kid, alg }: Verified, cached: boolean): VerifyResult {
    const now = this.clock.now();
    const tolerance = this.settings().clockTolerance;
    if (now >= claims.exp + tolerance) return reject('token_expired', `expired ${now - claims.exp} s ago`);
    if (now < claims.iat - tolerance || (claims.nbf !== undefined && now < claims.nbf - tolerance))
      return reject('token_not_yet_valid', 'the token is not valid yet');
    const state = this.ring.get(kid)?.record.state;
    if (state === 'revoked' || state === undefined) return reject('key_revoked', `key ${kid} was revoked`);
    if (state === 'retired') return reject('key_retired', `key ${kid} is retired`);
    if (!this.revocationsCurrent()) return reject('revocation_unavailable', 'revocation state is not current; try again shortly');
    if (this.revocations.isJtiRevoked(claims.jti)) return reject('jti_revoked', 'this token was revoked');
    if (this.revocations.isSessionRevoked(claims.sid)) return reject('session_revoked', 'the session was revoked');
    if (claims.ver < this.revocations.minVersion(claims.sub)) return reject('version_stale', "the user's tokens were invalidated");
    return { ok: true, claims, kid, alg, cached };
  }
}

import { compactVerify } from 'jose';
import { checkClaims, checkHeader, checkRevocation, checkTimes, parseStrict, reject, type AccessClaims } from '../auth/access-token-rules';
import { VerifiedTokenCache } from '../auth/token-cache';
import { MAX_TOKEN_LENGTH } from '../../shared/jwt-format';
import type { TokenErrorCode } from '../../shared/token-errors';
import { JwksCache } from './jwks-cache';
import type { RevocationSource } from './revocation-source';

export interface VerifierOptions {
  /** Expected `iss`: the Gatehouse deployment's issuer URL. */
  issuer: string;
  /** Expected `aud` (this resource server). */
  audience: string;
  /** The issuer's JWKS, e.g. `${issuer}/.well-known/jwks.json`. */
  jwksUrl: string;
  /** The revocation feed; see openRedisRevocations. */
  revocations: RevocationSource;
  /** Seconds of clock skew allowed on exp/nbf/iat (default 5, like Gatehouse). */
  clockTolerance?: number;
  /** Longest `exp - iat` accepted (default 900 s, Gatehouse's default cap). */
  maxTokenLifetime?: number;
  /** Accepted algorithms (default ES256, EdDSA, RS256); never taken from the token. */
  algorithms?: string[];
  /** Least time between JWKS refetches caused by unknown kids (default 30 s). */
  jwksCooldownMs?: number;
  /** Verified tokens remembered so a repeat skips the signature check (default 10 000). */
  cacheSize?: number;
  /** Unix seconds (tests freeze it). */
  now?: () => number;
  fetch?: typeof fetch;
}

export type VerifierResult =
  | { ok: true; claims: AccessClaims; kid: string; cached: boolean }
  | { ok: false; code: TokenErrorCode; message: string };

export interface Verifier {
  verify(token: unknown): Promise<VerifierResult>;
  /** The JWKS cache (its `fetches` counter is handy in tests and metrics). */
  readonly jwks: JwksCache;
  /** Stops listening for key changes; the revocation source is the caller's to close. */
  close(): void;
}

interface Verified {
  claims: AccessClaims;
  kid: string;
}

/**
 * Verifies Gatehouse access tokens in a resource server with the issuer's own rules
 * (access-token-rules.ts): strict format and header, alg bound to the JWK, RFC 9068 typ, claim
 * types, lifetime cap, iss/aud; then on every call — cached or not — time, the key's revocation,
 * and the session/jti/user-version revocation sets. No network or Redis call per request except a
 * JWKS fetch for a kid not seen yet; while the revocation feed is not current it fails closed.
 */
export function createVerifier(opts: VerifierOptions): Verifier {
  const algorithms = new Set(opts.algorithms ?? ['ES256', 'EdDSA', 'RS256']);
  const jwks = new JwksCache({ url: opts.jwksUrl, algorithms, cooldownMs: opts.jwksCooldownMs, fetch: opts.fetch });
  const cache = new VerifiedTokenCache<Verified>(opts.cacheSize ?? 10_000);
  const now = opts.now ?? (() => Math.floor(Date.now() / 1000));
  const tolerance = opts.clockTolerance ?? 5;
  const rules = { issuer: opts.issuer, audience: opts.audience, maxAccessTokenLifetime: opts.maxTokenLifetime ?? 900 };
  const revocations = opts.revocations;
  const stopListening = revocations.onKeysChanged(() => {
    cache.clear();
    jwks.invalidate();
  });

  const verifyStatic = async (token: unknown): Promise<Verified | Extract<VerifierResult, { ok: false }>> => {
    const parts = parseStrict(token);
    if ('ok' in parts) return parts;
    const head = checkHeader(parts.header, algorithms);
    if ('ok' in head) return head;
    const { alg, kid } = head;
    const key = await jwks.lookup(kid);
    if (!key) return reject('kid_unknown', `no key ${JSON.stringify(kid.slice(0, 64))} in the issuer's JWKS`);
    if (key.alg !== alg) return reject('alg_not_allowed', `key ${kid} is bound to ${key.alg}, not ${alg}`);
    try {
      await compactVerify(token as string, key.key, { algorithms: [key.alg] });
    } catch {
      return reject('signature_invalid', 'the signature does not verify');
    }
    const checked = checkClaims(parts.payloadSegment, rules);
    return 'claims' in checked ? { claims: checked.claims, kid } : checked;
  };

  const checkLive = ({ claims, kid }: Verified, cached: boolean): VerifierResult => {
    const late = checkTimes(claims, now(), tolerance);
    if (late) return late;
    if (!revocations.current()) return reject('revocation_unavailable', 'revocation state is not current; try again shortly');
    if (revocations.isKidRevoked(kid) || !jwks.has(kid)) return reject('key_revoked', `key ${kid} is no longer published or was revoked`);
    return checkRevocation(claims, revocations) ?? { ok: true, claims, kid, cached };
  };

  return {
    jwks,
    async verify(token) {
      if (typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH) {
        const hit = cache.get(token);
        if (hit) return checkLive(hit, true);
      }
      const verified = await verifyStatic(token);
      if (!('claims' in verified)) return verified;
      cache.set(token as string, verified);
      return checkLive(verified, false);
    },
    close: () => stopListening(),
  };
}

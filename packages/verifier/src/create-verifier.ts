import { createRemoteJWKSet, customFetch, type JWK } from 'jose';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createPipeline, type BoundKey, type KeySource, type VerifyResult } from './pipeline.js';
import type { RevocationSource } from './revocation-source.js';
import { accessTokenProfile } from './profiles.js';
import type { AccessClaims } from './rules.js';

export interface VerifierOptions {
  /** Expected `iss`: the Gatehouse deployment's issuer URL. */
  issuer: string;
  /** Expected `aud` (this resource server). */
  audience: string;
  /** The issuer's JWKS, e.g. `${issuer}/.well-known/jwks.json`. */
  jwksUrl: string;
  /** The revocation feed; see `openRedisRevocations` (`@gatehouse/verifier/redis`). */
  revocations: RevocationSource;
  /** Seconds of clock skew allowed on exp/nbf/iat (default 5, like Gatehouse). */
  clockTolerance?: number;
  /** Longest `exp - iat` accepted (default 900 s, Gatehouse's default cap). */
  maxTokenLifetime?: number;
  /** Accepted algorithms (default ES256, EdDSA, RS256); never taken from the token. */
  algorithms?: string[];
  /** Least time after a JWKS fetch before a token naming an unknown kid may cause another (default 30 s). */
  jwksCooldownMs?: number;
  /** How long fetched keys are used before the JWKS is fetched again (default 300 s, Gatehouse's max-age). */
  jwksMaxAgeMs?: number;
  /** Verified tokens remembered so a repeat skips the signature check (default 10 000). */
  cacheSize?: number;
  /** Unix seconds (tests freeze it). */
  now?: () => number;
  fetch?: typeof fetch;
}

export type VerifierResult = VerifyResult<AccessClaims>;

export interface Verifier {
  verify(token: unknown): Promise<VerifierResult>;
  /** JWKS fetches started so far (tests and metrics). */
  jwksFetches(): number;
  /** Stops listening for key changes; the revocation source is the caller's to close. */
  close(): void;
}

/**
 * The issuer's JWKS through jose's `createRemoteJWKSet` (fetching, max-age, and the cooldown that
 * keeps made-up kids from flooding the issuer), with Gatehouse's own binding on top: a key is used
 * only for the `alg` its JWK declares (JWKs without one, with `d`, or not for signing are ignored),
 * and a kid that is no longer published, or that the issuer revoked or retired, is refused at once.
 */
function remoteKeys(
  opts: VerifierOptions,
  algorithms: ReadonlySet<string>,
): KeySource & { reload(): Promise<void>; fetches: () => number } {
  let fetches = 0;
  const fetchImpl = opts.fetch ?? fetch;
  const remote = createRemoteJWKSet(new URL(opts.jwksUrl), {
    cooldownDuration: opts.jwksCooldownMs ?? 30_000,
    cacheMaxAge: opts.jwksMaxAgeMs ?? 300_000,
    [customFetch]: (url, init) => {
      fetches++;
      return fetchImpl(url, { ...init, redirect: 'error' });
    },
  });
  const bound = new Map<string, { jwk: string; key: BoundKey }>();
  const published = (kid: string): JWK | undefined => remote.jwks()?.keys.find((k) => k.kid === kid);

  return {
    algorithms: () => algorithms,
    async lookup(kid, alg) {
      if (kid === undefined) return null;
      // jose fetches when it has no keys or they are stale, and refetches for an unmatched kid
      // once its cooldown allowed; a miss is then an unknown kid
      await remote({ kid, alg }).catch(() => undefined);
      const jwk = published(kid);
      if (
        !jwk ||
        typeof jwk.alg !== 'string' ||
        !algorithms.has(jwk.alg) ||
        'd' in jwk ||
        (jwk.use !== undefined && jwk.use !== 'sig')
      )
        return null;
      const json = JSON.stringify(jwk);
      const known = bound.get(kid);
      if (known?.jwk === json) return known.key;
      let key: KeyObject;
      try {
        key = createPublicKey({ key: jwk as never, format: 'jwk' });
      } catch {
        return null; // an unusable key: tokens naming it fail as kid_unknown
      }
      const entry = { kid, alg: jwk.alg, key };
      bound.set(kid, { jwk: json, key: entry });
      return entry;
    },
    withdrawn(kid) {
      if (opts.revocations.isKidRevoked(kid))
        return { code: 'key_revoked', message: `key ${kid} was revoked or retired by the issuer` };
      if (!published(kid)) return { code: 'key_revoked', message: `key ${kid} is no longer published` };
      return null;
    },
    reload: () => remote.reload().catch(() => {}),
    fetches: () => fetches,
  };
}

/**
 * Verifies Gatehouse access tokens in a resource server with the issuer's own pipeline and rules:
 * strict format and header, the algorithm from your allow-list and bound to the JWK, RFC 9068
 * `typ`, claim types, lifetime cap, iss/aud; then on every call, cached or not, time, the key's
 * state and the denylist (jti, session, user version). No network or Redis call per request
 * except a JWKS fetch for a kid not seen yet; while the revocation feed is not current it fails
 * closed (`revocation_unavailable`).
 */
export function createVerifier(opts: VerifierOptions): Verifier {
  const keys = remoteKeys(opts, new Set(opts.algorithms ?? ['ES256', 'EdDSA', 'RS256']));
  const rules = { issuer: opts.issuer, audience: opts.audience, maxAccessTokenLifetime: opts.maxTokenLifetime ?? 900 };
  const pipeline = createPipeline<AccessClaims>({
    keys,
    profile: accessTokenProfile({
      rules: () => rules,
      tolerance: () => opts.clockTolerance ?? 5,
      revocations: opts.revocations,
    }),
    now: opts.now ?? (() => Math.floor(Date.now() / 1000)),
    cacheSize: opts.cacheSize ?? 10_000,
  });
  const stopListening = opts.revocations.onKeysChanged(() => {
    pipeline.resetCache();
    void keys.reload();
  });
  return {
    verify: (token) => pipeline.verify(token),
    jwksFetches: keys.fetches,
    close: () => stopListening(),
  };
}

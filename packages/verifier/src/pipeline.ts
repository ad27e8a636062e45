import type { KeyObject } from 'node:crypto';
import { MAX_TOKEN_LENGTH } from './format.js';
import {
  checkAlgorithm,
  checkHeader,
  checkTimes,
  parseStrict,
  reject,
  type HeaderRules,
  type Rejection,
} from './rules.js';
import { keyFitsAlgorithm, verifyJwsSignature } from './signature.js';
import { VerifiedTokenCache } from './token-cache.js';
import type { TokenErrorCode } from './token-errors.js';

/** A public key bound to the one algorithm it verifies. */
export interface BoundKey {
  kid: string;
  alg: string;
  key: KeyObject;
}

/** Why a key no longer verifies (revoked, retired, no longer published). */
export interface Withdrawal {
  code: Extract<TokenErrorCode, 'key_revoked' | 'key_retired'>;
  message: string;
}

/** Where a verifier's keys come from: the issuer's own ring, a remote JWKS, a key pasted into the inspector. */
export interface KeySource {
  /** Algorithms a token may name at all: the allow-list, never taken from the token. */
  algorithms(): ReadonlySet<string>;
  /**
   * The key a token's `kid` names (it may fetch), or null when there is none. `alg` is the token's,
   * already on the allow-list: a hint for the lookup only; the key's own binding decides.
   */
  lookup(kid: string | undefined, alg: string): BoundKey | null | Promise<BoundKey | null>;
  /** Checked on every call, cached or not: why the key no longer verifies, or null while it does. */
  withdrawn(kid: string): Withdrawal | null;
}

/** What one kind of token must look like: its header, its claims, and what may revoke it. */
export interface Profile<C> {
  header: HeaderRules;
  /** Claims, issuer and audience of a payload whose signature verified. */
  claims(payloadSegment: string): { claims: C } | Rejection;
  /** Seconds of clock skew allowed on exp/nbf/iat. */
  tolerance(): number;
  /** The live revocation check, after time and key state; absent: nothing revokes this kind of token. */
  revocation?(claims: C): Rejection | null;
}

export type VerifyResult<C> = { ok: true; claims: C; kid: string; alg: string; cached: boolean } | Rejection;

export interface PipelineOptions<C> {
  keys: KeySource;
  profile: Profile<C>;
  /** Unix seconds. */
  now: () => number;
  /** Verified tokens remembered so a repeat skips format, header, key, signature and claims (0: none). */
  cacheSize: number;
  /** Longer tokens are refused before any parsing; default MAX_TOKEN_LENGTH (an access token's bound). */
  maxTokenLength?: number;
}

export interface Pipeline<C> {
  /** Every stage in order; `cache: false` verifies a token seen before again from the start. */
  verify(token: unknown, options?: { cache?: boolean }): Promise<VerifyResult<C>>;
  /** The verdict for a token verified before, without an await (the hot path); undefined when not cached. */
  verifyCached(token: unknown): VerifyResult<C> | undefined;
  /** Forgets every cached verification (keys or rules changed); optionally with a new size. */
  resetCache(size?: number): void;
}

interface Static<C> {
  claims: C;
  kid: string;
  alg: string;
  /** The answer to every cached hit that passes the live checks: built once, not per request. */
  hit?: VerifyResult<C>;
}

/**
 * The one verification pipeline: parse strictly → header → algorithm → key → signature → claims
 * (issuer, audience) → time → key state and revocation, each stage once and in that order, as
 * jose's `jwtVerify` reads. What cannot change while a token lives (everything up to the claims)
 * is cached by the whole token string; time, key state and revocation are checked on every call,
 * so the cache never hides a revocation. Gatehouse's own routes, introspection, the inspector,
 * the demo lab and `createVerifier` are all this, with another key source or profile.
 */
export function createPipeline<C extends { exp?: unknown; nbf?: unknown; iat?: unknown }>(
  opts: PipelineOptions<C>,
): Pipeline<C> {
  const { keys, profile, now, maxTokenLength = MAX_TOKEN_LENGTH } = opts;
  const cache = new VerifiedTokenCache<Static<C>>(opts.cacheSize);

  const verifyStatic = async (token: unknown): Promise<Static<C> | Rejection> => {
    const parts = parseStrict(token, maxTokenLength);
    if ('ok' in parts) return parts;
    const header = checkHeader(parts.header, profile.header);
    if (header) return header;
    const alg = checkAlgorithm(parts.header, keys.algorithms());
    if (typeof alg !== 'string') return alg;
    const kid = parts.header.kid as string | undefined;
    const key = await keys.lookup(kid, alg);
    if (!key)
      return reject(
        'key',
        'kid_unknown',
        kid === undefined ? 'the header names no kid' : `no key ${JSON.stringify(kid.slice(0, 64))} is known`,
      );
    if (key.alg !== alg || !keyFitsAlgorithm(alg, key.key))
      return reject('key', 'alg_not_allowed', `key ${key.kid} is bound to ${key.alg}, not ${alg}`);
    const withdrawn = keys.withdrawn(key.kid);
    if (withdrawn) return reject('key', withdrawn.code, withdrawn.message);
    if (!(await verifyJwsSignature(token as string, alg, key.key)))
      return reject('signature', 'signature_invalid', 'the signature does not verify');
    const checked = profile.claims(parts.payloadSegment);
    return 'claims' in checked ? { claims: checked.claims, kid: key.kid, alg } : checked;
  };

  const checkLive = (verified: Static<C>, cached: boolean): VerifyResult<C> => {
    const { claims, kid, alg } = verified;
    const late = checkTimes(claims, now(), profile.tolerance());
    if (late) return late;
    const withdrawn = keys.withdrawn(kid);
    if (withdrawn) return reject('revocation', withdrawn.code, withdrawn.message);
    const revoked = profile.revocation?.(claims);
    if (revoked) return revoked;
    if (!cached) return { ok: true, claims, kid, alg, cached };
    return (verified.hit ??= { ok: true, claims, kid, alg, cached: true });
  };

  const verifyCached = (token: unknown): VerifyResult<C> | undefined => {
    if (typeof token !== 'string' || token.length > maxTokenLength) return undefined;
    const hit = cache.get(token);
    return hit && checkLive(hit, true);
  };

  return {
    verifyCached,
    async verify(token, options = {}) {
      if (options.cache !== false) {
        const hit = verifyCached(token);
        if (hit) return hit;
      }
      const verified = await verifyStatic(token);
      if ('ok' in verified) return verified;
      cache.set(token as string, verified);
      return checkLive(verified, false);
    },
    resetCache(size) {
      cache.clear();
      if (size !== undefined) cache.resize(size);
    },
  };
}

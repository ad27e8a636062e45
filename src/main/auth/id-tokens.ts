import { createPipeline, jwtProfile, signJws } from '@gatehouse/verifier/internal';
import { createHash } from 'node:crypto';
import type { AuthSettings } from '../../shared/settings';
import type { Clock } from './clock';
import type { KeyRing } from './key-ring';
import { randomId } from './random';
import { ringKeys } from './verify-access-token';

/** Seconds an id_token is valid: it is read once, when the client signs the user in. */
export const ID_TOKEN_TTL = 300;

/**
 * OpenID Connect Core §3.1.3.6: the left-most half of the hash of the access token, with the
 * hash of the id_token's own algorithm (SHA-512 for EdDSA with Ed25519, SHA-256 for the others).
 */
export function accessTokenHash(accessToken: string, alg: string): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256')
    .update(accessToken, 'ascii')
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

export interface IdTokenSubject {
  userId: string;
  sessionId: string;
  clientId: string;
  authTime: number;
  nonce: string | null;
  /** The access token issued with it (for `at_hash`); none for response_type=id_token, which issues none. */
  accessToken?: string;
  /** What it says of the user (userinfo.ts `userinfoClaims`); the protocol's own claims always win. */
  claims?: Record<string, unknown>;
}

/** OpenID Connect id_tokens (`typ: JWT`), signed by the ring's active key: never usable as an access token. */
export class IdTokenIssuer {
  constructor(
    private readonly ring: KeyRing,
    private readonly clock: Clock,
    private readonly settings: () => AuthSettings,
  ) {}

  issue(s: IdTokenSubject): string {
    const { kid, alg, privateKey } = this.ring.signingKey();
    const iat = this.clock.now();
    return signJws(
      alg,
      privateKey,
      { typ: 'JWT', kid },
      {
        ...s.claims,
        iss: this.settings().issuer,
        sub: s.userId,
        aud: s.clientId,
        azp: s.clientId,
        iat,
        exp: iat + ID_TOKEN_TTL,
        auth_time: s.authTime,
        ...(s.nonce === null ? {} : { nonce: s.nonce }),
        sid: s.sessionId,
        ...(s.accessToken === undefined ? {} : { at_hash: accessTokenHash(s.accessToken, alg) }),
        jti: randomId(16),
      },
    );
  }
}

/** What an `id_token_hint` says, once verified. */
export interface IdTokenHint {
  userId: string;
  /** The session it was issued in (Gatehouse's id_tokens always name one). */
  sessionId: string;
  /** The client it was issued to (`aud`). */
  clientId: string;
}

/**
 * RP-Initiated Logout 1.0 §2: an `id_token_hint` is one of Gatehouse's own id_tokens, signed by a
 * key of the ring that still verifies, issued by this issuer, **expired or not** (an app logs out
 * long after sign-in). `typ: JWT` only: an access token (`at+jwt`) or a logout token
 * (`logout+jwt`) is never taken for a hint. Null when it is not one.
 */
export function createIdTokenHintVerifier(
  ring: KeyRing,
  clock: Clock,
  settings: () => AuthSettings,
): (token: string) => Promise<IdTokenHint | null> {
  const pipeline = createPipeline({
    keys: ringKeys(ring),
    // an expired id_token is still a good hint: no time limit at all
    profile: jwtProfile({ tolerance: () => Number.POSITIVE_INFINITY, typ: ['JWT'] }),
    now: () => clock.now(),
    cacheSize: 0,
  });
  return async (token) => {
    const result = await pipeline.verify(token);
    if (!result.ok) return null;
    const { iss, sub, aud, sid } = result.claims;
    if (iss !== settings().issuer || typeof sub !== 'string' || typeof sid !== 'string') return null;
    const clientId = typeof aud === 'string' ? aud : Array.isArray(aud) && aud.length === 1 ? aud[0] : undefined;
    return typeof clientId === 'string' ? { userId: sub, sessionId: sid, clientId } : null;
  };
}

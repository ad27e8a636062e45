import { createPipeline, jwtProfile, signJws, signJwsOffThread } from '@gatehouse/verifier/internal';
import { createHash } from 'node:crypto';
import { ID_TOKEN_KEY_ALG } from '../../shared/key-uses';
import type { AuthSettings } from '../../shared/settings';
import { MAX_ID_TOKEN_LENGTH } from '../../shared/user-claims';
import type { Clock } from './clock';
import { AuthError } from './errors';
import type { KeyRing, SigningKey } from './key-ring';
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

/**
 * The ring's active key for a client's `id_token_signed_response_alg` (OIDC Core §2, RS256 by
 * default). A client registered for an algorithm the ring no longer signs gets an error, never a
 * token in another algorithm, which its library would rightly refuse.
 */
export function idTokenKey(ring: KeyRing, alg: string = ID_TOKEN_KEY_ALG): SigningKey {
  const key = ring.signingKeyFor(alg);
  if (!key) throw new AuthError('invalid_state', `no active ${alg} key signs this client's id_tokens`);
  return key;
}

/**
 * Signs with `key`: an RSA signature (about a millisecond) on the thread pool, so the event loop
 * keeps serving; the elliptic ones (tens of microseconds) inline.
 */
export function signWith(
  key: SigningKey,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  const fullHeader = { ...header, kid: key.kid };
  return key.alg === 'RS256'
    ? signJwsOffThread(key.alg, key.privateKey, fullHeader, payload)
    : Promise.resolve(signJws(key.alg, key.privateKey, fullHeader, payload));
}

/** OpenID Connect id_tokens (`typ: JWT`), signed in the client's algorithm: never usable as an access token. */
export class IdTokenIssuer {
  constructor(
    private readonly ring: KeyRing,
    private readonly clock: Clock,
    private readonly settings: () => AuthSettings,
  ) {}

  issue(s: IdTokenSubject, alg?: string): Promise<string> {
    const key = idTokenKey(this.ring, alg);
    const iat = this.clock.now();
    return signWith(
      key,
      { typ: 'JWT' },
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
        ...(s.accessToken === undefined ? {} : { at_hash: accessTokenHash(s.accessToken, key.alg) }),
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
    // a user's custom claims are in every id_token: some are longer than an access token may be
    maxTokenLength: MAX_ID_TOKEN_LENGTH,
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

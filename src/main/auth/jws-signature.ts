import { verify, type KeyObject } from 'node:crypto';
import type { KeyAlgName } from '../../shared/settings';

const DIGEST: Record<KeyAlgName, string | null> = { ES256: 'sha256', RS256: 'sha256', EdDSA: null };
const KEY_TYPE: Record<KeyAlgName, string> = { ES256: 'ec', RS256: 'rsa', EdDSA: 'ed25519' };

/**
 * node:crypto takes the algorithm from the key (a null digest on an RSA key means RSA-SHA256),
 * so a key of the wrong type could verify a signature made for another algorithm: refuse it here.
 */
function keyFits(alg: KeyAlgName, key: KeyObject): boolean {
  if (key.asymmetricKeyType !== KEY_TYPE[alg]) return false;
  return alg !== 'ES256' || key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
}

/**
 * Checks a compact JWS signature with node:crypto's callback form, which runs on the libuv thread
 * pool: the event loop keeps serving while the other core verifies, and it skips the WebCrypto
 * key import and promise layers jose adds (measured in bench/). The algorithm is the key's own,
 * never the token's. The caller has already checked that every part is canonical base64url.
 */
export function verifyJwsSignature(token: string, alg: KeyAlgName, key: KeyObject): Promise<boolean> {
  if (!keyFits(alg, key)) return Promise.resolve(false);
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  // ES256 signatures are the raw 64-byte r||s form (RFC 7518 §3.4), never DER
  if (alg === 'ES256' && signature.length !== 64) return Promise.resolve(false);
  const signingInput = Buffer.from(token.slice(0, dot), 'ascii');
  const keyInput = alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  return new Promise((resolve) => {
    try {
      verify(DIGEST[alg], signingInput, keyInput, signature, (err, valid) => resolve(!err && valid));
    } catch {
      resolve(false);
    }
  });
}

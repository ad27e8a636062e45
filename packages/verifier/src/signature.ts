import { constants, createHmac, sign, timingSafeEqual, verify, type KeyObject } from 'node:crypto';

/**
 * JWS signatures (RFC 7515/7518), checked with node:crypto only. Why not jose's `compactVerify`:
 * node:crypto's callback form runs on the libuv thread pool, so the event loop keeps serving while
 * another core verifies, and it skips the WebCrypto key import and promise layers; `npm run bench`
 * and `npm run bench:jose` measure it side by side with jose (bench/README.md, "Signing and
 * verifying: node:crypto or jose").
 */

interface AlgSpec {
  /** node:crypto digest (null: the key's own, EdDSA). */
  digest: string | null;
  /** What kind of key may verify it (RFC 8725 §3.1: a key is bound to one kind of algorithm). */
  fits(key: KeyObject): boolean;
  /** Extra node:crypto options: raw r||s for ECDSA, PSS padding. */
  options?: { dsaEncoding?: 'ieee-p1363'; padding?: number; saltLength?: number };
  /** The exact length of an ECDSA signature (r||s), or of an HMAC. */
  length?: number;
}

const curve = (key: KeyObject) => key.asymmetricKeyDetails?.namedCurve;
const rsaBits = (key: KeyObject) => key.asymmetricKeyDetails?.modulusLength ?? 0;
const ec = (digest: string, namedCurve: string, length: number): AlgSpec => ({
  digest,
  length,
  options: { dsaEncoding: 'ieee-p1363' },
  fits: (k) => k.type === 'public' && k.asymmetricKeyType === 'ec' && curve(k) === namedCurve,
});
// RFC 7518 §3.3/§3.5: RSA keys of at least 2048 bits
const rsa = (digest: string): AlgSpec => ({
  digest,
  fits: (k) => k.type === 'public' && k.asymmetricKeyType === 'rsa' && rsaBits(k) >= 2048,
});
const pss = (digest: string, saltLength: number): AlgSpec => ({
  digest,
  options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength },
  fits: (k) =>
    k.type === 'public' && (k.asymmetricKeyType === 'rsa' || k.asymmetricKeyType === 'rsa-pss') && rsaBits(k) >= 2048,
});
const hmac = (digest: string, length: number): AlgSpec => ({ digest, length, fits: (k) => k.type === 'secret' });

const ALGS: Record<string, AlgSpec> = {
  ES256: ec('sha256', 'prime256v1', 64),
  ES384: ec('sha384', 'secp384r1', 96),
  ES512: ec('sha512', 'secp521r1', 132),
  RS256: rsa('sha256'),
  RS384: rsa('sha384'),
  RS512: rsa('sha512'),
  PS256: pss('sha256', 32),
  PS384: pss('sha384', 48),
  PS512: pss('sha512', 64),
  EdDSA: { digest: null, fits: (k) => k.type === 'public' && k.asymmetricKeyType === 'ed25519' },
  HS256: hmac('sha256', 32),
  HS384: hmac('sha384', 48),
  HS512: hmac('sha512', 64),
};

/** The signing input of a compact JWS and what node:crypto needs to sign it; throws for a key that cannot sign `alg`. */
function signingJob(alg: string, key: KeyObject, header: Record<string, unknown>, payload: Record<string, unknown>) {
  const spec = ALGS[alg];
  if (!spec || key.type !== 'private') throw new Error(`cannot sign ${alg} with a ${key.type} key`);
  const input = `${Buffer.from(JSON.stringify({ ...header, alg })).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return { input, digest: spec.digest, keyInput: spec.options ? { key, ...spec.options } : key };
}

/**
 * Signs a compact JWS (RFC 7515) with a private key of the kind `alg` needs: the issuer's side of
 * `verifyJwsSignature`, synchronous. Right for ES256/EdDSA (tens of microseconds); an RSA
 * signature holds the event loop for about a millisecond, so RS256 wants `signJwsOffThread`.
 */
export function signJws(
  alg: string,
  key: KeyObject,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): string {
  const { input, digest, keyInput } = signingJob(alg, key, header, payload);
  return `${input}.${sign(digest, Buffer.from(input), keyInput).toString('base64url')}`;
}

/**
 * `signJws` on the libuv thread pool (node:crypto's callback form): the same token, but the event
 * loop keeps serving while another core signs (`npm run bench:jose`: RS256 with 32 in flight).
 */
export function signJwsOffThread(
  alg: string,
  key: KeyObject,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const { input, digest, keyInput } = signingJob(alg, key, header, payload); // a throw here rejects
    sign(digest, Buffer.from(input), keyInput, (err, signature) =>
      err ? reject(err) : resolve(`${input}.${signature.toString('base64url')}`),
    );
  });
}

/** Every algorithm `key` can verify, decided by the key alone (never by a token's header). */
export function algorithmsForKey(key: KeyObject): string[] {
  return Object.entries(ALGS)
    .filter(([, spec]) => spec.fits(key))
    .map(([alg]) => alg);
}

/** Whether `key` is of the kind `alg` needs (an ES256 signature checked with an RSA key is refused, not tried). */
export const keyFitsAlgorithm = (alg: string, key: KeyObject): boolean => ALGS[alg]?.fits(key) ?? false;

/**
 * Checks the signature of a compact JWS with `key`, for `alg` as the verifier decided it. The
 * caller has already checked that every part is canonical base64url. Asymmetric algorithms run
 * on the thread pool; HMAC is compared in constant time.
 */
export function verifyJwsSignature(token: string, alg: string, key: KeyObject): Promise<boolean> {
  const spec = ALGS[alg];
  if (!spec || !spec.fits(key)) return Promise.resolve(false);
  const dot = token.lastIndexOf('.');
  const signature = Buffer.from(token.slice(dot + 1), 'base64url');
  if (spec.length !== undefined && signature.length !== spec.length) return Promise.resolve(false);
  const signingInput = Buffer.from(token.slice(0, dot), 'ascii');
  if (key.type === 'secret') {
    const expected = createHmac(spec.digest!, key).update(signingInput).digest();
    return Promise.resolve(timingSafeEqual(expected, signature));
  }
  const keyInput = spec.options ? { key, ...spec.options } : key;
  return new Promise((resolve) => {
    try {
      verify(spec.digest, signingInput, keyInput, signature, (err, valid) => resolve(!err && valid));
    } catch {
      resolve(false);
    }
  });
}

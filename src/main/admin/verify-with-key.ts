import { compactVerify } from 'jose';
import { createPublicKey, createSecretKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { TokenVerifyView } from '../../shared/admin-views';
import { isFormatProblem, parseCompactJws } from '../../shared/jwt-format';
import { stepsUntil, type VerifyStep } from './verify-steps';

export type PastedKey = { kind: 'jwk'; jwk: string } | { kind: 'jwks'; jwks: string } | { kind: 'pem'; pem: string } | { kind: 'secret'; secret: string };

const STEPS = ['format', 'algorithm', 'key', 'signature', 'time'] as const;
/** Below this many bytes an HMAC secret is guessable offline (RFC 7518 §3.2 wants ≥ the hash size). */
const MIN_HMAC_SECRET = 32;

/** Algorithms a key may verify, decided by the key, never by the token's header (RFC 8725 §3.1). */
function algsFor(key: KeyObject): string[] {
  if (key.type === 'secret') return ['HS256', 'HS384', 'HS512'];
  switch (key.asymmetricKeyType) {
    case 'ec':
      return ({ prime256v1: ['ES256'], secp384r1: ['ES384'], secp521r1: ['ES512'] } as Record<string, string[]>)[key.asymmetricKeyDetails?.namedCurve ?? ''] ?? [];
    case 'ed25519':
      return ['EdDSA', 'Ed25519'];
    case 'rsa':
      return ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    default:
      return [];
  }
}

function keyFrom(pasted: PastedKey, kid: unknown): { key: KeyObject; algs: string[]; note: string } {
  switch (pasted.kind) {
    case 'secret': {
      const bytes = new TextEncoder().encode(pasted.secret);
      const weak = bytes.length < MIN_HMAC_SECRET ? ` (weak: ${bytes.length} bytes, want ≥ ${MIN_HMAC_SECRET})` : '';
      return { key: createSecretKey(bytes), algs: algsFor(createSecretKey(bytes)), note: `HMAC secret${weak}` };
    }
    case 'pem': {
      const pem = pasted.pem.trim();
      const key = pem.includes('CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
      return { key, algs: algsFor(key), note: `${key.asymmetricKeyType} public key from PEM` };
    }
    case 'jwk': {
      const jwk = JSON.parse(pasted.jwk) as Record<string, unknown>;
      return fromJwk(jwk);
    }
    case 'jwks': {
      const set = JSON.parse(pasted.jwks) as { keys?: Record<string, unknown>[] };
      if (!Array.isArray(set.keys)) throw new Error('a JWKS is an object with a "keys" array');
      const match = set.keys.find((k) => k.kid === kid);
      if (!match) throw new Error(`no key with kid ${JSON.stringify(kid)} in the JWKS`);
      return fromJwk(match);
    }
  }
}

function fromJwk(jwk: Record<string, unknown>): { key: KeyObject; algs: string[]; note: string } {
  if (jwk.kty === 'oct') throw new Error('paste HMAC secrets as a secret, not as an "oct" JWK');
  const { d: _private, ...publicPart } = jwk;
  const key = createPublicKey({ key: publicPart as never, format: 'jwk' });
  const algs = algsFor(key);
  // a JWK that names its algorithm is bound to it
  return { key, algs: typeof jwk.alg === 'string' ? algs.filter((a) => a === jwk.alg) : algs, note: `${jwk.kty} JWK${jwk.kid ? ` ${String(jwk.kid)}` : ''}` };
}

/** Verifies any JWS against a key the user pasted: the inspector's "does this token verify with X?". */
export async function verifyWithPastedKey(token: string, pasted: PastedKey, now: number): Promise<TokenVerifyView> {
  const links = { sessionId: null, kid: null, denylisted: false, sessionStatus: null };
  const result = (failed: VerifyStep | null, message: string): TokenVerifyView => ({ valid: failed === null, code: null, message, steps: stepsUntil(failed, message, STEPS), links });
  const parts = parseCompactJws(token);
  if (isFormatProblem(parts)) return result('format', parts.message);
  let key;
  try {
    key = keyFrom(pasted, parts.header.kid);
  } catch (err) {
    return result('key', `the pasted key could not be used: ${(err as Error).message}`);
  }
  const alg = parts.header.alg;
  if (typeof alg !== 'string' || !key.algs.includes(alg)) return result('algorithm', `${key.note} cannot verify alg ${JSON.stringify(alg)} (allowed: ${key.algs.join(', ') || 'none'})`);
  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(token, key.key, { algorithms: key.algs });
    payload = JSON.parse(new TextDecoder().decode(verified.payload)) as Record<string, unknown>;
  } catch (err) {
    return result('signature', `signature check failed: ${(err as Error).message}`);
  }
  const { exp, nbf } = payload;
  if (typeof exp === 'number' && now >= exp) return result('time', 'the signature is valid but the token has expired');
  if (typeof nbf === 'number' && now < nbf) return result('time', 'the signature is valid but the token is not valid yet');
  return result(null, `valid signature (${key.note})`);
}

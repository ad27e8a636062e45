import { algorithmsForKey, createPipeline, jwtProfile, type VerifyStep } from '@gatehouse/verifier/internal';
import { createPublicKey, createSecretKey, X509Certificate, type KeyObject } from 'node:crypto';
import type { TokenVerifyView } from '../../shared/admin-views';
import { isFormatProblem, parseCompactJws } from '../../shared/jwt-format';
import { stepsBeforePipeline, stepsView } from './verify-steps';

export type PastedKey =
  | { kind: 'jwk'; jwk: string }
  | { kind: 'jwks'; jwks: string }
  | { kind: 'pem'; pem: string }
  | { kind: 'secret'; secret: string };

/** What a pasted key is checked for: any signed JWT, so no issuer, audience or revocation. */
const SHOWN: readonly VerifyStep[] = ['format', 'header', 'algorithm', 'key', 'signature', 'claims', 'time'];
/** Below this many bytes an HMAC secret is guessable offline (RFC 7518 §3.2 wants ≥ the hash size). */
const MIN_HMAC_SECRET = 32;

function keyFrom(pasted: PastedKey, kid: unknown): { key: KeyObject; algs: string[]; note: string } {
  switch (pasted.kind) {
    case 'secret': {
      const bytes = new TextEncoder().encode(pasted.secret);
      const weak = bytes.length < MIN_HMAC_SECRET ? ` (weak: ${bytes.length} bytes, want ≥ ${MIN_HMAC_SECRET})` : '';
      const key = createSecretKey(bytes);
      return { key, algs: algorithmsForKey(key), note: `HMAC secret${weak}` };
    }
    case 'pem': {
      const pem = pasted.pem.trim();
      const key = pem.includes('CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
      return { key, algs: algorithmsForKey(key), note: `${key.asymmetricKeyType} public key from PEM` };
    }
    case 'jwk':
      return fromJwk(JSON.parse(pasted.jwk) as Record<string, unknown>);
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
  const algs = algorithmsForKey(key);
  // a JWK that names its algorithm is bound to it
  return {
    key,
    algs: typeof jwk.alg === 'string' ? algs.filter((a) => a === jwk.alg) : algs,
    note: `${jwk.kty} JWK${jwk.kid ? ` ${String(jwk.kid)}` : ''}`,
  };
}

/**
 * Verifies any JWS against a key the user pasted: the inspector's "does this token verify with X?".
 * The verification pipeline itself, with the pasted key as its only key and the algorithms that
 * key can verify as the allow-list; a key that does not parse fails before the pipeline runs.
 */
export async function verifyWithPastedKey(token: string, pasted: PastedKey, now: number): Promise<TokenVerifyView> {
  const links = { sessionId: null, kid: null, denylisted: false, sessionStatus: null };
  const parts = parseCompactJws(token);
  if (isFormatProblem(parts))
    return {
      valid: false,
      code: parts.code,
      message: parts.message,
      steps: stepsBeforePipeline([], 'format', parts.message, SHOWN),
      links,
    };
  let pastedKey;
  try {
    pastedKey = keyFrom(pasted, parts.header.kid);
  } catch (err) {
    const message = `the pasted key could not be used: ${(err as Error).message}`;
    return { valid: false, code: null, message, steps: stepsBeforePipeline(['format'], 'key', message, SHOWN), links };
  }
  const { key, algs, note } = pastedKey;
  const pipeline = createPipeline({
    keys: {
      algorithms: () => new Set(algs),
      // the pasted key is the key, whatever kid the token names; bound to the token's algorithm, which is on its list
      lookup: (_kid, alg) => ({ kid: typeof parts.header.kid === 'string' ? parts.header.kid : '(pasted)', alg, key }),
      withdrawn: () => null,
    },
    profile: jwtProfile({ tolerance: () => 0 }),
    now: () => now,
    cacheSize: 0,
  });
  const result = await pipeline.verify(token);
  if (result.ok)
    return { valid: true, code: null, message: `valid signature (${note})`, steps: stepsView(result, SHOWN), links };
  const message =
    result.step === 'algorithm'
      ? `${note} cannot verify alg ${JSON.stringify(parts.header.alg)} (allowed: ${algs.join(', ') || 'none'})`
      : result.message;
  return { valid: false, code: result.code, message, steps: stepsView({ step: result.step, message }, SHOWN), links };
}

/**
 * An id_token wrong in exactly one way, for a test instance's `gh.next.idToken({ defect })`
 * (issue 22): a relying party's tests prove it refuses each case. The cases and their values follow
 * the OpenID Foundation's RP test modules (conformance suite `openid/client/OIDCCClientTest*` with
 * `condition/as/AddInvalid*ValueToIdToken`): a `1` appended to iss, aud, nonce and at_hash, an exp
 * six minutes past, a broken signature, `alg: none`, a key the JWKS does not publish. Everything
 * else stays valid: the token is re-signed with the ring's key for its own algorithm.
 */
import { signJws } from '@gatehouse/verifier/internal';
import { randomBytes } from 'node:crypto';
import { KEY_ALGS, type KeyAlgName } from '../../shared/settings';
import type { Clock } from './clock';
import { idTokenKey, signWith } from './id-tokens';
import { generatePrivateKey, type KeyRing } from './key-ring';
import { appendOne, breakSignature, unsecuredJwt, decodeJwtPart as decodePart, type JwtJson } from './jwt-defects';
import { randomId } from './random';

export const ID_TOKEN_DEFECTS = [
  'iss',
  'aud',
  'exp',
  'signature',
  'nonce',
  'alg-none',
  'unknown-kid',
  'at_hash',
  'typ',
] as const;
export type IdTokenDefect = (typeof ID_TOKEN_DEFECTS)[number];

/** The `typ` an id_token must never carry: an access token's (RFC 9068 §2.1), so RFC 8725 §3.11 explicit typing bites. */
export const WRONG_ID_TOKEN_TYP = 'at+jwt';

/** The suite's expired exp: six minutes ago, past any clock skew an RP allows. */
const EXPIRED_BY = 6 * 60;

export interface IdTokenDefectDeps {
  ring: KeyRing;
  clock: Clock;
}

type Json = JwtJson;

/** The claims with the defect, for the defects that live in the claims. */
function claimsWith(defect: IdTokenDefect, claims: Json, now: number): Json {
  switch (defect) {
    case 'iss':
      return { ...claims, iss: appendOne(claims.iss) };
    case 'aud':
      return { ...claims, aud: appendOne(claims.aud) };
    case 'exp': {
      const exp = now - EXPIRED_BY;
      return { ...claims, iat: exp - (Number(claims.exp) - Number(claims.iat) || 300), exp };
    }
    case 'nonce':
      return { ...claims, nonce: appendOne(claims.nonce ?? randomId(8)) };
    case 'at_hash':
      return { ...claims, at_hash: appendOne(claims.at_hash ?? randomBytes(16).toString('base64url')) };
    default:
      return claims;
  }
}

/**
 * `idToken` (a valid id_token of this ring) made wrong by `defect` only. The algorithm stays the
 * one the client registered (the token's own `alg`), and so does every other claim.
 */
export async function withIdTokenDefect(
  idToken: string,
  defect: IdTokenDefect,
  { ring, clock }: IdTokenDefectDeps,
): Promise<string> {
  const [headerPart, payloadPart] = idToken.split('.');
  const header = decodePart(headerPart);
  const alg = String(header.alg);
  const claims = claimsWith(defect, decodePart(payloadPart), clock.now());
  const { kid: _kid, alg: _alg, ...rest } = header;
  switch (defect) {
    case 'alg-none':
      return unsecuredJwt(rest, claims);
    case 'unknown-kid': {
      if (!(KEY_ALGS as readonly string[]).includes(alg)) throw new Error(`cannot sign ${alg}`);
      const stranger = generatePrivateKey(alg as KeyAlgName);
      return signJws(alg, stranger, { ...rest, alg, kid: `unknown-${randomId(8)}` }, claims);
    }
    case 'typ':
      return signWith(idTokenKey(ring, alg), { ...rest, typ: WRONG_ID_TOKEN_TYP }, claims);
    case 'signature':
      return breakSignature(await signWith(idTokenKey(ring, alg), rest, claims));
    default:
      return signWith(idTokenKey(ring, alg), rest, claims);
  }
}

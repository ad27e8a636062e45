/**
 * The id_token checks openid-client leaves to the app. Its `authorizationCodeGrant` checks iss,
 * aud, exp, iat, nonce and the algorithm, but not the signature of an id_token that came straight
 * from the token endpoint (OIDC Core §3.1.3.7 step 6 lets TLS stand in for it), nor `at_hash`
 * (§3.1.3.8: optional in the code flow), nor the JWT `typ`. This app checks them all the same: a
 * token that does not verify against the provider's JWKS, whose `at_hash` is wrong, or that is typed
 * as something else (an access token, `at+jwt`: RFC 8725 §3.11) signs no one in.
 */
import { createHash } from 'node:crypto';
import { jwtVerify, type JWTVerifyGetKey } from 'jose';

export interface IdTokenCheckOptions {
  issuer: string;
  clientId: string;
  /** The provider's JWKS (jose's `createRemoteJWKSet`). */
  keys: JWTVerifyGetKey;
  /** The algorithm this client registered (`id_token_signed_response_alg`); RS256 by default. */
  algorithm?: string;
}

/** OIDC Core §3.1.3.6: the left half of the access token's hash with the id_token's own algorithm's hash. */
function accessTokenHash(accessToken: string, alg: string): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : `sha${alg.slice(2)}`)
    .update(accessToken, 'ascii')
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** An id_token's `typ` is `JWT` (or absent); anything else is another kind of token. */
const isIdTokenTyp = (typ: string | undefined) =>
  typ === undefined || ['jwt', 'application/jwt'].includes(typ.toLowerCase());

/** Resolves when `idToken` (issued with `accessToken`) passes; throws an Error that says what failed. */
export function idTokenChecker({ issuer, clientId, keys, algorithm = 'RS256' }: IdTokenCheckOptions) {
  return async (idToken: string, accessToken: string): Promise<void> => {
    // the signature against the JWKS, in the registered algorithm only (never `none`), with iss, aud, exp again
    const { payload, protectedHeader } = await jwtVerify(idToken, keys, {
      issuer,
      audience: clientId,
      algorithms: [algorithm],
      requiredClaims: ['sub', 'iat', 'exp'],
    });
    if (!isIdTokenTyp(protectedHeader.typ)) throw new Error(`the id_token is typed ${protectedHeader.typ}, not JWT`);
    if (payload.at_hash !== undefined && payload.at_hash !== accessTokenHash(accessToken, protectedHeader.alg))
      throw new Error('the id_token does not belong to the access token (at_hash)');
  };
}

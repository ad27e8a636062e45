/**
 * The common API: jose's `jwtVerify` with the issuer's JWKS, as jose's README shows it. It checks
 * the signature (with a key the JWKS publishes for the token's `alg`), `exp`/`nbf`, `iss` and `aud`,
 * and nothing Gatehouse knows after issuing: a revoked session, a denylisted `jti`, a raised user
 * version or a disabled user still pass until the token expires. `typ` is not checked either.
 */
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { serveApi, type SampleApi } from './serve-api';

export interface SignatureOnlyApiOptions {
  issuer: string;
  audience: string;
  /** Default `${issuer}/.well-known/jwks.json`. */
  jwksUrl?: string;
  port?: number;
  /** The time this API believes, in epoch ms (default the real one; a test shares Gatehouse's virtual clock). */
  now?: () => number;
}

export async function startSignatureOnlyApi(opts: SignatureOnlyApiOptions): Promise<SampleApi> {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl ?? `${opts.issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
  return serveApi(
    async (token) => {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: opts.issuer,
          audience: opts.audience,
          ...(opts.now && { currentDate: new Date(opts.now()) }),
        });
        return { ok: true, sub: String(payload.sub) };
      } catch (err) {
        return { ok: false, reason: err instanceof errors.JOSEError ? err.code : 'invalid_token' };
      }
    },
    { port: opts.port },
  );
}

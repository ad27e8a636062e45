/**
 * The API that must never ship: it decodes the token's payload and trusts it. No signature, no
 * expiry, no audience, no issuer: anyone who can write base64url is any user. App checks flag
 * every case against it.
 */
import { decodeJwt } from 'jose';
import { serveApi, type SampleApi } from './serve-api';

export async function startDecodeOnlyApi(opts: { port?: number } = {}): Promise<SampleApi> {
  return serveApi(
    async (token) => {
      try {
        return { ok: true, sub: String(decodeJwt(token).sub) };
      } catch {
        return { ok: false, reason: 'malformed' };
      }
    },
    { port: opts.port },
  );
}

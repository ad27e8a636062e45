/**
 * The API that does it right: `@gatehouse/verifier`, Gatehouse's own pipeline (format, header with
 * `typ: at+jwt`, algorithm allow-list, JWKS key bound to its `alg`, signature, claims, issuer,
 * audience, time, and revocation: revoked or retired kid, denylisted `jti`, revoked session, stale
 * user version). With `redisUrl` it reads the deployment's revocation feed; without it, give a
 * `RevocationSource` of your own, or it knows no revocation (and app checks will say so).
 */
import { createVerifier, type RevocationSource } from '@gatehouse/verifier';
import { openRedisRevocations } from '@gatehouse/verifier/redis';
import { serveApi, type SampleApi } from './serve-api';

export interface VerifierApiOptions {
  issuer: string;
  /** This API's `aud`. */
  audience: string;
  /** Default `${issuer}/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** The Gatehouse deployment's Redis: every revocation reaches the API at once. */
  redisUrl?: string;
  revocations?: RevocationSource;
  port?: number;
  /** The time this API believes, in epoch ms (default the real one; a test shares Gatehouse's virtual clock). */
  now?: () => number;
}

const noRevocations = (): RevocationSource => ({
  current: () => true,
  isJtiRevoked: () => false,
  isSessionRevoked: () => false,
  minVersion: () => 0,
  isKidRevoked: () => false,
  onKeysChanged: () => () => {},
  close: async () => {},
});

export async function startVerifierApi(opts: VerifierApiOptions): Promise<SampleApi> {
  const revocations =
    opts.revocations ?? (opts.redisUrl ? await openRedisRevocations({ url: opts.redisUrl }) : noRevocations());
  const clock = opts.now;
  const verifier = createVerifier({
    issuer: opts.issuer,
    audience: opts.audience,
    jwksUrl: opts.jwksUrl ?? `${opts.issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
    revocations,
    ...(clock && { now: () => Math.floor(clock() / 1000) }),
  });
  return serveApi(
    async (token) => {
      const result = await verifier.verify(token);
      if (!result.ok) return { ok: false, reason: result.code };
      // a user endpoint: a client's own token (client_credentials: no sid, sub is the client) has no user
      const { sid, sub, client_id } = result.claims;
      if (sid === undefined && sub === client_id) return { ok: false, reason: 'user_required' };
      return { ok: true, sub };
    },
    {
      port: opts.port,
      onClose: async () => {
        verifier.close();
        // a source passed in is the caller's to close
        if (!opts.revocations) await revocations.close();
      },
    },
  );
}

/**
 * The app checks scenario's two sample APIs (examples/app-checks), started on loopback ports for
 * one run against the sandbox: the one using `@gatehouse/verifier` and the one checking only the
 * signature (jose's `jwtVerify`). Both keep the sandbox's virtual time, so a token is as old for
 * them as for the sandbox. The verifier's revocations are the sandbox's own in-memory state, which
 * is what the Redis feed carries to a deployment's services.
 */
import type { RevocationSource } from '@gatehouse/verifier';
import { startSignatureOnlyApi, startVerifierApi, type SampleApi } from '../../../examples/app-checks';
import type { Clock } from '../auth/clock';
import type { Gatehouse } from '../auth/gatehouse';

/** The sandbox's denylist and key states, read in process: never stale, so always current. */
export function sandboxRevocations(g: Gatehouse): RevocationSource {
  const entries = g.denylist.entries;
  return {
    current: () => true,
    isJtiRevoked: entries.isJtiRevoked,
    isSessionRevoked: entries.isSessionRevoked,
    minVersion: entries.minVersion,
    minClientVersion: entries.minClientVersion,
    isKidRevoked(kid) {
      const state = g.ring.get(kid)?.record.state;
      return state === 'revoked' || state === 'retired';
    },
    onKeysChanged: (listener) => g.bus.subscribe((e) => e.type === 'key.changed' && listener()),
    close: async () => {},
  };
}

export interface SandboxApis {
  verifier: SampleApi;
  signatureOnly: SampleApi;
  close(): Promise<void>;
}

/** Both APIs for the sandbox `g` whose auth server is at `authUrl`, for its settings' issuer and audience. */
export async function startSandboxApis(g: Gatehouse, clock: Clock, authUrl: string): Promise<SandboxApis> {
  const { issuer, audience } = g.settings.get();
  const common = { issuer, audience, jwksUrl: `${authUrl}/.well-known/jwks.json`, now: () => clock.now() * 1000 };
  const verifier = await startVerifierApi({ ...common, revocations: sandboxRevocations(g) });
  const signatureOnly = await startSignatureOnlyApi(common).catch(async (err: unknown) => {
    await verifier.close();
    throw err;
  });
  return {
    verifier,
    signatureOnly,
    close: async () => {
      await Promise.all([verifier.close(), signatureOnly.close()]);
    },
  };
}

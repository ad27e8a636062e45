/**
 * The three sample APIs of examples/app-checks against one Gatehouse on Redis (its revocation
 * feed is what the verifier API reads), on a virtual clock they share: what the app-checks tests
 * and the sample APIs' own tests start.
 */
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { startDecodeOnlyApi, startSignatureOnlyApi, startVerifierApi, type SampleApi } from '../../examples/app-checks';
import { startTestRedis } from '../redis/redis-server';
import { CONFIG } from '../testing/config';

/** The audience every sample API expects. */
export const SAMPLE_API_AUDIENCE = 'orders';

export interface SampleApisLab {
  gh: TestGatehouse;
  apis: { verifier: SampleApi; signatureOnly: SampleApi; decodeOnly: SampleApi };
  close(): Promise<void>;
}

export async function startSampleApisLab(): Promise<SampleApisLab> {
  const redis = await startTestRedis();
  const gh = await startGatehouse({ config: CONFIG, store: redis.url as `redis://${string}`, clock: 'virtual' });
  const now = () => gh.clock.now();
  const given = { issuer: gh.issuer, audience: SAMPLE_API_AUDIENCE, now };
  const apis = {
    verifier: await startVerifierApi({ ...given, redisUrl: redis.url }),
    signatureOnly: await startSignatureOnlyApi(given),
    decodeOnly: await startDecodeOnlyApi(),
  };
  return {
    gh,
    apis,
    close: async () => {
      await Promise.all(Object.values(apis).map((api) => api.close()));
      await gh.stop();
      await redis.close();
    },
  };
}

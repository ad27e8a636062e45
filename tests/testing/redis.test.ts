/** startGatehouse on a Redis store: a deployment's instance, with its sessions in Redis; no reset(). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse } from '@gatehouse/testing';
import { startTestRedis, type TestRedis } from '../redis/redis-server';
import { apiMe, CONFIG } from './config';

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.close());

describe('startGatehouse({ store: redis://… })', () => {
  it('issues tokens its /api/me accepts, and refuses reset() with a typed invalid_state error', async () => {
    const gh = await startGatehouse({ config: CONFIG, store: redis.url as `redis://${string}` });
    try {
      const { access_token } = await gh.issueToken({ sub: 'carol' });
      expect(await apiMe(gh.issuer, access_token)).toBe(200);
      await expect(gh.reset()).rejects.toMatchObject({ method: 'reset', code: 'invalid_state' });
    } finally {
      await gh.stop();
    }
  });
});

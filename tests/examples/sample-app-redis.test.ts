/**
 * The sample app with GATEHOUSE_REDIS: /api/orders reads the Gatehouse deployment's revocation
 * feed (openRedisRevocations), so a revoked session's access token is refused at once, and while
 * the feed is lost nothing passes (fail closed). What the README of the example promises. Gatehouse
 * started on that Redis by `@gatehouse/testing`, the app in its own process.
 */
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../redis/redis-server';
import {
  adminCallOf,
  registerAt,
  sampleAppTokens,
  startSampleAppProcess,
  type SampleAppProcess,
} from '../support/sample-app';

let redis: TestRedis;
let gh: TestGatehouse;
let app: SampleAppProcess;

beforeAll(async () => {
  redis = await startTestRedis();
  gh = await startGatehouse({ config: 'examples/sample-app/gatehouse.json', store: redis.url as `redis://${string}` });
  app = await startSampleAppProcess(gh.issuer, redis.url);
  await registerAt(adminCallOf(gh.admin), app.url);
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await gh?.stop();
  await redis?.close();
});

const orders = async (token: string) => {
  const res = await fetch(`${app.url}/api/orders`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, reason: ((await res.json()) as { reason?: string }).reason };
};

it('App checks against /api/orders on the revocation feed: every case refused (issue 20)', async () => {
  const run = await gh.admin.checks.api({ url: `${app.url}/api/orders`, audience: 'sample-orders' });
  if (!run.ok) throw new Error(run.error.message);
  // a run never revokes a key of its own: that case is skipped
  const notPassed = run.value.results.filter((r) => !r.pass).map((r) => `${r.case}: ${r.verdict}`);
  expect(notPassed).toEqual(['revoked-kid: skipped']);
});

it("refuses a revoked session's access token at once, and every token while the feed is lost", async () => {
  const tokens = await sampleAppTokens(gh.issuer, app.url);
  const other = await sampleAppTokens(gh.issuer, app.url);
  expect((await orders(tokens.access_token)).status).toBe(200);
  await adminCallOf(gh.admin)('sessions.revoke', { sessionId: String(tokens.claims()!.sid) });
  await expect
    .poll(() => orders(tokens.access_token), { timeout: 2000 })
    .toEqual({
      status: 401,
      reason: 'session_revoked',
    });
  expect((await orders(other.access_token)).status).toBe(200);

  await redis.stopServer();
  await expect
    .poll(() => orders(other.access_token), { timeout: 10_000 })
    .toEqual({
      status: 401,
      reason: 'revocation_unavailable',
    });
});

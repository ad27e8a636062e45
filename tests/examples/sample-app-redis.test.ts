/**
 * The sample app with GATEHOUSE_REDIS: /api/orders reads the Gatehouse deployment's revocation
 * feed (openRedisRevocations), so a revoked session's access token is refused at once, and while
 * the feed is lost nothing passes (fail closed). What the README of the example promises.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../redis/redis-server';
import { adminOver } from '../support/admin-http';
import { registerAt, sampleAppTokens, startSampleAppProcess, type SampleAppProcess } from '../support/sample-app';
import { startServe, type ServeProcess } from '../support/serve-process';

let redis: TestRedis;
let gh: ServeProcess;
let app: SampleAppProcess;

beforeAll(async () => {
  redis = await startTestRedis();
  gh = await startServe({ args: ['--config', 'examples/sample-app/gatehouse.json', '--store', redis.url] });
  app = await startSampleAppProcess(gh.authUrl, redis.url);
  await registerAt(adminOver(gh.consoleUrl, gh.adminToken), app.url);
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

it("refuses a revoked session's access token at once, and every token while the feed is lost", async () => {
  const tokens = await sampleAppTokens(gh.authUrl, app.url);
  const other = await sampleAppTokens(gh.authUrl, app.url);
  expect((await orders(tokens.access_token)).status).toBe(200);
  await adminOver(gh.consoleUrl, gh.adminToken)('sessions.revoke', { sessionId: String(tokens.claims()!.sid) });
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

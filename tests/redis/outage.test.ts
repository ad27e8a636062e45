import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import { getMe, login, postJson, refresh, rejection, type ErrorBody } from '../support/http-client';
import { DEMO_PASSWORD, eventually, sharedKek, startInstance, type Instance } from './cluster-fixture';
import { startTestRedis, type TestRedis } from './redis-server';

let redis: TestRedis;
let a: Instance;
let admin: AdminService;
let errors: ReturnType<typeof vi.spyOn>;

beforeAll(async () => {
  redis = await startTestRedis();
  a = await startInstance(redis.url, sharedKek());
  admin = new AdminService({ gatehouse: a.gatehouse, authUrl: () => a.url, mode: 'headless', version: 'test' });
  errors = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(async () => {
  errors.mockRestore();
  await a?.close();
  await redis?.close();
});

const expect503 = async (res: Response, reason: string) => {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  expect((await res.json()) as ErrorBody).toMatchObject({ error: 'temporarily_unavailable', reason });
};

describe('a Redis outage is answered at once, and service returns with Redis', () => {
  it('answers login, refresh and admin calls with 503 / storage_unavailable while Redis is down, fails /api/me closed, then recovers', async () => {
    const pair = await login(a.url, 'alice', DEMO_PASSWORD);
    await redis.stopServer();
    await eventually(() => !a.gatehouse.feed?.healthy(), 400, 10);

    await expect503(
      await postJson(`${a.url}/auth/login`, { username: 'alice', password: DEMO_PASSWORD }),
      'store_unavailable',
    );
    await expect503(await refresh(a.url, pair.refresh_token), 'store_unavailable');
    expect(await admin.handle('sessions.list', {})).toMatchObject({
      ok: false,
      error: { code: 'storage_unavailable' },
    });
    expect(await admin.handle('sessions.revoke', { sessionId: pair.session_id })).toMatchObject({
      ok: false,
      error: { code: 'storage_unavailable' },
    });
    expect(await rejection(await getMe(a.url, pair.access_token))).toMatchObject({
      status: 401,
      reason: 'revocation_unavailable',
    });

    await redis.startServer();
    await eventually(async () => (await getMe(a.url, pair.access_token)).status === 200, 1000, 10);
    // the refresh refused during the outage did nothing: the same token rotates now
    expect((await refresh(a.url, pair.refresh_token)).status).toBe(200);
    expect((await postJson(`${a.url}/auth/login`, { username: 'bob', password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('answers a refresh whose rotation was sent but never answered with 503 outcome_unknown', async () => {
    const pair = await login(a.url, 'alice', DEMO_PASSWORD);
    // Redis holds every write past the command timeout: the rotation may run after the client gave up
    const control = new Redis(redis.url);
    await control.call('CLIENT', 'PAUSE', '7000', 'WRITE');
    try {
      await expect503(await refresh(a.url, pair.refresh_token), 'outcome_unknown');
    } finally {
      await control.call('CLIENT', 'UNPAUSE');
      await control.quit();
    }
  });
});

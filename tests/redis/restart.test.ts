import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMe, login, refresh, rejection, type TokenResponse } from '../support/http-client';
import { DEMO_PASSWORD, eventually, startCluster, type Cluster, type Instance } from './cluster-fixture';
import type { TestRedis } from './redis-server';

let cluster: Cluster;
let redis: TestRedis;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  cluster = await startCluster();
  ({ redis, a, b } = cluster);
});
afterAll(() => cluster?.close());

const reasonOf = async (inst: Instance, token: string) => {
  const res = await getMe(inst.url, token);
  return res.status === 200 ? 'ok' : (await rejection(res)).reason;
};

describe('Redis lost and restarted under two instances', () => {
  it('fails closed while the feed is down, recovers after reconnect + resync, and keeps committed sessions', async () => {
    const pair = await login(a.url, 'alice', DEMO_PASSWORD);
    expect(await reasonOf(b, pair.access_token)).toBe('ok');

    await redis.stopServer();
    await eventually(() => !a.gatehouse.feed?.healthy() && !b.gatehouse.feed?.healthy(), 400, 10);
    // a revocation made elsewhere could be missed now: no token is trusted
    expect(await reasonOf(a, pair.access_token)).toBe('revocation_unavailable');
    expect(await reasonOf(b, pair.access_token)).toBe('revocation_unavailable');

    await redis.startServer(); // same port and folder: the AOF replays every committed write
    await eventually(() => !!a.gatehouse.feed?.healthy() && !!b.gatehouse.feed?.healthy(), 1000, 10);
    expect(await reasonOf(a, pair.access_token)).toBe('ok');

    expect((await b.store.getSession(pair.session_id))?.status).toBe('active');
    const res = await refresh(b.url, pair.refresh_token);
    expect(res.status).toBe(200);
    const next = (await res.json()) as TokenResponse;
    expect(await reasonOf(a, next.access_token)).toBe('ok');
  });

  it('a revocation made while one instance was reconnecting is picked up by its resync', async () => {
    const pair = await login(b.url, 'bob', DEMO_PASSWORD);
    await redis.restart();
    // B revokes as soon as its own store connection is back, racing A's resubscribe
    await eventually(
      async () => {
        try {
          await b.gatehouse.sessions.revokeSession(pair.session_id, 'admin', 'admin');
          return true;
        } catch {
          return false;
        }
      },
      1000,
      10,
    );
    await eventually(async () => (await reasonOf(a, pair.access_token)) === 'session_revoked', 1000, 10);
    await eventually(() => !!a.gatehouse.feed?.healthy(), 1000, 10);
    expect(await reasonOf(a, pair.access_token)).toBe('session_revoked');
  });
});

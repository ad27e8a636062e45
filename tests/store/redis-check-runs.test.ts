/**
 * App checks' runs on Redis, kept before the target index (`crtx`) existed: the first put indexes
 * their targets, so the cap on targets reaches them too (the contract covers the rest, both stores).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRedisStore } from '../../src/main/store/redis/redis-store';
import type { CheckRun } from '../../src/shared/app-checks';
import { startTestRedis, type TestRedis } from '../redis/redis-server';

let server: TestRedis;
beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(async () => {
  await server?.close();
});

const run = (id: string, target: string, startedAt: number): CheckRun => ({
  id,
  target,
  method: 'GET',
  startedAt,
  finishedAt: startedAt + 1,
  state: 'done',
  baseline: null,
  results: [],
});
const T = (n: number) => `http://127.0.0.1:${4000 + n}/api`;

it('indexes the targets of runs stored before the target index, and evicts the one run longest ago', async () => {
  const prefix = 'older-runs:';
  const store = await openRedisStore(server.url, { prefix });
  const raw = new Redis(server.url);
  try {
    await store.putCheckRun(run('t1', T(1), 100), { runsPerTarget: 10, targets: 50 });
    await store.putCheckRun(run('t2', T(2), 200), { runsPerTarget: 10, targets: 50 });
    // as an older Gatehouse left them: the runs and their indexes, no target index
    await raw.del(`${prefix}crtx`);
    await store.putCheckRun(run('t3', T(3), 300), { runsPerTarget: 10, targets: 2 });
    expect((await store.listCheckRuns({ limit: 10 })).map((r) => r.id)).toEqual(['t3', 't2']);
    expect(await store.getCheckRun('t1')).toBeNull();
  } finally {
    await store.close();
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length) await raw.del(...keys);
    await raw.quit();
  }
});

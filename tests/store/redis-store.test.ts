import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { openRedisStore } from '../../src/main/store/redis/redis-store';
import { startTestRedis, type TestRedis } from '../redis/redis-server';
import { runStoreContract } from './contract';

let server: TestRedis;
let n = 0;
beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(async () => {
  await server?.close();
});

// every test gets its own key prefix on the one server, which also checks that prefixes isolate deployments
runStoreContract('redis', async () => {
  const prefix = `contract${++n}:`;
  const store = await openRedisStore(server.url, { prefix });
  return {
    store,
    async cleanup() {
      await store.close();
      const admin = new Redis(server.url);
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length) await admin.del(...keys);
      await admin.quit();
    },
  };
});

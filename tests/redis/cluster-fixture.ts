import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import type { Passwords } from '../../src/main/auth/passwords';
import { ensureDemoData, openGatehouse } from '../../src/main/runtime/open-gatehouse';
import { agreeOnIssuer } from '../../src/main/store/redis/deployment';
import { RedisStore } from '../../src/main/store/redis/redis-store';
import { startTestRedis, type TestRedis } from './redis-server';

export const DEMO_PASSWORD = 'correct horse battery staple';
export const CLIENT_SECRET = 'test-client-secret-0123456789';

export interface Instance {
  gatehouse: Gatehouse;
  server: AuthServer;
  url: string;
  store: RedisStore;
  close(): Promise<void>;
}

/** One KEK for the whole deployment: the signing keys in Redis are sealed under it. */
export const sharedKek = (): string => randomBytes(32).toString('base64url');

/**
 * One Gatehouse instance of a Redis deployment, the way headless mode builds it (own data folder,
 * own auth server on a free loopback port, the deployment's shared issuer), on the real clock.
 */
export async function startInstance(
  redisUrl: string,
  kek: string,
  opts: { passwords?: Passwords } = {},
): Promise<Instance> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cluster-'));
  const gatehouse = await openGatehouse({
    dataDir: dir,
    store: redisUrl,
    env: { GATEHOUSE_KEK: kek },
    passwords: opts.passwords,
  });
  await ensureDemoData(gatehouse, DEMO_PASSWORD, CLIENT_SECRET);
  const server = await startAuthServer(gatehouse, { port: 0 });
  const store = gatehouse.store as RedisStore;
  gatehouse.settings.setIssuer(await agreeOnIssuer(store.redis, store.keys, server.url));
  return {
    gatehouse,
    server,
    url: server.url,
    store,
    async close() {
      await server.close();
      await gatehouse.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls `probe` until it returns true: the way to wait for propagation without a timed assertion.
 * Fails after `attempts` tries (each `intervalMs` apart), so a broken feed cannot hang the suite.
 */
export async function eventually(
  probe: () => Promise<boolean> | boolean,
  attempts = 400,
  intervalMs = 5,
): Promise<number> {
  for (let i = 1; i <= attempts; i++) {
    if (await probe()) return i;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`condition not reached after ${attempts} attempts`);
}

export interface Cluster {
  redis: TestRedis;
  a: Instance;
  b: Instance;
  close(): Promise<void>;
}

/** A real redis-server and two instances of one deployment on it (one shared KEK). */
export async function startCluster(opts: { passwords?: Passwords } = {}): Promise<Cluster> {
  const redis = await startTestRedis();
  const kek = sharedKek();
  const a = await startInstance(redis.url, kek, opts);
  const b = await startInstance(redis.url, kek, opts);
  return {
    redis,
    a,
    b,
    async close() {
      await b.close();
      await a.close();
      await redis.close();
    },
  };
}

import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../auth/clock';
import { Gatehouse } from '../auth/gatehouse';
import { createAesGcmSealer, loadOrCreateKekFile, type KeySealer } from '../auth/key-seal';
import { sha256b64u } from '../auth/random';
import { RedisClusterFeed } from '../store/redis/cluster-feed';
import { withInitLock } from '../store/redis/deployment';
import { openRedisStore } from '../store/redis/redis-store';
import { openSqliteStore } from '../store/sqlite/sqlite-store';

export const DEMO_USERS = [
  { username: 'alice', roles: ['admin', 'user'] },
  { username: 'bob', roles: ['user'] },
] as const;
export const DEMO_CLIENT_ID = 'demo-resource';

export interface OpenOptions {
  dataDir: string;
  clock?: Clock;
  /** Defaults to AES-256-GCM under a 0600 key file in the data folder (headless mode). */
  sealer?: KeySealer;
  /** `sqlite` (default, the data folder's database) or `redis://host:port[/db]` (a shared deployment). */
  store?: string;
  env?: NodeJS.ProcessEnv;
}

export const isRedisUrl = (store: string | undefined): store is string => !!store && /^rediss?:\/\//.test(store);

/**
 * The key-encryption key: `GATEHOUSE_KEK` (base64url of 32 bytes) when set, else the data folder's
 * 0600 `kek.key`. Instances sharing a Redis store share the sealed signing keys, so they must all
 * have the same KEK: set the same GATEHOUSE_KEK everywhere (or copy one kek.key to every data folder).
 */
export function loadKek(dataDir: string, env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const fromEnv = env.GATEHOUSE_KEK;
  if (!fromEnv) return loadOrCreateKekFile(path.join(dataDir, 'kek.key'));
  const kek = /^[A-Za-z0-9_-]{43}$/.test(fromEnv) ? Buffer.from(fromEnv, 'base64url') : Buffer.alloc(0);
  if (kek.length !== 32) throw new Error('GATEHOUSE_KEK must be the base64url encoding of 32 bytes (43 characters)');
  return kek;
}

/** Shared store + revocation feed; the init lock keeps two first starts from each creating a ring. */
async function openRedisGatehouse(url: string, clock: Clock | undefined, sealer: KeySealer): Promise<Gatehouse> {
  const store = await openRedisStore(url);
  const feed = new RedisClusterFeed({ url });
  try {
    return await withInitLock(store.redis, store.keys, async () => {
      try {
        return await Gatehouse.open({ store, clock, sealer, feed });
      } catch (err) {
        if (!/unable to authenticate data/i.test((err as Error).message)) throw err;
        throw new Error('the signing keys in the shared Redis store were sealed under another key-encryption key: every instance of one deployment needs the same GATEHOUSE_KEK (or the same kek.key)', { cause: err });
      }
    });
  } catch (err) {
    await feed.close();
    await store.close();
    throw err;
  }
}

/** Opens (creating on first use) the data folder: SQLite store, sealed key ring, domain services. */
export async function openGatehouse({ dataDir, clock, sealer, store: storeKind, env }: OpenOptions): Promise<Gatehouse> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (isRedisUrl(storeKind)) return openRedisGatehouse(storeKind, clock, sealer ?? createAesGcmSealer(loadKek(dataDir, env)));
  const store = openSqliteStore(path.join(dataDir, 'gatehouse.db'));
  try {
    return await Gatehouse.open({ store, clock, sealer: sealer ?? createAesGcmSealer(loadKek(dataDir, env)) });
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** The demo users (created once, with the given password) and the resource client (secret kept current). */
export async function ensureDemoData(gatehouse: Gatehouse, demoPassword: string, clientSecret: string): Promise<void> {
  for (const { username, roles } of DEMO_USERS) {
    if (await gatehouse.store.getUserByUsername(username)) continue;
    // another instance of a shared deployment may create the same user at the same moment
    await gatehouse.users.createUser(username, demoPassword, [...roles], 'system').catch(async (err: unknown) => {
      if (!(await gatehouse.store.getUserByUsername(username))) throw err;
    });
  }
  const existing = await gatehouse.store.getClient(DEMO_CLIENT_ID);
  const secretHash = sha256b64u(clientSecret);
  if (existing?.secretHash !== secretHash) await gatehouse.store.putClient({ id: DEMO_CLIENT_ID, secretHash, createdAt: existing?.createdAt ?? gatehouse.clock.now() });
}

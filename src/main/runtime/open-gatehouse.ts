import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../auth/clock';
import type { KeySource } from '../auth/key-ring';
import type { LogoutDispatcherOptions } from '../auth/logout-dispatcher';
import { Gatehouse, type GatehouseOptions } from '../auth/gatehouse';
import type { Passwords } from '../auth/passwords';
import { createAesGcmSealer, kekFile, type KekSource, type KeySealer } from '../auth/key-seal';
import { RedisClusterFeed } from '../store/redis/cluster-feed';
import { withInitLock } from '../store/redis/deployment';
import { redactRedisUrl } from '@gatehouse/verifier/internal/redis';
import { openRedisStore } from '../store/redis/redis-store';
import { openSqliteStore } from '../store/sqlite/sqlite-store';
import type { KeyRecord, Store } from '../store/store';
import { DB_FILE, existingDatabase, lockDataFolder } from './data-folder';

export const DEMO_USERS = [
  { username: 'alice', roles: ['admin', 'user'] },
  { username: 'bob', roles: ['user'] },
] as const;
export const DEMO_CLIENT_ID = 'demo-resource';

export interface OpenOptions {
  dataDir: string;
  clock?: Clock;
  /** Where the key-encryption key is; default: `GATEHOUSE_KEK`, else the data folder's 0600 kek.key. */
  kek?: KekSource;
  /** `sqlite` (default, the data folder's database) or `redis://host:port[/db]` (a shared deployment). */
  store?: string;
  env?: NodeJS.ProcessEnv;
  /** Back-channel logout timing (tests shorten the timeout). */
  logout?: LogoutDispatcherOptions;
  /** Password hashing; the Gatehouse's own scrypt executor by default. */
  passwords?: Passwords;
  /** A test harness's wrapper of the store, before the domain opens on it (only through composeInstance's test powers). */
  wrapStore?: (store: Store) => Store;
  /** When the key ring's next keys are made (`GatehouseOptions.successors`); a Redis deployment always awaits them. */
  successors?: 'awaited' | 'background';
  /** Whether the id_token lane's first key is awaited (`GatehouseOptions.idLane`); a Redis deployment always awaits it. */
  idLane?: 'awaited' | 'background';
  /** Where the key ring's new keys come from (`GatehouseOptions.makeKey`). */
  makeKey?: KeySource;
}

/** What the domain gets besides its store, sealer and feed. */
type DomainOptions = Pick<GatehouseOptions, 'clock' | 'logout' | 'passwords' | 'successors' | 'idLane' | 'makeKey'> & {
  wrapStore?: (store: Store) => Store;
};

export const isRedisUrl = (store: string | undefined): store is string => !!store && /^rediss?:\/\//.test(store);

/**
 * Headless mode's key-encryption key: `GATEHOUSE_KEK` (base64url of 32 bytes) when set, else the
 * data folder's 0600 `kek.key`. Instances sharing a Redis store share the sealed signing keys, so
 * they must all have the same KEK: set the same GATEHOUSE_KEK everywhere (or copy one kek.key to
 * every data folder).
 */
export function headlessKek(dataDir: string, env: NodeJS.ProcessEnv = process.env): KekSource {
  const file = path.join(dataDir, 'kek.key');
  const fromEnv = env.GATEHOUSE_KEK;
  if (!fromEnv)
    return kekFile(file, `restore ${file} from a backup, or set GATEHOUSE_KEK to the key they were sealed under`);
  return {
    name: 'GATEHOUSE_KEK',
    remedy: `set GATEHOUSE_KEK to the key they were sealed under (when set, it is used instead of ${file})`,
    load() {
      const kek = /^[A-Za-z0-9_-]{43}$/.test(fromEnv) ? Buffer.from(fromEnv, 'base64url') : Buffer.alloc(0);
      if (kek.length !== 32)
        throw new Error('GATEHOUSE_KEK must be the base64url encoding of 32 bytes (43 characters)');
      return kek;
    },
    create() {
      throw new Error('GATEHOUSE_KEK is set: no key is created');
    },
  };
}

const DEPLOYMENT_KEK = 'every instance of one deployment needs the same GATEHOUSE_KEK (or the same kek.key)';

/**
 * The sealer for the keys in `store`, deciding "new data folder or not" from the store itself: a
 * new KEK only when no key is sealed yet. `where` names the store (database file or Redis URL).
 */
async function sealerFor(store: Store, kek: KekSource, where: string, remedy = kek.remedy): Promise<KeySealer> {
  const sealed = (await store.listKeys()).filter((k) => k.sealedPrivateKey);
  const existing = kek.load();
  if (!existing) {
    if (sealed.length > 0)
      throw new Error(
        `key-encryption key ${kek.name} is missing, but the signing keys in ${where} were sealed under it: ${remedy}; no new key was written, since it could not open them`,
      );
    return createAesGcmSealer(kek.create());
  }
  const sealer = createAesGcmSealer(existing);
  // one key that opens proves the KEK; a key that then fails to load is damaged, which is another message
  const opens = (k: KeyRecord) => {
    try {
      sealer.open(k.sealedPrivateKey!, k.kid);
      return true;
    } catch {
      return false;
    }
  };
  if (sealed.length > 0 && !sealed.some(opens))
    throw new Error(
      `key-encryption key ${kek.name} is wrong for the signing keys in ${where} (they were sealed under another key): ${remedy}`,
    );
  return sealer;
}

const domainOf = ({ wrapStore: _wrap, ...domain }: DomainOptions) => domain;
const wrap = (domain: DomainOptions, store: Store): Store => domain.wrapStore?.(store) ?? store;

/** Shared store + revocation feed; the init lock keeps two first starts from each creating a ring. */
async function openRedisGatehouse(url: string, kek: KekSource, domain: DomainOptions): Promise<Gatehouse> {
  const store = await openRedisStore(url);
  const feed = new RedisClusterFeed({ url });
  try {
    return await withInitLock(store.redis, store.keys, async () => {
      const sealer = await sealerFor(store, kek, redactRedisUrl(url), DEPLOYMENT_KEK);
      // inside the lock, so that the next instance to start finds the successors and makes none of its own
      return Gatehouse.open({
        ...domainOf(domain),
        store: wrap(domain, store),
        sealer,
        feed,
        successors: 'awaited',
        idLane: 'awaited',
      });
    });
  } catch (err) {
    await feed.close();
    await store.close();
    throw err;
  }
}

async function openSqliteGatehouse(file: string, kek: KekSource, domain: DomainOptions): Promise<Gatehouse> {
  existingDatabase(file); // throws for an empty or foreign file; only a missing one is created
  const store = openSqliteStore(file);
  try {
    const sealer = await sealerFor(store, kek, file);
    return await Gatehouse.open({ ...domainOf(domain), store: wrap(domain, store), sealer });
  } catch (err) {
    await store.close();
    throw err;
  }
}

/**
 * Opens (creating on first use) the data folder: its exclusive lock first, before anything in it
 * is written, then the store, the sealed key ring and the domain services. The lock is held until
 * the Gatehouse is closed (or the process ends).
 */
export async function openGatehouse({
  dataDir,
  clock,
  kek,
  store: storeKind,
  env,
  logout,
  passwords,
  wrapStore,
  successors,
  idLane,
  makeKey,
}: OpenOptions): Promise<Gatehouse> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = await lockDataFolder(dataDir);
  let gatehouse: Gatehouse;
  try {
    const source = kek ?? headlessKek(dataDir, env);
    const domain = { clock, logout, passwords, wrapStore, successors, idLane, makeKey };
    gatehouse = isRedisUrl(storeKind)
      ? await openRedisGatehouse(storeKind, source, domain)
      : await openSqliteGatehouse(path.join(dataDir, DB_FILE), source, domain);
  } catch (err) {
    lock.release();
    throw err;
  }
  const close = gatehouse.close.bind(gatehouse);
  gatehouse.close = async () => {
    try {
      await close();
    } finally {
      lock.release();
    }
  };
  return gatehouse;
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
  await applyDemoClient(gatehouse, clientSecret);
}

/** The demo resource server: introspects and revokes, and gets tokens for itself (client_credentials). */
export async function applyDemoClient(gatehouse: Gatehouse, clientSecret: string): Promise<void> {
  await gatehouse.clients.apply(
    {
      clientId: DEMO_CLIENT_ID,
      clientSecret,
      name: 'Demo resource server',
      redirectUris: [],
      postLogoutRedirectUris: [],
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      backchannelLogoutUri: null,
      audience: null,
    },
    'system',
  );
}

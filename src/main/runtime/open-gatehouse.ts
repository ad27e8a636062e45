import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../auth/clock';
import { Gatehouse } from '../auth/gatehouse';
import { createAesGcmSealer, loadOrCreateKekFile, type KeySealer } from '../auth/key-seal';
import { sha256b64u } from '../auth/random';
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
}

/** Opens (creating on first use) the data folder: SQLite store, sealed key ring, domain services. */
export async function openGatehouse({ dataDir, clock, sealer }: OpenOptions): Promise<Gatehouse> {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = openSqliteStore(path.join(dataDir, 'gatehouse.db'));
  try {
    return await Gatehouse.open({ store, clock, sealer: sealer ?? createAesGcmSealer(loadOrCreateKekFile(path.join(dataDir, 'kek.key'))) });
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** The demo users (created once, with the given password) and the resource client (secret kept current). */
export async function ensureDemoData(gatehouse: Gatehouse, demoPassword: string, clientSecret: string): Promise<void> {
  for (const { username, roles } of DEMO_USERS) {
    if (!(await gatehouse.store.getUserByUsername(username))) await gatehouse.users.createUser(username, demoPassword, [...roles], 'system');
  }
  const existing = await gatehouse.store.getClient(DEMO_CLIENT_ID);
  const secretHash = sha256b64u(clientSecret);
  if (existing?.secretHash !== secretHash) await gatehouse.store.putClient({ id: DEMO_CLIENT_ID, secretHash, createdAt: existing?.createdAt ?? gatehouse.clock.now() });
}

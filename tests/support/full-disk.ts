import Database from 'better-sqlite3';
import path from 'node:path';
import type { Clock } from '../../src/main/auth/clock';
import { Gatehouse } from '../../src/main/auth/gatehouse';
import { createAesGcmSealer, kekFile } from '../../src/main/auth/key-seal';
import { reportUnavailable } from '../../src/main/store/fail-fast';
import { SqliteStore, sqliteUnavailable } from '../../src/main/store/sqlite/sqlite-store';
import type { Store } from '../../src/main/store/store';

/** Which store methods write: everything but reads. */
const isWrite = (name: string) => !/^(get|list|count|scan|close|integrityCheck|constructor)/.test(name);

export interface FullDisk {
  /** While true, the chosen writes fail with SQLite's own "database or disk is full". */
  full: boolean;
  /** Only these methods fail while full (default: every write). */
  only?: ReadonlySet<string>;
  /** How many writes were refused so far. */
  refused: number;
}

/**
 * The data folder's SQLite store behind a switch that makes writes fail exactly as a full disk
 * makes them fail (better-sqlite3's SqliteError, code SQLITE_FULL), classified by the adapter's
 * own rule. A tmpfs that runs full is the other way to get there; this one is deterministic.
 */
export function openFullDiskStore(dataDir: string, disk: FullDisk): Store {
  const store = new SqliteStore(path.join(dataDir, 'gatehouse.db'));
  const methods = store as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of Object.getOwnPropertyNames(SqliteStore.prototype)) {
    if (!isWrite(name)) continue;
    const real = methods[name]!.bind(store);
    methods[name] = (...args: unknown[]) => {
      if (!disk.full || (disk.only && !disk.only.has(name))) return real(...args);
      disk.refused++;
      return Promise.reject(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'));
    };
  }
  return reportUnavailable(store, sqliteUnavailable);
}

/** Opens (or reopens: a restart) a Gatehouse over the folder with the switchable store. */
export function openGatehouseOnFullDisk(dataDir: string, disk: FullDisk, clock: Clock): Promise<Gatehouse> {
  const kek = kekFile(path.join(dataDir, 'kek.key'));
  const sealer = createAesGcmSealer(kek.load() ?? kek.create());
  return Gatehouse.open({ store: openFullDiskStore(dataDir, disk), sealer, clock });
}

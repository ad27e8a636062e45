/**
 * One test instance's life: composed by the composition root (`composeInstance`) with the test
 * powers, a temporary data folder and the test password profile; snapshotted once its `config` is
 * applied, and brought back to that snapshot by `reset()` without stopping (so the issuer, the
 * discovery document and the signing keys an app has cached stay true).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { VirtualClock } from '../../../src/main/auth/clock';
import { composeInstance, type Instance } from '../../../src/main/runtime/compose';
import type { GatehouseConfig } from '../../../src/main/runtime/config-file';
import { DB_FILE } from '../../../src/main/runtime/data-folder';
import { memoryKek } from '../../../src/main/runtime/sandbox-instance';
import { grantTestPowers } from '../../../src/main/runtime/test-powers';
import { testPasswords } from './test-passwords';

export interface InstanceSpec {
  host: string;
  port: number;
  /** `sqlite` (a temporary folder), `memory` (the same in a RAM-backed folder) or a Redis URL. */
  store: string;
  clock: VirtualClock | undefined;
  config: GatehouseConfig | undefined;
  version: string;
}

/** The running instance of a harness, with its temporary folder and its snapshot. */
export class HarnessInstance {
  private constructor(
    readonly instance: Instance<void>,
    private readonly clock: VirtualClock | undefined,
    private readonly dataDir: string,
    private readonly snapshot: string | undefined,
  ) {}

  static async open(spec: InstanceSpec): Promise<HarnessInstance> {
    const dataDir = fs.mkdtempSync(path.join(tempRoot(spec.store), 'gatehouse-testing-'));
    const redis = spec.store.startsWith('redis');
    try {
      const instance = await compose(spec, dataDir);
      const snapshot = redis ? undefined : path.join(dataDir, 'snapshot.db');
      // a consistent copy of the live database (WAL included), taken through a connection of its own
      if (snapshot) await backup(path.join(dataDir, DB_FILE), snapshot);
      return new HarnessInstance(instance, spec.clock, dataDir, snapshot);
    } catch (err) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }

  /**
   * Back to the snapshot, in place: the store's rows (but the signing keys) replaced by the
   * snapshot's in one transaction, then the domain's in-memory state (settings, denylist, key ring)
   * reloaded from them. The servers
   * keep listening, so an app's open connections and cached discovery stay good.
   */
  async reset(): Promise<void> {
    if (!this.snapshot) throw new Error('reset() needs a SQLite store (a Redis deployment is shared)');
    restoreRows(path.join(this.dataDir, DB_FILE), this.snapshot);
    this.clock?.reset();
    await this.instance.gatehouse.resync();
  }

  /** Stops the instance and deletes its temporary folder (the SQLite database with it). */
  async close(): Promise<void> {
    try {
      await this.instance.close();
    } finally {
      fs.rmSync(this.dataDir, { recursive: true, force: true });
    }
  }
}

/** The RAM-backed folder for `store: 'memory'` when the system has one, else the temporary folder. */
function tempRoot(store: string): string {
  return store === 'memory' && fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
}

/** Kept as they are by a reset: the signing keys (an app's cached JWKS stays true, rotations included). */
const KEPT = new Set(['signing_keys']);

/**
 * Replaces every table's rows but the kept ones with the snapshot's (foreign keys off for this
 * connection only; the full-text index of sessions follows through its triggers, so virtual
 * tables are left to them).
 */
function restoreRows(file: string, snapshot: string): void {
  const db = new Database(file);
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = OFF');
    db.prepare('ATTACH DATABASE ? AS snap').run(snapshot);
    const schema = db.prepare("SELECT name, sql FROM snap.sqlite_master WHERE type = 'table'").all() as {
      name: string;
      sql: string;
    }[];
    const virtual = schema.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
    const tables = schema
      .map((t) => t.name)
      .filter(
        (name) =>
          !name.startsWith('sqlite_') &&
          !KEPT.has(name) &&
          !virtual.some((v) => name === v || name.startsWith(`${v}_`)),
      );
    db.transaction(() => {
      for (const name of tables) {
        const quoted = `"${name.replaceAll('"', '""')}"`;
        db.exec(`DELETE FROM main.${quoted}; INSERT INTO main.${quoted} SELECT * FROM snap.${quoted};`);
      }
    })();
    db.exec('DETACH DATABASE snap');
  } finally {
    db.close();
  }
}

async function backup(file: string, to: string): Promise<void> {
  const db = new Database(file, { readonly: true });
  try {
    await db.backup(to);
  } finally {
    db.close();
  }
}

function compose(spec: InstanceSpec, dataDir: string): Promise<Instance<void>> {
  return composeInstance({
    dataDir,
    store: spec.store === 'memory' ? 'sqlite' : spec.store,
    // the folder lives as long as the instance: its key-encryption key never needs to outlive it
    kek: memoryKek(),
    env: {},
    clock: spec.clock,
    passwords: testPasswords,
    server: { host: spec.host, port: spec.port },
    config: spec.config,
    admin: { mode: 'headless', version: spec.version },
    testPowers: grantTestPowers({ mint: true }),
  });
}

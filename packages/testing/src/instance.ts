/**
 * One test instance's life: composed by the composition root (`composeInstance`) with the test
 * powers, a temporary data folder and the test password profile; snapshotted once its `config` is
 * applied, and brought back to that snapshot by `reset()` without stopping (so the issuer, the
 * discovery document and the signing keys an app has cached stay true).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { VirtualClock } from '../../../src/main/auth/clock';
import type { KeySource } from '../../../src/main/auth/key-ring';
import type { KekSource } from '../../../src/main/auth/key-seal';
import type { TestHooks } from '../../../src/main/http/test-hooks';
import { composeInstance, type Instance } from '../../../src/main/runtime/compose';
import type { GatehouseConfig } from '../../../src/main/runtime/config-file';
import { DB_FILE } from '../../../src/main/runtime/data-folder';
import { isRedisUrl } from '../../../src/main/runtime/open-gatehouse';
import { memoryKek } from '../../../src/main/runtime/sandbox-instance';
import { grantTestPowers } from '../../../src/main/runtime/test-powers';
import { GatehouseTestError } from './errors';
import { headStartKeys } from './head-start';
import { replaceRows } from './tables';
import { takeTemplate, tempRoot, templateMade } from './template';
import { testPasswords } from './test-passwords';

export interface InstanceSpec {
  host: string;
  port: number;
  /** `sqlite` or `memory` (the same: a temporary folder, RAM-backed when the system has one) or a Redis URL. */
  store: string;
  clock: VirtualClock | undefined;
  config: GatehouseConfig | undefined;
  /** The auth server's one-shot faults and request recorder (`gh.next`, `gh.requests`). */
  hooks: TestHooks;
  version: string;
}

/** Kept as they are by a reset: the signing keys (an app's cached JWKS stays true, rotations included). */
const KEPT_BY_RESET = new Set(['signing_keys']);

/** The running instance of a harness, with its temporary folder and its snapshot. */
export class HarnessInstance {
  private constructor(
    readonly instance: Instance<void>,
    private readonly spec: InstanceSpec,
    private readonly dataDir: string,
    private readonly snapshot: string | undefined,
  ) {}

  static async open(spec: InstanceSpec): Promise<HarnessInstance> {
    const dataDir = fs.mkdtempSync(path.join(tempRoot(), 'gatehouse-testing-'));
    const database = path.join(dataDir, DB_FILE);
    if (isRedisUrl(spec.store)) {
      // a Redis deployment keeps its keys, and is not reset from here
      const instance = await compose(spec, dataDir, memoryKek()).catch(async (err: unknown) => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        throw err;
      });
      return new HarnessInstance(instance, spec, dataDir, undefined);
    }
    const ticket = await takeTemplate();
    // the first instance's keys are made on the thread pool while the main thread opens the store and starts the servers
    const makeKey = ticket.first ? headStartKeys() : undefined;
    try {
      if (ticket.image) fs.writeFileSync(database, ticket.image);
      const instance = await compose(spec, dataDir, ticket.kek, makeKey);
      const snapshot = path.join(dataDir, 'snapshot.db');
      await backup(database, snapshot);
      // later instances copy the keys once the successors are made, so they need make none
      if (ticket.first) void instance.gatehouse.ring.settled().then(() => publishTemplate(database));
      return new HarnessInstance(instance, spec, dataDir, snapshot);
    } catch (err) {
      if (ticket.first) templateMade(undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw err;
    }
  }

  /**
   * Back to the snapshot, in place: the store's rows (but the signing keys) replaced by the
   * snapshot's in one transaction, then the domain's in-memory state (settings, denylist, key
   * ring) reloaded from them; the test hooks disarmed and their recording forgotten. The servers
   * keep listening, so an app's open connections and cached discovery stay good. What a test
   * before the reset was given must not work in the next one: every session it made is denylisted
   * (`endedByReset`), so their access tokens are refused at once, as a revocation's are.
   */
  async reset(): Promise<void> {
    if (!this.snapshot)
      throw new GatehouseTestError(
        'reset',
        'invalid_state',
        'reset() needs a SQLite store (a Redis deployment is shared)',
      );
    const g = this.instance.gatehouse;
    await g.ring.settled(); // the keys a reset keeps include the successors
    const db = new Database(path.join(this.dataDir, DB_FILE));
    try {
      db.pragma('busy_timeout = 5000');
      db.prepare('ATTACH DATABASE ? AS snap').run(this.snapshot);
      // no await from here to the end: the instance's own connection, on this thread, sees all or nothing
      const ended = endedByReset(db, g.clock.now(), g.settings.get());
      replaceRows(db, 'snap', (table) => !KEPT_BY_RESET.has(table));
      ended.denylist();
    } finally {
      db.close();
    }
    this.spec.clock?.reset();
    this.spec.hooks.clear();
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

/**
 * What a reset must keep refusing: every session before it (live or not: a revoked one's entry
 * would go with the rest of the denylist) and every denylisted jti, as denylist rows written back
 * after the snapshot's, pruned once any token issued before the reset has expired. A token minted
 * with `session: false` names no session (Gatehouse's own verifier needs a `sid`): an API that
 * takes it anyway sees it until its `exp`, unless its jti was denylisted.
 */
function endedByReset(
  db: Database.Database,
  now: number,
  settings: { maxAccessTokenLifetime: number; clockTolerance: number },
): { denylist(): void } {
  const pruneAfter = now + settings.maxAccessTokenLifetime + settings.clockTolerance;
  db.exec(`DROP TABLE IF EXISTS temp.reset_denylist;
    CREATE TEMP TABLE reset_denylist AS SELECT * FROM main.denylist WHERE kind = 'jti';`);
  db.prepare(
    `INSERT INTO temp.reset_denylist (kind, subject, value, reason, created_at, prune_after)
     SELECT 'sid', id, 0, 'reset', ?, ? FROM main.sessions`,
  ).run(now, pruneAfter);
  return {
    denylist: () => void db.exec('INSERT OR REPLACE INTO main.denylist SELECT * FROM temp.reset_denylist'),
  };
}

/** A consistent copy of the live database (its WAL included), through a connection of its own. */
async function backup(file: string, to: string): Promise<void> {
  const db = new Database(file, { readonly: true });
  try {
    await db.backup(to);
  } finally {
    db.close();
  }
}

/** The first instance's database as the template; if it is gone already (stopped meanwhile), later instances start from nothing. */
function publishTemplate(database: string): void {
  try {
    templateMade(database);
  } catch {
    templateMade(undefined);
  }
}

function compose(spec: InstanceSpec, dataDir: string, kek: KekSource, makeKey?: KeySource): Promise<Instance<void>> {
  return composeInstance({
    dataDir,
    store: spec.store === 'memory' ? 'sqlite' : spec.store,
    // in memory: the folder lives as long as the instance, and its key-encryption key no longer
    kek,
    env: {},
    clock: spec.clock,
    passwords: testPasswords,
    // the first instance of a process answers once its keys can sign; the next keys follow (template)
    successors: 'background',
    // and once access tokens can be signed: the RSA id_token key follows, its uses wait for it (ring.ready())
    idLane: 'background',
    makeKey,
    server: { host: spec.host, port: spec.port },
    config: spec.config,
    admin: { mode: 'headless', version: spec.version },
    testPowers: grantTestPowers({ mint: true, hooks: spec.hooks }),
  });
}

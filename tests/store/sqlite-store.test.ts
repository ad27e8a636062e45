import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { hashMigration, MIGRATIONS } from '../../src/main/store/sqlite/migrations';
import { openSqliteStore } from '../../src/main/store/sqlite/sqlite-store';
import { runStoreContract } from './contract';
import { seedSession } from './contract-fixtures';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-store-'));
  dirs.push(dir);
  return join(dir, 'gatehouse.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

runStoreContract('sqlite', async () => {
  const store = openSqliteStore(tempFile());
  return { store, cleanup: () => store.close() };
});

/** Reads the file with a second, raw connection (the store must be closed or in WAL mode). */
function raw<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

describe('SqliteStore', () => {
  it('records each migration with its hash and reopens without re-applying', async () => {
    const file = tempFile();
    await openSqliteStore(file).close();
    const expected = MIGRATIONS.map((m) => ({ version: m.version, name: m.name, hash: hashMigration(m) }));
    const recorded = () => raw(file, (db) => db.prepare('SELECT version, name, hash FROM schema_migrations ORDER BY version').all());
    expect(recorded()).toEqual(expected);
    await openSqliteStore(file).close();
    expect(recorded()).toEqual(expected);
  });

  it('opens in WAL mode with full sync and foreign keys on', async () => {
    const file = tempFile();
    const store = openSqliteStore(file);
    expect(raw(file, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(store.integrityCheck()).toBe('ok');
    await store.close();
  });

  it('refuses a database whose recorded migration hash differs', async () => {
    const file = tempFile();
    await openSqliteStore(file).close();
    raw(file, (db) => db.prepare("UPDATE schema_migrations SET hash = 'tampered' WHERE version = 1").run());
    expect(() => openSqliteStore(file)).toThrow(/migration 1 \(init\) hash mismatch/);
  });

  it('refuses a database migrated by a newer build', async () => {
    const file = tempFile();
    await openSqliteStore(file).close();
    raw(file, (db) =>
      db.prepare("INSERT INTO schema_migrations (version, name, hash, applied_at) VALUES (999, 'future', 'x', 0)").run(),
    );
    expect(() => openSqliteStore(file)).toThrow(/migration 999 \(future\).*newer/);
  });

  it('keeps data across close and reopen', async () => {
    const file = tempFile();
    const first = openSqliteStore(file);
    const { user, session, token } = await seedSession(first);
    await first.putSetting('alg', 'EdDSA');
    await first.close();

    const second = openSqliteStore(file);
    expect(await second.getUserById(user.id)).toEqual(user);
    expect(await second.getSession(session.id)).toEqual(session);
    expect((await second.getRefreshFamily(session.id)).map((t) => t.id)).toEqual([token.id]);
    expect(await second.getSettings()).toEqual({ alg: 'EdDSA' });
    expect(second.integrityCheck()).toBe('ok');
    await second.close();
  });

  it('rejects a session of an unknown user (foreign keys are enforced)', async () => {
    const store = openSqliteStore(tempFile());
    const { session, token } = await seedSession(store);
    await expect(
      store.createSession({ ...session, id: 'other', userId: 'ghost' }, { ...token, id: 'other-token' }),
    ).rejects.toThrow(/FOREIGN KEY/);
    await store.close();
  });
});

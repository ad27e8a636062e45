import { mkdtempSync, rmSync, statSync } from 'node:fs';
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
    const recorded = () =>
      raw(file, (db) => db.prepare('SELECT version, name, hash FROM schema_migrations ORDER BY version').all());
    expect(recorded()).toEqual(expected);
    await openSqliteStore(file).close();
    expect(recorded()).toEqual(expected);
  });

  it('opens in WAL mode with full sync and foreign keys on', async () => {
    const file = tempFile();
    const store = openSqliteStore(file);
    // synchronous 2 = FULL: every commit's WAL frames are synced before the commit returns
    expect(store.pragmas()).toEqual({ journalMode: 'wal', synchronous: 2, foreignKeys: 1 });
    expect(raw(file, (db) => db.pragma('journal_mode', { simple: true }))).toBe('wal');
    // foreign keys enforced: a session of a user that does not exist is refused
    const orphan = {
      id: 's-orphan',
      userId: 'no-such-user',
      createdAt: 1,
      lastSeenAt: 1,
      idleExpiresAt: 2,
      absoluteExpiresAt: 3,
      ip: '',
      userAgent: '',
      device: '',
      status: 'active' as const,
      revokedAt: null,
      revokedReason: null,
    };
    await expect(
      store.createSession(orphan, {
        id: 'r-orphan',
        sessionId: 's-orphan',
        secretHash: 'x',
        parentId: null,
        createdAt: 1,
        expiresAt: 2,
        usedAt: null,
        status: 'active',
      }),
    ).rejects.toThrow(/FOREIGN KEY/);
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
      db
        .prepare("INSERT INTO schema_migrations (version, name, hash, applied_at) VALUES (999, 'future', 'x', 0)")
        .run(),
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

describe('SQLite file permissions', () => {
  it('creates the database owner-only (it holds sessions, the audit log and sealed keys)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-perm-'));
    const store = openSqliteStore(join(dir, 'perm.db'));
    await store.close();
    expect(statSync(join(dir, 'perm.db')).mode & 0o777).toBe(0o600);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('session text search through the trigram index', () => {
  it('matches substrings of any field case-insensitively, literally, and never across two fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-fts-'));
    const store = openSqliteStore(join(dir, 'fts.db'));
    const now = 1_800_000_000;
    await store.createUser({
      id: 'u1',
      username: 'Maria.Garcia',
      passwordHash: 'x',
      tokenVersion: 0,
      roles: [],
      createdAt: now,
    });
    const session = (id: string, ip: string, device: string) => ({
      id,
      userId: 'u1',
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: now + 60,
      absoluteExpiresAt: now + 600,
      ip,
      userAgent: 'ua',
      device,
      status: 'active' as const,
      revokedAt: null,
      revokedReason: null,
    });
    const token = (id: string, sessionId: string) => ({
      id,
      sessionId,
      secretHash: 'h',
      parentId: null,
      createdAt: now,
      expiresAt: now + 60,
      usedAt: null,
      status: 'active' as const,
    });
    await store.createSession(session('s-one', '203.0.113.7', 'Firefox on Linux'), token('t1', 's-one'));
    await store.createSession(session('s-two', '198.51.100.9', 'Safari on iOS'), token('t2', 's-two'));
    const ids = async (text: string) => (await store.listSessions({ text })).items.map((s) => s.id).sort();
    expect(await ids('maria.gar')).toEqual(['s-one', 's-two']);
    expect(await ids('203.0.113')).toEqual(['s-one']);
    expect(await ids('SAFARI')).toEqual(['s-two']);
    expect(await ids('s-two')).toEqual(['s-two']);
    // the username ends in "cia" and the ip starts with "203": no match across the boundary
    expect(await ids('cia203')).toEqual([]);
    expect(await ids('"; DROP')).toEqual([]);
    expect((await store.listSessions({ text: 'Linux' })).total).toBe(1);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

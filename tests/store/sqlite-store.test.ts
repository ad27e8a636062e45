import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { hashMigration, migrate, MIGRATIONS } from '../../src/main/store/sqlite/migrations';
import { openSqliteStore } from '../../src/main/store/sqlite/sqlite-store';
import { parseSessionSearch, type SearchTerm } from '../../src/shared/session-search';
import { runStoreContract } from './contract';
import { hashSecret, legacyClientRead, seedSession } from './contract-fixtures';

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

function terms(text: string): SearchTerm[] {
  const parsed = parseSessionSearch(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.terms;
}

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
        clientId: null,
        scope: '',
        claims: null,
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

describe('session search through the trigram index', () => {
  it('matches substrings of each field case-insensitively, literally, and never across two fields', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gh-fts-'));
    const store = openSqliteStore(join(dir, 'fts.db'));
    const now = 1_800_000_000;
    await store.createUser({
      id: 'u1',
      username: 'Maria.Garcia',
      passwordHash: 'x',
      tokenVersion: 0,
      roles: [],
      claims: {},
      disabled: false,
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
      clientId: null,
      scope: '',
      claims: null,
    });
    await store.createSession(session('s-one', '203.0.113.7', 'Firefox on Linux'), token('t1', 's-one'));
    await store.createSession(session('s-two', '198.51.100.9', 'Safari on iOS'), token('t2', 's-two'));
    const ids = async (text: string) =>
      (await store.listSessions({ search: terms(text) })).items.map((s) => s.id).sort();
    expect(await ids('maria.gar')).toEqual(['s-one', 's-two']);
    expect(await ids('203.0.113')).toEqual(['s-one']);
    expect(await ids('SAFARI')).toEqual(['s-two']);
    expect(await ids('s-two')).toEqual([]); // plain words never match ids
    expect(await ids('sid:s-two')).toEqual(['s-two']);
    expect(await ids('user:garcia device:linux')).toEqual(['s-one']);
    expect(await ids('device:garcia')).toEqual([]);
    // the username ends in "cia" and the ip starts with "203": no match across the boundary
    expect(await ids('cia203')).toEqual([]);
    expect(await ids('"; DROP')).toEqual([]);
    expect((await store.listSessions({ search: terms('Linux') })).total).toBe(1);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('migration 5 (openid-provider)', () => {
  const T = 1_700_000_000;
  /** A database as the previous build left it: migrations 1 to 4, with a row of every changed table. */
  function oldDatabase(): string {
    const file = tempFile();
    raw(file, (db) => {
      db.pragma('foreign_keys = ON');
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 4),
      );
      db.prepare(
        `INSERT INTO users (id, username, password_hash, token_version, roles, created_at)
         VALUES ('u1', 'dana', 'x', 2, '["user"]', ${T})`,
      ).run();
      db.prepare(
        `INSERT INTO sessions (id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, ip,
           user_agent, device, status) VALUES ('s1', 'u1', ${T}, ${T}, ${T + 1800}, ${T + 43_200}, '192.0.2.1', 'curl/8', 'curl', 'active')`,
      ).run();
      db.prepare(
        `INSERT INTO refresh_tokens (id, session_id, secret_hash, parent_id, created_at, expires_at, used_at, status)
         VALUES ('r1', 's1', '${hashSecret('old secret')}', NULL, ${T}, ${T + 43_200}, NULL, 'active')`,
      ).run();
      db.prepare(`INSERT INTO clients (id, secret_hash, created_at) VALUES ('demo-resource', 'aGFzaA', ${T})`).run();
      const entry = db.prepare(
        'INSERT INTO denylist (kind, subject, value, reason, created_at, prune_after) VALUES (?, ?, ?, ?, ?, ?)',
      );
      entry.run('jti', 'j1', 0, 'admin', T + 1, T + 900);
      entry.run('sid', 's-old', 0, 'logout', T + 2, T + 900);
      entry.run('user', 'u1', 2, 'password changed', T + 3, T + 900);
    });
    return file;
  }

  it('reads an old client row as a confidential client_secret_basic resource server with no redirect URIs or grants', async () => {
    const store = openSqliteStore(oldDatabase());
    expect(await store.getClient('demo-resource')).toEqual(legacyClientRead(T));
    expect(await store.listClients()).toHaveLength(1);
    // and it can be bumped and touched like a new one
    expect((await store.bumpClientTokenVersion('demo-resource', 'secret rotated', T + 5, T + 905))?.tokenVersion).toBe(
      1,
    );
    await store.touchClient('demo-resource', T + 6);
    expect(await store.getClient('demo-resource')).toMatchObject({ tokenVersion: 1, lastUsedAt: T + 6 });
    await store.close();
  });

  it('gives old users no claims (and enabled) and old refresh tokens the login API, and rotates them as such', async () => {
    const store = openSqliteStore(oldDatabase());
    expect(await store.getUserById('u1')).toEqual({
      id: 'u1',
      username: 'dana',
      passwordHash: 'x',
      tokenVersion: 2,
      roles: ['user'],
      claims: {},
      disabled: false,
      createdAt: T,
    });
    expect(await store.getRefreshToken('r1')).toMatchObject({ clientId: null, scope: '' });
    const outcome = await store.rotateRefreshToken({
      tokenId: 'r1',
      secretHash: hashSecret('old secret'),
      now: T + 60,
      next: {
        id: 'r2',
        sessionId: 's1',
        secretHash: hashSecret('new secret'),
        parentId: 'r1',
        createdAt: T + 60,
        expiresAt: T + 43_200,
        usedAt: null,
        status: 'active',
        clientId: 'forged',
        scope: 'forged',
        claims: null,
      },
      idleExpiresAt: T + 1860,
      reuseReason: 'reuse',
      clientId: null,
      reusePruneAfter: T + 960,
      graceSeconds: 0,
    });
    expect(outcome.kind).toBe('rotated');
    expect(await store.getRefreshToken('r2')).toMatchObject({ clientId: null, scope: '' });
    expect(await store.setUserClaims('u1', { name: 'Dana' }, 'claims', T + 70, T + 970)).toMatchObject({
      claims: { name: 'Dana' },
      tokenVersion: 3,
    });
    await store.close();
  });

  it('rebuilds the denylist with its entries, key and indexes, now taking the client kind', async () => {
    const file = oldDatabase();
    const store = openSqliteStore(file);
    expect(await store.listDenylist()).toEqual([
      { kind: 'user', subject: 'u1', value: 2, reason: 'password changed', createdAt: T + 3, pruneAfter: T + 900 },
      { kind: 'sid', subject: 's-old', value: 0, reason: 'logout', createdAt: T + 2, pruneAfter: T + 900 },
      { kind: 'jti', subject: 'j1', value: 0, reason: 'admin', createdAt: T + 1, pruneAfter: T + 900 },
    ]);
    const client = {
      kind: 'client' as const,
      subject: 'rp',
      value: 1,
      reason: 'x',
      createdAt: T + 4,
      pruneAfter: T + 900,
    };
    await store.putDenylistEntry(client);
    await store.putDenylistEntry({ ...client, value: 2 });
    expect(await store.listDenylist({ kind: 'client' })).toEqual([{ ...client, value: 2 }]);
    expect(store.integrityCheck()).toBe('ok');
    await store.close();
    raw(file, (db) => {
      const indexes = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'denylist' ORDER BY name")
        .pluck()
        .all();
      expect(indexes).toEqual(['denylist_created', 'denylist_prune_after', 'sqlite_autoindex_denylist_1']);
      // still no other kind, and still STRICT
      const insert = db.prepare(
        'INSERT INTO denylist (kind, subject, value, reason, created_at, prune_after) VALUES (?, ?, ?, ?, ?, ?)',
      );
      expect(() => insert.run('bogus', 'x', 0, 'x', 0, 0)).toThrow(/CHECK/);
      expect(() => insert.run('jti', 'x', 'not a number', 'x', 0, 0)).toThrow(/cannot store TEXT value in INTEGER/);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    });
  });

  it('creates every new table STRICT, with an index for each lookup and prune', async () => {
    const file = tempFile();
    await openSqliteStore(file).close();
    raw(file, (db) => {
      const tables = db.prepare('SELECT name, strict FROM pragma_table_list WHERE schema = ?').all('main') as {
        name: string;
        strict: number;
      }[];
      for (const name of ['clients', 'denylist', 'authorization_codes', 'browser_sessions', 'session_clients'])
        expect(
          tables.find((t) => t.name === name),
          name,
        ).toEqual({ name, strict: 1 });
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
      expect(plan('SELECT * FROM clients ORDER BY created_at, id')).toMatch(/USING INDEX clients_created/);
      expect(plan('DELETE FROM authorization_codes WHERE expires_at < 1')).toMatch(/authorization_codes_expires/);
      expect(plan("SELECT * FROM session_clients WHERE session_id = 's' ORDER BY first_at, client_id")).toMatch(
        /USING PRIMARY KEY/,
      );
      expect(plan("SELECT session_id FROM browser_sessions WHERE secret_hash = 'h'")).toMatch(
        /USING INDEX sqlite_autoindex_browser_sessions_1/,
      );
    });
  });
});

describe('migration 6 (logout-deliveries)', () => {
  const T = 1_700_000_000;
  const plan = (db: Database.Database, sql: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');

  it('creates the deliveries STRICT, with an index for the claim, the prune and the list, and keeps the other lookups indexed', async () => {
    const file = tempFile();
    await openSqliteStore(file).close();
    raw(file, (db) => {
      expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'logout_deliveries'").pluck().get()).toBe(1);
      expect(
        plan(
          db,
          "SELECT * FROM logout_deliveries WHERE status = 'pending' AND next_attempt_at <= 1 ORDER BY next_attempt_at, id LIMIT 5",
        ),
      ).toBe('SEARCH logout_deliveries USING INDEX logout_deliveries_due (next_attempt_at<?)');
      expect(plan(db, "DELETE FROM logout_deliveries WHERE status <> 'pending' AND created_at < 1")).toMatch(
        /USING INDEX logout_deliveries_finished/,
      );
      expect(plan(db, "SELECT * FROM logout_deliveries WHERE session_id = 's' ORDER BY created_at, client_id")).toMatch(
        /USING INDEX sqlite_autoindex_logout_deliveries_1 \(session_id=\?\)/,
      );
      // client usage walks the live sessions, then each one's clients or tokens by key
      const usage = plan(
        db,
        `SELECT rt.client_id, count(*) FROM sessions s JOIN refresh_tokens rt ON rt.session_id = s.id AND rt.status = 'active'
         WHERE s.status = 'active' AND s.idle_expires_at > 1 AND s.absolute_expires_at > 1 AND rt.client_id IS NOT NULL
         AND rt.expires_at > 1 GROUP BY rt.client_id`,
      );
      expect(usage).toMatch(/SEARCH s USING INDEX sessions_status_\w+ \(status=\? AND/);
      expect(usage).toMatch(/SEARCH rt USING INDEX refresh_tokens_session/);
      expect(usage).not.toMatch(/SCAN/);
      // deleteUser reaches every row through an index
      for (const table of ['browser_sessions', 'session_clients', 'issued_tokens', 'refresh_tokens'])
        expect(
          plan(db, `DELETE FROM ${table} WHERE session_id IN (SELECT id FROM sessions WHERE user_id = 'u')`),
          table,
        ).not.toMatch(/SCAN/);
    });
  });

  it('refuses to end a session without its end time, so no path can end one without its deliveries', async () => {
    const file = tempFile();
    const store = openSqliteStore(file);
    const { session } = await seedSession(store);
    await store.close();
    raw(file, (db) => {
      expect(() => db.prepare("UPDATE sessions SET status = 'expired' WHERE id = ?").run(session.id)).toThrow(
        /a session ended without ended_at/,
      );
      expect(db.prepare('SELECT status FROM sessions WHERE id = ?').pluck().get(session.id)).toBe('active');
    });
  });

  it('owes nothing for sessions that ended before it, and delivers for those still active when they end', async () => {
    const file = tempFile();
    raw(file, (db) => {
      db.pragma('foreign_keys = ON');
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 5),
      );
      db.prepare(
        `INSERT INTO users (id, username, password_hash, token_version, roles, created_at) VALUES ('u1', 'dana', 'x', 0, '[]', ${T})`,
      ).run();
      const insertSession = db.prepare(
        `INSERT INTO sessions (id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, ip,
           user_agent, device, status, revoked_at, revoked_reason)
         VALUES (?, 'u1', ${T}, ${T}, ${T + 1800}, ${T + 43_200}, '192.0.2.1', 'curl/8', 'curl', ?, ?, ?)`,
      );
      insertSession.run('s-live', 'active', null, null);
      insertSession.run('s-gone', 'revoked', T + 5, 'logout');
      db.prepare(
        `INSERT INTO clients (id, name, type, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types,
           token_endpoint_auth_method, backchannel_logout_uri, audience, enabled, token_version, created_at, updated_at)
         VALUES ('rp', 'rp', 'public', NULL, '[]', '[]', '[]', 'none', 'https://rp.example/bc', NULL, 1, 0, ${T}, ${T})`,
      ).run();
      for (const sid of ['s-live', 's-gone'])
        db.prepare(`INSERT INTO session_clients (session_id, client_id, first_at) VALUES (?, 'rp', ${T})`).run(sid);
    });
    const store = openSqliteStore(file);
    expect(await store.listLogoutDeliveries('s-gone')).toEqual([]);
    expect(await store.claimLogoutDeliveries(T + 100, 10, T + 130)).toEqual([]);
    await store.revokeSession('s-gone', 'again', T + 100, T + 1000);
    expect(await store.listLogoutDeliveries('s-gone')).toEqual([]);
    expect(await store.expireSessions(T + 1800)).toHaveLength(1);
    expect(await store.listLogoutDeliveries('s-live')).toMatchObject([
      { sessionId: 's-live', userId: 'u1', clientId: 'rp', uri: 'https://rp.example/bc', createdAt: T + 1800 },
    ]);
    expect(store.integrityCheck()).toBe('ok');
    await store.close();
  });
});

describe('migration 9 (client-scopes)', () => {
  const T = 1_700_000_000;

  it('gives every client registered before it no scopes, and stores the scopes of clients written after', async () => {
    const file = tempFile();
    raw(file, (db) => {
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 8),
      );
      db.prepare(
        `INSERT INTO clients (id, name, type, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types,
           token_endpoint_auth_method, backchannel_logout_uri, audience, enabled, token_version, created_at,
           updated_at, last_used_at) VALUES ('machine', 'Machine', 'confidential', 'aGFzaA', '[]', '[]',
           '["client_credentials"]', 'client_secret_basic', NULL, NULL, 1, 0, ${T}, ${T}, NULL)`,
      ).run();
    });
    const store = openSqliteStore(file);
    const machine = await store.getClient('machine');
    expect(machine).toMatchObject({ id: 'machine', grantTypes: ['client_credentials'], scopes: [] });
    await store.putClient({ ...machine!, scopes: ['orders:read', 'orders:write'] });
    expect((await store.getClient('machine'))?.scopes).toEqual(['orders:read', 'orders:write']);
    await store.close();
    // the column refuses what is not JSON, whoever writes it
    raw(file, (db) =>
      expect(() => db.prepare("UPDATE clients SET scopes = 'orders:read' WHERE id = 'machine'").run()).toThrow(
        /CHECK constraint failed/,
      ),
    );
  });
});

describe('migration 10 (client-require-pkce)', () => {
  const T = 1_700_000_000;

  it('keeps PKCE required of every client registered before it, and stores a confidential client without it', async () => {
    const file = tempFile();
    raw(file, (db) => {
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 9),
      );
      db.prepare(
        `INSERT INTO clients (id, name, type, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types,
           token_endpoint_auth_method, backchannel_logout_uri, audience, scopes, enabled, token_version, created_at,
           updated_at, last_used_at) VALUES ('web', 'Web', 'confidential', 'aGFzaA', '["https://rp.example/cb"]', '[]',
           '["authorization_code"]', 'client_secret_basic', NULL, NULL, '[]', 1, 0, ${T}, ${T}, NULL)`,
      ).run();
    });
    const store = openSqliteStore(file);
    const web = await store.getClient('web');
    expect(web).toMatchObject({ id: 'web', requirePkce: true });
    await store.putClient({ ...web!, requirePkce: false });
    expect((await store.getClient('web'))?.requirePkce).toBe(false);
    await store.close();
    raw(file, (db) =>
      expect(() => db.prepare("UPDATE clients SET require_pkce = 2 WHERE id = 'web'").run()).toThrow(
        /CHECK constraint failed/,
      ),
    );
  });
});

describe('migration 7 (sessions-search-by-field)', () => {
  const T = 1_700_000_000;

  it('reindexes the sessions already stored, one column per field, without their ids or user agents', async () => {
    const file = tempFile();
    raw(file, (db) => {
      db.pragma('foreign_keys = ON');
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 6),
      );
      const user = db.prepare(
        `INSERT INTO users (id, username, password_hash, token_version, roles, created_at) VALUES (?, ?, 'x', 0, '[]', ${T})`,
      );
      user.run('u1', 'alice');
      user.run('u2', 'bob');
      const session = db.prepare(
        `INSERT INTO sessions (id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, ip,
           user_agent, device, status) VALUES (?, ?, ${T}, ${T}, ${T + 1800}, ${T + 43_200}, ?, ?, ?, 'active')`,
      );
      session.run('xBoBx-1', 'u1', '192.0.2.1', 'curl/8', 'curl');
      session.run('s-2', 'u1', '10.1.2.3', 'bobcat/1.0', 'Unknown client');
      session.run('s-3', 'u2', '198.51.100.7', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0', 'Firefox on Linux');
    });
    const store = openSqliteStore(file);
    const ids = async (text: string) =>
      (await store.listSessions({ search: terms(text) })).items.map((s) => s.id).sort();
    expect(await ids('bob')).toEqual(['s-3']);
    expect(await ids('user:alice')).toEqual(['s-2', 'xBoBx-1']);
    expect(await ids('device:"firefox on"')).toEqual(['s-3']);
    expect(await ids('ip:10.1.')).toEqual(['s-2']);
    expect(await ids('sid:xBoB')).toEqual(['xBoBx-1']);
    // sessions written after the migration are indexed by the new trigger, and deleted with their user
    const later = {
      id: 'bob-later',
      userId: 'u1',
      createdAt: T,
      lastSeenAt: T,
      idleExpiresAt: T + 1800,
      absoluteExpiresAt: T + 43_200,
      ip: '203.0.113.9',
      userAgent: 'bob',
      device: 'Safari on iOS',
      status: 'active' as const,
      revokedAt: null,
      revokedReason: null,
    };
    await store.createSession(later, null);
    expect(await ids('safari')).toEqual(['bob-later']);
    expect(await ids('bob')).toEqual(['s-3']);
    expect(await store.deleteUser('u1')).toBe(true);
    expect(await ids('203.0.113')).toEqual([]);
    expect(store.integrityCheck()).toBe('ok');
    await store.close();
    raw(file, (db) => {
      expect(db.prepare('SELECT count(*) FROM sessions_search').pluck().get()).toBe(1);
      expect(() =>
        db.prepare("INSERT INTO sessions_search(sessions_search) VALUES ('integrity-check')").run(),
      ).not.toThrow();
    });
  });

  it('answers every search through an index: the trigram index, the user index or the primary key', async () => {
    const file = tempFile();
    const store = openSqliteStore(file);
    const plans = (text: string, extra: Record<string, unknown> = {}) => {
      const p = store.explainListSessions({ search: terms(text), limit: 100, ...extra });
      return { count: p.count.join('; '), page: p.page.join('; '), walk: p.walk.join('; ') };
    };
    const FTS = /SCAN sessions_search VIRTUAL TABLE INDEX/;
    for (const text of [
      'bob',
      'user:maria',
      'device:"Firefox on Linux"',
      'ip:203.0.',
      'user:maria device:firefox 10.0',
    ]) {
      // with a status too: a status holds a third of the sessions, the search's index far fewer
      const rare = [plans(text), plans(text, { status: 'active' })].flatMap((p) => [p.count, p.page]);
      for (const plan of rare) {
        expect(plan, text).toMatch(FTS);
        expect(plan, text).not.toMatch(/SCAN s\b/);
      }
      // the page's sessions come from the index's rowids, never from a walk over the table
      expect(plans(text).page, text).toMatch(/SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/);
      // the trigram index counts alone when it is the whole filter (one row per session)
      expect(plans(text).count, text).toMatch(/^SCAN sessions_search VIRTUAL TABLE INDEX \S+$/);
      expect(plans(text, { status: 'active' }).count, text).toMatch(/SEARCH s USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    }
    for (const status of ['active', undefined]) {
      const { count, page } = plans('sid:Qx4b', status ? { status } : {});
      for (const plan of [count, page]) {
        expect(plan).toMatch(/SEARCH s USING (COVERING )?INDEX sqlite_autoindex_sessions_1 \(id>\? AND id<\?\)/);
        expect(plan).not.toMatch(/SCAN s\b/);
      }
    }
    // dense matches walk the sort index (covering: no row is read to test one), down to the page
    for (const text of ['ip:203.0.', 'firefox', 'ip:10']) {
      expect(plans(text).walk, text).toMatch(/SCAN s USING (COVERING )?INDEX sessions_last_seen\b/);
      expect(plans(text, { status: 'revoked', sort: 'createdAt' }).walk, text).toMatch(
        /SEARCH s USING (COVERING )?INDEX sessions_status_created \(status=\?\)/,
      );
    }
    expect(plans('firefox').walk).toMatch(/SCAN s USING COVERING INDEX sessions_last_seen; LIST SUBQUERY 1/);
    // a user name shorter than a trigram: the few users by name, then their sessions by index
    const short = plans('user:bo');
    expect(short.count).toMatch(/SEARCH s USING (COVERING )?INDEX sessions_user_status \(user_id=\?/);
    expect(short.count).not.toMatch(/SCAN s\b/);
    await store.close();
  });
});

describe('migration 11 (client-response-types)', () => {
  it('gives every client registered before it the code flow only, and stores the response types written after', async () => {
    const file = tempFile();
    raw(file, (db) => {
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version <= 9),
      );
      db.prepare(
        `INSERT INTO clients (id, name, type, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types,
           token_endpoint_auth_method, backchannel_logout_uri, audience, enabled, token_version, created_at,
           updated_at, last_used_at) VALUES ('web', 'Web', 'confidential', 'aGFzaA', '["https://rp.example/cb"]', '[]',
           '["authorization_code"]', 'client_secret_basic', NULL, NULL, 1, 0, 1700000000, 1700000000, NULL)`,
      ).run();
    });
    const store = openSqliteStore(file);
    const web = await store.getClient('web');
    expect(web?.responseTypes).toEqual(['code']);
    await store.putClient({ ...web!, responseTypes: ['code', 'id_token'] });
    expect((await store.getClient('web'))?.responseTypes).toEqual(['code', 'id_token']);
    await store.close();
    raw(file, (db) =>
      expect(() => db.prepare("UPDATE clients SET response_types = 'code' WHERE id = 'web'").run()).toThrow(
        /CHECK constraint failed/,
      ),
    );
  });
});

describe('migration 12 (client-id-token-alg)', () => {
  it('gives a client registered before it RS256, and stores the algorithm a client chose', async () => {
    const file = tempFile();
    raw(file, (db) => {
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version < 12),
      );
      db.prepare(
        `INSERT INTO clients (id, name, type, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types,
          token_endpoint_auth_method, backchannel_logout_uri, audience, scopes, enabled, token_version, created_at,
          updated_at, last_used_at)
        VALUES ('old-rp', 'Old RP', 'confidential', NULL, '[]', '[]', '[]', 'client_secret_basic', NULL, NULL, '[]', 1, 0, 1, 1, NULL)`,
      ).run();
    });
    const store = openSqliteStore(file);
    const old = (await store.getClient('old-rp'))!;
    expect(old.idTokenSignedResponseAlg).toBe('RS256');
    await store.putClient({ ...old, idTokenSignedResponseAlg: 'ES256' });
    expect((await store.getClient('old-rp'))!.idTokenSignedResponseAlg).toBe('ES256');
    await store.close();
  });
});

describe('migration 14 (client-id-token-claims)', () => {
  it("gives a client registered before it the scope's claims in its id_tokens, stores minimal, and refuses any other value", async () => {
    const file = tempFile();
    raw(file, (db) => {
      migrate(
        db,
        MIGRATIONS.filter((m) => m.version < 14),
      );
      db.prepare(
        `INSERT INTO clients (id, name, type, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types,
          token_endpoint_auth_method, backchannel_logout_uri, audience, scopes, enabled, token_version, created_at,
          updated_at, last_used_at)
        VALUES ('old-rp', 'Old RP', 'confidential', NULL, '[]', '[]', '[]', 'client_secret_basic', NULL, NULL, '[]', 1, 0, 1, 1, NULL)`,
      ).run();
    });
    const store = openSqliteStore(file);
    const old = (await store.getClient('old-rp'))!;
    expect(old.idTokenClaims).toBe('scopes');
    await store.putClient({ ...old, idTokenClaims: 'minimal' });
    expect((await store.getClient('old-rp'))!.idTokenClaims).toBe('minimal');
    await store.close();
    raw(file, (db) =>
      expect(() => db.prepare("UPDATE clients SET id_token_claims = 'all' WHERE id = 'old-rp'").run()).toThrow(
        /CHECK constraint failed/,
      ),
    );
  });
});

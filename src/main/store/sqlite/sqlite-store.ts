import Database from 'better-sqlite3';
import type { CheckRun } from '../../../shared/app-checks';
import fs from 'node:fs';
import { reportUnavailable } from '../fail-fast';
import {
  StoreUnavailableError,
  type AuditQuery,
  type AuditRecord,
  type AuthorizationCodeRecord,
  type ClientRecord,
  type ClientUsage,
  type DenylistEntry,
  type DenylistKind,
  type DenylistQuery,
  type IssuedTokenRecord,
  type KeyRecord,
  type LoginAttempt,
  type LogoutAttemptResult,
  type LogoutDeliveryRecord,
  type CheckRunsKept,
  type ClaimPerClient,
  type RefreshTokenRecord,
  type RotateRefreshInput,
  type RotateRefreshOutcome,
  type SessionClientRecord,
  type SessionQuery,
  type SessionRecord,
  type SessionRow,
  type Store,
  type UserPatch,
  type UserRecord,
} from '../store';
import { buildDenylistQueries, type DenylistQueries } from './denylist-queries';
import { buildCheckRuns, type CheckRuns } from './check-runs';
import { buildLoginAttempts, type LoginAttempts } from './login-attempts';
import { buildLogoutDeliveries, type LogoutDeliveries } from './logout-deliveries';
import { migrate } from './migrations';
import { ListQueries } from './queries';
import { buildRotate } from './rotate';
import {
  clientParams,
  refreshParams,
  toAudit,
  authorizationCodeParams,
  toAuthorizationCode,
  toClient,
  toDenylistEntry,
  toIssued,
  toKey,
  toRefresh,
  toSession,
  toSessionClient,
  toUser,
  userParams,
} from './rows';
import { buildSessionWrites, type SessionWrites } from './session-writes';
import { prepareStatements, type Statements } from './statements';
import { buildVersionBumps, type VersionBumps } from './versions';

/** A session with its whole refresh family, oldest token first, as `importRecords` writes them. */
export interface ImportedSession {
  session: SessionRecord;
  family: RefreshTokenRecord[];
}

/** Opens (creating and migrating if needed) the SQLite database at `file`. */
export function openSqliteStore(file: string): SqliteStore {
  return reportUnavailable(new SqliteStore(file), sqliteUnavailable);
}

function openRelaxed(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  return db;
}

/** SQLite's codes for "the storage failed", as opposed to a constraint or a bug. */
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|READONLY|BUSY|LOCKED|CANTOPEN|NOMEM|PROTOCOL)/;

/**
 * A failed statement is rolled back (each method is one transaction), so nothing was applied.
 * A closed connection (a request racing shutdown) counts as unavailable too.
 */
export function sqliteUnavailable(err: unknown): StoreUnavailableError | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE.test(code))
    return new StoreUnavailableError(`SQLite: ${(err as Error).message} (${code})`, 'not_applied', { cause: err });
  if (err instanceof TypeError && /database connection is not open/.test(err.message))
    return new StoreUnavailableError('SQLite: the database is closed', 'not_applied', { cause: err });
  return null;
}

/**
 * The embedded adapter. better-sqlite3 is synchronous, so every method does its work before its
 * promise is even returned; methods that write more than one row use an IMMEDIATE transaction.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  /**
   * A second connection to the same file with `synchronous = NORMAL`, for the writes a flood
   * multiplies (login attempts, audit entries) and those whose loss only fails closed or loses a
   * log line (issued-token records, authorization codes and their consumption, single-sign-on
   * cookies): they survive a
   * process crash but not always a power loss, and they never fsync on the event loop. Everything
   * that grants or revokes stays on the FULL connection.
   */
  private readonly relaxed: Database.Database;
  private readonly st: Statements;
  private readonly relaxedSt: Statements;
  private readonly attempts: LoginAttempts;
  private readonly checkRuns: CheckRuns;
  private readonly lists: ListQueries;
  private readonly rotate: (input: RotateRefreshInput) => RotateRefreshOutcome;
  private readonly sessions: SessionWrites;
  private readonly denylist: DenylistQueries;
  private readonly versions: VersionBumps;
  private readonly deliveries: LogoutDeliveries;
  private readonly consumeCode: (codeHash: string, now: number) => AuthorizationCodeRecord | null;

  constructor(file: string) {
    // sessions, audit and sealed keys: owner-only, like the key file (SQLite gives WAL files the same mode)
    if (file !== ':memory:' && !fs.existsSync(file)) fs.writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
    this.db = new Database(file);
    try {
      // First, so that even switching to WAL waits for another process instead of failing.
      this.db.pragma('busy_timeout = 5000');
      this.db.pragma('journal_mode = WAL');
      // FULL syncs the WAL on every commit: a commit that returned survives a kill or power loss.
      this.db.pragma('synchronous = FULL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
    this.relaxed = file === ':memory:' ? this.db : openRelaxed(file);
    // Prepared after migrating, since a statement can only name tables that exist.
    this.st = prepareStatements(this.db);
    this.relaxedSt = this.relaxed === this.db ? this.st : prepareStatements(this.relaxed);
    this.attempts = buildLoginAttempts(this.relaxed);
    this.checkRuns = buildCheckRuns(this.db);
    this.lists = new ListQueries(this.db);
    this.rotate = buildRotate(this.db, this.st);
    this.sessions = buildSessionWrites(this.db, this.st, this.lists);
    this.denylist = buildDenylistQueries(this.db);
    this.versions = buildVersionBumps(this.db, this.st);
    this.deliveries = buildLogoutDeliveries(this.db, this.st);
    // IMMEDIATE: of concurrent redemptions (in any process) exactly one reads the code unused.
    // Relaxed, yet made durable by the redemption's own answer: a refresh family or a new entry in
    // the session's client list is a FULL commit after it, and that commit's fsync of the one WAL
    // file persists this earlier frame too. A power cut can undo only a redemption that answered
    // nothing, or one without a refresh token for a client already listed; redeeming that code
    // again still takes its PKCE verifier.
    const consume = this.relaxed.transaction((codeHash: string, now: number): AuthorizationCodeRecord | null => {
      const row = this.relaxedSt.authorizationCode.get(codeHash);
      if (!row) return null;
      this.relaxedSt.markCodeUsed.run(now, codeHash);
      return toAuthorizationCode(row);
    });
    this.consumeCode = (codeHash, now) => consume.immediate(codeHash, now);
  }

  async createUser(user: UserRecord): Promise<void> {
    try {
      this.st.insertUser.run(userParams(user));
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
        throw new Error(`a user with this username or id already exists: ${user.username}`, { cause: err });
      }
      throw err;
    }
  }
  async getUserById(id: string): Promise<UserRecord | null> {
    const row = this.st.userById.get(id);
    return row ? toUser(row) : null;
  }
  async getUserByUsername(username: string): Promise<UserRecord | null> {
    const row = this.st.userByUsername.get(username);
    return row ? toUser(row) : null;
  }
  async listUsers(): Promise<UserRecord[]> {
    return this.st.listUsers.all().map(toUser);
  }
  async bumpTokenVersion(userId: string, reason: string, now: number, pruneAfter: number): Promise<UserRecord | null> {
    return this.versions.bumpUser(userId, reason, now, pruneAfter);
  }
  async setUserClaims(
    userId: string,
    claims: Record<string, unknown>,
    reason: string,
    now: number,
    pruneAfter: number,
  ): Promise<UserRecord | null> {
    return this.versions.setUserClaims(userId, claims, reason, now, pruneAfter);
  }

  async updateUser(userId: string, patch: UserPatch): Promise<UserRecord | null> {
    const row = this.st.updateUser.get({
      id: userId,
      passwordHash: patch.passwordHash ?? null,
      roles: patch.roles ? JSON.stringify(patch.roles) : null,
      disabled: patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
    });
    return row ? toUser(row) : null;
  }
  /** Deletes rows only: the sessions' logout deliveries and sid denylist entries stay. */
  async deleteUser(userId: string): Promise<boolean> {
    return this.sessions.deleteUser(userId);
  }

  async createSession(session: SessionRecord, firstToken: RefreshTokenRecord | null): Promise<void> {
    this.sessions.createSession(session, firstToken);
  }
  async startRefreshFamily(root: RefreshTokenRecord, now: number): Promise<SessionRecord | null> {
    return this.sessions.startRefreshFamily(root, now);
  }
  async getSession(id: string): Promise<SessionRecord | null> {
    const row = this.st.sessionById.get(id);
    return row ? toSession(row) : null;
  }
  async getSessions(ids: string[]): Promise<SessionRecord[]> {
    return ids.length ? this.st.sessionsByIds.all(JSON.stringify(ids)).map(toSession) : [];
  }
  async listSessions(query: SessionQuery): Promise<{ items: SessionRow[]; total: number }> {
    return this.sessions.listSessions(query);
  }
  /** Null when the session is not active; an active one already past its expiry is expired instead. */
  async touchSession(id: string, now: number, idleExpiresAt: number): Promise<SessionRecord | null> {
    return this.sessions.touchSession(id, now, idleExpiresAt);
  }
  async rotateRefreshToken(input: RotateRefreshInput): Promise<RotateRefreshOutcome> {
    return this.rotate(input);
  }
  async revokeSession(id: string, reason: string, now: number, pruneAfter: number): Promise<SessionRecord | null> {
    return this.sessions.revokeSession(id, reason, now, pruneAfter);
  }
  async revokeUserSessions(userId: string, reason: string, now: number, pruneAfter: number): Promise<SessionRecord[]> {
    return this.sessions.revokeUserSessions(userId, reason, now, pruneAfter);
  }
  async expireSessions(now: number): Promise<SessionRecord[]> {
    return this.st.expireSessions.all({ now }).map(toSession);
  }
  async getRefreshFamily(sessionId: string): Promise<RefreshTokenRecord[]> {
    return this.st.refreshFamily.all(sessionId).map(toRefresh);
  }
  async getRefreshToken(id: string): Promise<RefreshTokenRecord | null> {
    const row = this.st.refreshById.get(id);
    return row ? toRefresh(row) : null;
  }

  /** A console log line (see `relaxed`): a power cut may lose it, never a token's validity. */
  async recordIssuedToken(token: IssuedTokenRecord): Promise<void> {
    this.relaxedSt.insertIssued.run({ ...token });
  }
  async listIssuedTokens(sessionId: string): Promise<IssuedTokenRecord[]> {
    return this.st.issuedOfSession.all(sessionId).map(toIssued);
  }
  async getIssuedTokens(jtis: string[]): Promise<IssuedTokenRecord[]> {
    return jtis.length ? this.st.issuedByJtis.all(JSON.stringify(jtis)).map(toIssued) : [];
  }
  async countLiveTokensByKid(kid: string, now: number): Promise<{ tokens: number; sessions: number }> {
    const row = this.st.countLiveByKid.get(kid, now);
    return { tokens: row?.tokens ?? 0, sessions: row?.sessions ?? 0 };
  }
  /** Strictly before: a token expiring exactly at `before` is kept. */
  async pruneIssuedTokens(before: number): Promise<number> {
    return this.st.pruneIssued.run(before).changes;
  }

  async putDenylistEntry(entry: DenylistEntry): Promise<void> {
    this.st.putDenylistEntry.run({ ...entry });
  }
  async getDenylistEntry(kind: DenylistKind, subject: string): Promise<DenylistEntry | null> {
    const row = this.st.getDenylistEntry.get(kind, subject);
    return row ? toDenylistEntry(row) : null;
  }
  async deleteDenylistEntry(kind: DenylistKind, subject: string): Promise<boolean> {
    return this.st.deleteDenylistEntry.run(kind, subject).changes > 0;
  }
  async listDenylist(query: DenylistQuery = {}): Promise<DenylistEntry[]> {
    return this.denylist.list(query).map(toDenylistEntry);
  }
  async countDenylist(query: Omit<DenylistQuery, 'offset' | 'limit'> = {}): Promise<number> {
    return this.denylist.count(query);
  }
  async scanDenylist(
    now: number,
    visit: (kind: DenylistKind, subject: string, value: number, pruneAfter: number) => void,
  ): Promise<number> {
    return this.denylist.scan(now, visit);
  }
  async pruneDenylist(now: number): Promise<number> {
    return this.st.pruneDenylist.run(now).changes;
  }

  async reserveLoginAttempt(attempt: LoginAttempt): Promise<{ ok: true } | { ok: false; retryAfter: number }> {
    return this.attempts.reserve(attempt);
  }
  async loginAttemptsWait(attempt: Omit<LoginAttempt, 'id'>): Promise<number> {
    return this.attempts.wait(attempt);
  }

  async releaseLoginAttempt(id: string): Promise<void> {
    this.attempts.release(id);
  }
  async clearLoginAttempts(key: string): Promise<void> {
    this.attempts.clear(key);
  }
  async pruneLoginAttempts(before: number): Promise<number> {
    return this.attempts.prune(before);
  }

  async putKey(key: KeyRecord): Promise<void> {
    this.st.putKey.run({ ...key });
  }
  async listKeys(): Promise<KeyRecord[]> {
    return this.st.listKeys.all().map(toKey);
  }

  async appendAudit(entry: Omit<AuditRecord, 'id'>): Promise<AuditRecord> {
    const row = this.relaxedSt.insertAudit.get({ ...entry, detail: JSON.stringify(entry.detail) });
    if (!row) throw new Error('audit insert returned no row');
    return toAudit(row);
  }
  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return this.lists.listAudit(query).map(toAudit);
  }

  async pruneAudit(before: number): Promise<number> {
    return this.relaxedSt.pruneAudit.run(before).changes;
  }

  async putCheckRun(run: CheckRun, keep: CheckRunsKept): Promise<void> {
    this.checkRuns.put(run, keep);
  }
  async listCheckRuns(query: { target?: string; limit: number }): Promise<CheckRun[]> {
    return this.checkRuns.list(query);
  }
  async getCheckRun(id: string): Promise<CheckRun | null> {
    return this.checkRuns.get(id);
  }

  async getSettings(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const { key, value } of this.st.listSettings.all()) out[key] = JSON.parse(value);
    return out;
  }
  async putSetting(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`setting ${key}: value is not JSON-serialisable`);
    this.st.putSetting.run(key, json);
  }
  async claimSeeding(at: number): Promise<boolean> {
    return this.st.claimSeeding.run(at).changes === 1;
  }

  async putClient(client: ClientRecord): Promise<void> {
    this.st.putClient.run(clientParams(client));
  }
  async getClient(id: string): Promise<ClientRecord | null> {
    const row = this.st.clientById.get(id);
    return row ? toClient(row) : null;
  }
  async listClients(): Promise<ClientRecord[]> {
    return this.st.listClients.all().map(toClient);
  }
  async deleteClient(id: string): Promise<boolean> {
    return this.st.deleteClient.run(id).changes > 0;
  }
  async bumpClientTokenVersion(
    clientId: string,
    reason: string,
    now: number,
    pruneAfter: number,
  ): Promise<ClientRecord | null> {
    return this.versions.bumpClient(clientId, reason, now, pruneAfter);
  }
  async touchClient(clientId: string, now: number): Promise<void> {
    this.st.touchClient.run(now, clientId);
  }

  /** Refuses a hash already stored: a put never makes a redeemed code unused again. */
  /**
   * On the relaxed connection (see `relaxed`): a code lost to a power cut fails closed (the app's
   * token request is refused and the user signs in again). Its consumption is relaxed too, and
   * made durable by the redemption's own FULL commit (see `consumeCode`).
   */
  async putAuthorizationCode(code: AuthorizationCodeRecord): Promise<void> {
    this.relaxedSt.insertAuthorizationCode.run(authorizationCodeParams(code));
  }
  /** A used code keeps the time of its first redemption. */
  async consumeAuthorizationCode(codeHash: string, now: number): Promise<AuthorizationCodeRecord | null> {
    return this.consumeCode(codeHash, now);
  }
  async pruneAuthorizationCodes(before: number): Promise<number> {
    return this.st.pruneAuthorizationCodes.run(before).changes;
  }

  /** Replaces the session a hash names; the session must exist (foreign key). */
  /** Relaxed too: a single-sign-on cookie lost to a power cut only means signing in again. */
  async putBrowserSession(secretHash: string, sessionId: string, now: number): Promise<void> {
    this.relaxedSt.putBrowserSession.run(secretHash, sessionId, now);
  }
  async getBrowserSession(secretHash: string): Promise<string | null> {
    return this.st.browserSession.get(secretHash)?.session_id ?? null;
  }
  async deleteBrowserSession(secretHash: string): Promise<void> {
    this.st.deleteBrowserSession.run(secretHash);
  }
  async pruneBrowserSessions(): Promise<number> {
    return this.st.pruneBrowserSessions.run().changes;
  }

  /** The session must exist (foreign key). */
  async addSessionClient(sessionId: string, clientId: string, now: number): Promise<void> {
    this.st.addSessionClient.run(sessionId, clientId, now);
  }
  async listSessionClients(sessionId: string): Promise<SessionClientRecord[]> {
    return this.st.sessionClients.all(sessionId).map(toSessionClient);
  }
  async clientUsage(now: number): Promise<Map<string, ClientUsage>> {
    return this.deliveries.usage(now);
  }

  /*
   * Back-channel logout deliveries: created by the trigger of migration 6 with every end of an
   * active session (whichever statement makes it), so the methods here only claim, finish, list
   * and prune them.
   */
  async claimLogoutDeliveries(
    now: number,
    limit: number,
    leaseUntil: number,
    perClient?: ClaimPerClient,
  ): Promise<LogoutDeliveryRecord[]> {
    return this.deliveries.claim(now, limit, leaseUntil, perClient);
  }
  async finishLogoutAttempt(id: string, result: LogoutAttemptResult): Promise<LogoutDeliveryRecord | null> {
    return this.deliveries.finish(id, result);
  }
  async listLogoutDeliveries(sessionId: string): Promise<LogoutDeliveryRecord[]> {
    return this.deliveries.list(sessionId);
  }
  /** Strictly before; pending ones stay whatever their age. */
  async pruneLogoutDeliveries(before: number): Promise<number> {
    return this.deliveries.prune(before);
  }

  /**
   * Not on the Store interface: bulk insert for `npm run seed`, all or nothing in one transaction
   * (one commit instead of one per row is what makes 100,000 sessions take seconds). Rows are
   * written as given, any status, so that history can be laid down; a family's tokens must come
   * parent first.
   */
  importRecords(users: readonly UserRecord[], sessions: readonly ImportedSession[]): void {
    this.db
      .transaction(() => {
        for (const user of users) this.st.insertUser.run(userParams(user));
        for (const { session, family } of sessions) {
          this.st.insertSession.run({ ...session });
          for (const token of family) this.st.insertRefresh.run(refreshParams({ ...token, sessionId: session.id }));
        }
      })
      .immediate();
  }

  /** Not on the Store interface: SQLite's plans for what `listSessions(query)` runs (tests check them). */
  explainListSessions(query: SessionQuery): { count: string[]; page: string[]; walk: string[] } {
    return this.lists.explainSessions(query);
  }

  /** Not on the Store interface: the connection's durability settings, as SQLite reports them (diagnostics). */
  pragmas(): { journalMode: string; synchronous: number; foreignKeys: number } {
    return {
      journalMode: this.db.pragma('journal_mode', { simple: true }) as string,
      synchronous: this.db.pragma('synchronous', { simple: true }) as number,
      foreignKeys: this.db.pragma('foreign_keys', { simple: true }) as number,
    };
  }

  /** Not on the Store interface: `PRAGMA integrity_check`, `'ok'` when the file is sound. */
  integrityCheck(): string {
    const rows = this.db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('\n');
  }
  async close(): Promise<void> {
    if (!this.db.open) return;
    if (this.relaxed !== this.db) this.relaxed.close();
    // SQLite's advice for connections: refresh the planner's statistics where they are stale.
    this.db.pragma('optimize');
    this.db.close();
  }
}

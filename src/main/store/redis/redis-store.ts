import type { Redis } from 'ioredis';
import type { CheckRun } from '../../../shared/app-checks';
import { reportUnavailable } from '../fail-fast';
import {
  connectRedis,
  denylistField,
  parseDenylistEntry,
  quitRedis,
  scanDenylistEntries,
} from '@gatehouse/verifier/internal/redis';
import { claimsJson, wholeMs, withClientDefaults } from '../records';
import { redisUnavailable } from './unavailable';
import type {
  AuditQuery,
  AuditRecord,
  AuthorizationCodeRecord,
  CheckRunsKept,
  ClientRecord,
  ClientUsage,
  DenylistEntry,
  DenylistKind,
  DenylistQuery,
  IssuedTokenRecord,
  KeyRecord,
  LoginAttempt,
  LogoutAttemptResult,
  LogoutDeliveryRecord,
  ClaimPerClient,
  RefreshTokenRecord,
  RotateRefreshInput,
  RotateRefreshOutcome,
  SessionClientRecord,
  SessionQuery,
  SessionRecord,
  SessionRow,
  Store,
  UserPatch,
  UserRecord,
} from '../store';
import { listAuditFromStream, pruneAuditStream } from './audit-stream';
import { getCheckRun, listCheckRuns, putCheckRun } from './check-runs';
import {
  compareBy,
  decodeClient,
  decodeKey,
  encodeKey,
  toAuthorizationCode,
  toHash,
  toIssued,
  toLogoutDelivery,
  toRefresh,
  toSession,
  toUser,
  type Hash,
} from './codec';
import { DEFAULT_PREFIX, DEFAULT_RETENTION_S, keyLayout, TTL_BACKSTOP_S, type KeyLayout } from './keys';
import { defineScripts, type Flat, type RunScript } from './scripts';
import { listSessionsFromIndexes } from './session-list';

export interface RedisStoreOptions {
  /** Key prefix of the deployment (default `gatehouse:`). */
  prefix?: string;
  /** How long revoked/expired sessions stay listable before the sweep deletes them (default 24 h). */
  retentionS?: number;
  /** Audit entries kept in the capped stream (approximately; default 100 000). */
  auditCap?: number;
  /** Sessions deleted per sweep at most, so one script never blocks Redis for long. */
  purgeBatch?: number;
}

/** Version of the denylist indexes (`revc`, `revs`); older deployments are indexed once at open. */
const DENYLIST_LAYOUT = '2';
/** Entries per prune round trip: big enough to be quick, small enough not to block Redis. */
const BATCH = 10_000;
/** Browser sessions per prune round trip (each one reads its session's status); sessions per client-usage script. */
const PAGE = 1000;

/** Connects to `url` (redis://host:port[/db]) and checks that Redis answers. */
export async function openRedisStore(url: string, opts: RedisStoreOptions = {}): Promise<RedisStore> {
  const store = reportUnavailable(new RedisStore(await connectRedis(url), opts), redisUnavailable);
  await store.indexDenylist();
  return store;
}

/**
 * The Store for several instances. Every multi-key method is one Lua script (atomic in Redis);
 * single-key ones are plain commands. See src/main/store/redis/README.md for the key layout.
 */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;
  readonly keys: KeyLayout;
  private readonly run: RunScript;
  private readonly auditCap: number;
  private readonly purgeBatch: number;

  constructor(
    readonly redis: Redis,
    opts: RedisStoreOptions = {},
  ) {
    this.keys = keyLayout(opts.prefix ?? DEFAULT_PREFIX);
    this.run = defineScripts(redis, this.keys.prefix, opts.retentionS ?? DEFAULT_RETENTION_S, TTL_BACKSTOP_S);
    this.auditCap = opts.auditCap ?? 100_000;
    this.purgeBatch = opts.purgeBatch ?? 1000;
  }

  async createUser(user: UserRecord): Promise<void> {
    // claims default to none, as for users stored before them
    const claims = claimsJson((user.claims as UserRecord['claims'] | undefined) ?? {});
    await this.run('ghCreateUser', JSON.stringify({ ...user, roles: JSON.stringify(user.roles), claims }));
  }
  async getUserById(id: string): Promise<UserRecord | null> {
    const h = await this.redis.hgetall(this.keys.user(id));
    return h.id === undefined ? null : toUser(h);
  }
  async getUserByUsername(username: string): Promise<UserRecord | null> {
    const id = await this.redis.hget(this.keys.usernames, username);
    return id === null ? null : this.getUserById(id);
  }
  async listUsers(): Promise<UserRecord[]> {
    const ids = await this.redis.smembers(this.keys.users);
    const users = (await this.readAll(ids.map((id) => this.keys.user(id)))).map(toUser);
    return users.sort(
      compareBy(
        (u) => u.createdAt,
        (u) => u.username,
      ),
    );
  }
  async bumpTokenVersion(userId: string, reason: string, now: number, pruneAfter: number): Promise<UserRecord | null> {
    const flat = await this.run('ghBumpTokenVersion', userId, reason, now, pruneAfter);
    return flat ? toUser(toHash(flat)) : null;
  }
  /** The same script as `bumpTokenVersion`, with the claims to write in the same step. */
  async setUserClaims(
    userId: string,
    claims: Record<string, unknown>,
    reason: string,
    now: number,
    pruneAfter: number,
  ): Promise<UserRecord | null> {
    const flat = await this.run('ghBumpTokenVersion', userId, reason, now, pruneAfter, claimsJson(claims));
    return flat ? toUser(toHash(flat)) : null;
  }

  async updateUser(userId: string, patch: UserPatch): Promise<UserRecord | null> {
    const fields = { ...patch, ...(patch.roles ? { roles: JSON.stringify(patch.roles) } : {}) };
    const flat = await this.run('ghUpdateUser', userId, JSON.stringify(fields));
    return flat ? toUser(toHash(flat)) : null;
  }

  /**
   * One script: the user, every session of theirs as the sweep purges one, their issued-token
   * records and browser sessions, the username. Their logout deliveries and denylist entries stay.
   */
  async deleteUser(userId: string): Promise<boolean> {
    return (await this.run('ghDeleteUser', userId)) === 1;
  }

  async createSession(session: SessionRecord, firstToken: RefreshTokenRecord | null): Promise<void> {
    await this.run('ghCreateSession', JSON.stringify(session), JSON.stringify(firstToken));
  }
  async startRefreshFamily(root: RefreshTokenRecord, now: number): Promise<SessionRecord | null> {
    return this.sessionOrNull(await this.run('ghStartFamily', JSON.stringify(root), now));
  }
  async getSession(id: string): Promise<SessionRecord | null> {
    const h = await this.redis.hgetall(this.keys.session(id));
    return h.id === undefined ? null : toSession(h);
  }
  async getSessions(ids: string[]): Promise<SessionRecord[]> {
    return (await this.readAll([...new Set(ids)].map((id) => this.keys.session(id)))).map(toSession);
  }
  async listSessions(query: SessionQuery): Promise<{ items: SessionRow[]; total: number }> {
    return listSessionsFromIndexes(this.redis, this.keys, this.run, query);
  }
  async touchSession(id: string, now: number, idleExpiresAt: number): Promise<SessionRecord | null> {
    return this.sessionOrNull(await this.run('ghTouchSession', id, now, idleExpiresAt));
  }
  async rotateRefreshToken(input: RotateRefreshInput): Promise<RotateRefreshOutcome> {
    const [kind, detail, user, token] = await this.run(
      'ghRotateRefresh',
      input.tokenId,
      input.secretHash,
      input.now,
      JSON.stringify(input.next),
      input.idleExpiresAt,
      input.reuseReason,
      input.reusePruneAfter,
      input.graceSeconds,
      JSON.stringify(input.clientId ?? null),
    );
    if (kind === 'rotated')
      return {
        kind,
        session: toSession(toHash(detail as Flat)),
        user: user?.length ? toUser(toHash(user)) : null,
        token: toRefresh(toHash(token ?? [])),
      };
    if (kind === 'reused') return { kind, session: toSession(toHash(detail as Flat)) };
    return { kind: 'invalid', reason: detail as Extract<RotateRefreshOutcome, { kind: 'invalid' }>['reason'] };
  }
  async revokeSession(id: string, reason: string, now: number, pruneAfter: number): Promise<SessionRecord | null> {
    return this.sessionOrNull(await this.run('ghRevokeSession', id, reason, now, pruneAfter));
  }
  async revokeUserSessions(userId: string, reason: string, now: number, pruneAfter: number): Promise<SessionRecord[]> {
    return (await this.run('ghRevokeUserSessions', userId, reason, now, pruneAfter)).map((f) => toSession(toHash(f)));
  }
  /** Also the sweep: deletes (a batch of) sessions whose retention ended, with their families. */
  async expireSessions(now: number): Promise<SessionRecord[]> {
    return (await this.run('ghExpireAndPurge', now, this.purgeBatch)).map((f) => toSession(toHash(f)));
  }
  async getRefreshFamily(sessionId: string): Promise<RefreshTokenRecord[]> {
    const ids = await this.redis.lrange(this.keys.family(sessionId), 0, -1);
    return (await this.readAll(ids.map((id) => this.keys.refreshToken(id)))).map(toRefresh);
  }
  async getRefreshToken(id: string): Promise<RefreshTokenRecord | null> {
    const h = await this.redis.hgetall(this.keys.refreshToken(id));
    return h.id === undefined ? null : toRefresh(h);
  }

  async recordIssuedToken(token: IssuedTokenRecord): Promise<void> {
    await this.run('ghRecordIssued', JSON.stringify(token));
  }
  async listIssuedTokens(sessionId: string): Promise<IssuedTokenRecord[]> {
    const jtis = await this.redis.lrange(this.keys.issuedOfSession(sessionId), 0, -1);
    // a stable sort keeps insertion order among equal times, like SQLite's rowid tie-break
    return (await this.readAll(jtis.map((jti) => this.keys.issued(jti))))
      .map(toIssued)
      .sort((a, b) => a.issuedAt - b.issuedAt);
  }
  async getIssuedTokens(jtis: string[]): Promise<IssuedTokenRecord[]> {
    return (await this.readAll([...new Set(jtis)].map((jti) => this.keys.issued(jti)))).map(toIssued);
  }
  async pruneIssuedTokens(before: number): Promise<number> {
    return this.run('ghPruneIssued', before);
  }
  async countLiveTokensByKid(kid: string, now: number): Promise<{ tokens: number; sessions: number }> {
    const [tokens, sessions] = await this.run('ghCountLiveByKid', kid, now);
    return { tokens, sessions };
  }

  async putDenylistEntry(entry: DenylistEntry): Promise<void> {
    await this.run('ghPutDenylistEntry', JSON.stringify(entry));
  }
  async getDenylistEntry(kind: DenylistKind, subject: string): Promise<DenylistEntry | null> {
    const json = await this.redis.hget(this.keys.denylist, denylistField(kind, subject));
    return json === null ? null : parseDenylistEntry(json);
  }
  async deleteDenylistEntry(kind: DenylistKind, subject: string): Promise<boolean> {
    return (await this.run('ghDeleteDenylistEntry', kind, subject)) > 0;
  }
  async listDenylist(query: DenylistQuery = {}): Promise<DenylistEntry[]> {
    const [, entries] = await this.run('ghListDenylist', JSON.stringify({ ...query, limit: query.limit ?? -1 }));
    return entries.map(parseDenylistEntry);
  }
  async countDenylist(query: Omit<DenylistQuery, 'offset' | 'limit'> = {}): Promise<number> {
    const [total] = await this.run('ghListDenylist', JSON.stringify({ ...query, limit: 0 }));
    return total;
  }
  async scanDenylist(
    now: number,
    visit: (kind: DenylistKind, subject: string, value: number, pruneAfter: number) => void,
  ): Promise<number> {
    return scanDenylistEntries(this.redis, this.keys, now, visit);
  }
  async pruneDenylist(now: number): Promise<number> {
    let total = 0;
    for (let n = BATCH; n === BATCH; total += n) n = await this.run('ghPruneDenylist', now, BATCH);
    return total;
  }
  /** Indexes a deployment's entries written before the denylist had its list indexes (once). */
  async indexDenylist(): Promise<void> {
    await this.run('ghIndexDenylist', DENYLIST_LAYOUT);
  }

  async reserveLoginAttempt(attempt: LoginAttempt): Promise<{ ok: true } | { ok: false; retryAfter: number }> {
    const [ok, retryAfter] = await this.run('ghReserveLoginAttempt', JSON.stringify(attempt));
    return ok === 1 ? { ok: true } : { ok: false, retryAfter: retryAfter ?? attempt.window };
  }
  async loginAttemptsWait(attempt: Omit<LoginAttempt, 'id'>): Promise<number> {
    const pipe = this.redis.pipeline();
    for (const { key } of attempt.keys)
      pipe.zrangebyscore(this.keys.loginAttempts(key), `(${attempt.now - attempt.window}`, '+inf', 'WITHSCORES');
    const replies = (await pipe.exec()) ?? [];
    let wait = 0;
    attempt.keys.forEach(({ limit }, i) => {
      const [err, flat] = replies[i] ?? [null, []];
      if (err) throw err;
      const times = flat as string[];
      const n = times.length / 2;
      if (n >= limit) wait = Math.max(wait, Number(times[(n - limit) * 2 + 1]) + attempt.window - attempt.now);
    });
    return wait;
  }

  async releaseLoginAttempt(id: string, keys: string[]): Promise<void> {
    const pipe = this.redis.pipeline();
    for (const key of keys) pipe.zrem(this.keys.loginAttempts(key), id);
    await pipe.exec();
  }
  async clearLoginAttempts(key: string): Promise<void> {
    await this.redis.del(this.keys.loginAttempts(key));
  }
  /** Each key's attempts expire with it (a TTL of the window). */
  async pruneLoginAttempts(): Promise<number> {
    return 0;
  }

  async putKey(key: KeyRecord): Promise<void> {
    await this.redis.hset(this.keys.keys, key.kid, encodeKey(key));
  }
  async listKeys(): Promise<KeyRecord[]> {
    return (await this.redis.hvals(this.keys.keys)).map(decodeKey).sort(
      compareBy(
        (k) => k.createdAt,
        (k) => k.kid,
      ),
    );
  }

  async appendAudit(entry: Omit<AuditRecord, 'id'>): Promise<AuditRecord> {
    const id = await this.run(
      'ghAppendAudit',
      JSON.stringify({ ...entry, detail: JSON.stringify(entry.detail) }),
      this.auditCap,
    );
    return { id, ...entry };
  }
  async listAudit(query: AuditQuery): Promise<AuditRecord[]> {
    return listAuditFromStream(this.redis, this.keys.audit, query);
  }

  async pruneAudit(before: number): Promise<number> {
    return pruneAuditStream(this.redis, this.keys.audit, before);
  }

  putCheckRun(run: CheckRun, keep: CheckRunsKept): Promise<void> {
    return putCheckRun(this.redis, this.keys, run, keep);
  }
  listCheckRuns(query: { target?: string; limit: number }): Promise<CheckRun[]> {
    return listCheckRuns(this.redis, this.keys, query);
  }
  getCheckRun(id: string): Promise<CheckRun | null> {
    return getCheckRun(this.redis, this.keys, id);
  }

  async getSettings(): Promise<Record<string, unknown>> {
    const all = await this.redis.hgetall(this.keys.settings);
    return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, JSON.parse(v) as unknown]));
  }
  async putSetting(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`setting ${key}: value is not JSON-serialisable`);
    await this.redis.hset(this.keys.settings, key, json);
  }
  async claimSeeding(at: number): Promise<boolean> {
    return (await this.redis.set(this.keys.seeded, String(at), 'NX')) === 'OK';
  }

  async putClient(client: ClientRecord): Promise<void> {
    // every field written, so scripts that rewrite the record keep them all
    await this.redis.hset(this.keys.clients, client.id, JSON.stringify(withClientDefaults(client)));
  }
  async getClient(id: string): Promise<ClientRecord | null> {
    const json = await this.redis.hget(this.keys.clients, id);
    return json === null ? null : decodeClient(json);
  }
  async listClients(): Promise<ClientRecord[]> {
    return (await this.redis.hvals(this.keys.clients)).map(decodeClient).sort(
      compareBy(
        (c) => c.createdAt,
        (c) => c.id,
      ),
    );
  }
  async deleteClient(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.clients, id)) > 0;
  }
  async bumpClientTokenVersion(
    clientId: string,
    reason: string,
    now: number,
    pruneAfter: number,
  ): Promise<ClientRecord | null> {
    const json = await this.run('ghBumpClientTokenVersion', clientId, reason, now, pruneAfter);
    return json === null ? null : decodeClient(json);
  }
  async touchClient(clientId: string, now: number): Promise<void> {
    await this.run('ghTouchClient', clientId, now);
  }

  async putAuthorizationCode(code: AuthorizationCodeRecord): Promise<void> {
    await this.run('ghPutAuthorizationCode', JSON.stringify(code));
  }
  async consumeAuthorizationCode(codeHash: string, now: number): Promise<AuthorizationCodeRecord | null> {
    const flat = await this.run('ghConsumeAuthorizationCode', codeHash, now);
    return flat ? toAuthorizationCode(toHash(flat)) : null;
  }
  async pruneAuthorizationCodes(before: number): Promise<number> {
    let deleted = 0;
    for (let handled = BATCH; handled === BATCH;) {
      const [n, d] = await this.run('ghPruneAuthorizationCodes', before, BATCH);
      handled = n;
      deleted += d;
    }
    return deleted;
  }

  async putBrowserSession(secretHash: string, sessionId: string, now: number): Promise<void> {
    await this.run('ghPutBrowserSession', secretHash, sessionId, now);
  }
  async getBrowserSession(secretHash: string): Promise<string | null> {
    return this.redis.hget(this.keys.browserSession(secretHash), 'sessionId');
  }
  async deleteBrowserSession(secretHash: string): Promise<void> {
    await this.run('ghDeleteBrowserSession', secretHash);
  }
  /** Walks the index of browser sessions a page at a time (SSCAN), each page checked and pruned by one script. */
  async pruneBrowserSessions(): Promise<number> {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, page] = await this.redis.sscan(this.keys.browserSessions, cursor, 'COUNT', PAGE);
      cursor = next;
      if (page.length) deleted += await this.run('ghPruneBrowserSessions', ...page);
    } while (cursor !== '0');
    return deleted;
  }

  async addSessionClient(sessionId: string, clientId: string, now: number): Promise<void> {
    await this.run('ghAddSessionClient', sessionId, clientId, now);
  }
  /** Oldest first; Redis orders equal times by member, the client id. */
  async listSessionClients(sessionId: string): Promise<SessionClientRecord[]> {
    const flat = await this.redis.zrange(this.keys.sessionClients(sessionId), 0, -1, 'WITHSCORES');
    const out: SessionClientRecord[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2)
      out.push({ sessionId, clientId: flat[i]!, firstAt: Number(flat[i + 1]) });
    return out;
  }

  /**
   * Walks the active sessions (the `sx:idleExpiresAt:active` index past now), a page of PAGE per
   * script, each reading the page's sessions, client lists and families; the pages are added up
   * here. Linear in the live sessions and their tokens, and not one snapshot: a console figure.
   */
  async clientUsage(now: number): Promise<Map<string, ClientUsage>> {
    const ids = await this.redis.zrangebyscore(this.keys.sessionIndex('idleExpiresAt', 'active'), `(${now}`, '+inf');
    const usage = new Map<string, ClientUsage>();
    for (let i = 0; i < ids.length; i += PAGE) {
      const flat = await this.run('ghClientUsagePage', now, ...ids.slice(i, i + PAGE));
      for (let j = 0; j + 2 < flat.length; j += 3) {
        const clientId = String(flat[j]);
        const u = usage.get(clientId) ?? { activeSessions: 0, liveRefreshTokens: 0 };
        u.activeSessions += Number(flat[j + 1]);
        u.liveRefreshTokens += Number(flat[j + 2]);
        usage.set(clientId, u);
      }
    }
    return usage;
  }

  /* Back-channel logout deliveries: created by lua-lib's setStatus with every end of a session. */
  async claimLogoutDeliveries(
    now: number,
    limit: number,
    leaseUntil: number,
    perClient?: ClaimPerClient,
  ): Promise<LogoutDeliveryRecord[]> {
    if (!(limit > 0)) return [];
    const share = perClient ? [perClient.max, JSON.stringify(Object.fromEntries(perClient.held))] : [];
    const claimed = await this.run('ghClaimLogoutDeliveries', now, Math.floor(limit), leaseUntil, ...share);
    return claimed.map((f) => toLogoutDelivery(toHash(f)));
  }
  async finishLogoutAttempt(id: string, result: LogoutAttemptResult): Promise<LogoutDeliveryRecord | null> {
    const flat = await this.run(
      'ghFinishLogoutAttempt',
      id,
      JSON.stringify({ ...result, latencyMs: wholeMs(result.latencyMs) }),
    );
    return flat ? toLogoutDelivery(toHash(flat)) : null;
  }
  /** Oldest first, then by client id (a session's deliveries share their creation time). */
  async listLogoutDeliveries(sessionId: string): Promise<LogoutDeliveryRecord[]> {
    const ids = await this.redis.hvals(this.keys.logoutDeliveriesOfSession(sessionId));
    return (await this.readAll(ids.map((id) => this.keys.logoutDelivery(id)))).map(toLogoutDelivery).sort(
      compareBy(
        (d) => d.createdAt,
        (d) => d.clientId,
      ),
    );
  }
  async pruneLogoutDeliveries(before: number): Promise<number> {
    let deleted = 0;
    for (let handled = BATCH; handled === BATCH;) {
      const [n, d] = await this.run('ghPruneLogoutDeliveries', before, BATCH);
      handled = n;
      deleted += d;
    }
    return deleted;
  }

  async close(): Promise<void> {
    await quitRedis(this.redis);
  }

  private sessionOrNull(flat: Flat | null): SessionRecord | null {
    return flat ? toSession(toHash(flat)) : null;
  }

  /** HGETALL of each key in one round trip; keys already gone are skipped. */
  private async readAll(keys: string[]): Promise<Hash[]> {
    if (!keys.length) return [];
    const pipe = this.redis.pipeline();
    for (const key of keys) pipe.hgetall(key);
    return ((await pipe.exec()) ?? []).flatMap(([err, h]) => {
      if (err) throw err;
      return Object.keys(h as Hash).length ? [h as Hash] : [];
    });
  }
}

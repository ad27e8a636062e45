import type Database from 'better-sqlite3';
import type {
  AuditDbRow,
  AuthorizationCodeDbRow,
  ClientDbRow,
  IssuedDbRow,
  KeyDbRow,
  RefreshDbRow,
  DenylistDbRow,
  LogoutDeliveryDbRow,
  SessionClientDbRow,
  SessionDbRow,
  UserDbRow,
} from './rows';

/** Named parameters are bound straight from the camelCase Store records (extra keys are ignored). */
type Params = Record<string, unknown>;

const SESSION_COLUMNS = `id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at,
  ip, user_agent, device, status, revoked_at, revoked_reason`;

/**
 * The part of a prepared statement the adapter uses. better-sqlite3's own Statement type lives in
 * an unexported namespace, which the declaration emit of this composite project cannot name.
 */
export interface Stmt<P extends unknown[], R> {
  run(...params: P): Database.RunResult;
  get(...params: P): R | undefined;
  all(...params: P): R[];
}

/** A session's activity: last seen at `now`, idle expiry moved (never past the absolute one). */
export interface Bump {
  id: string;
  now: number;
  idleExpiresAt: number;
}

/** Every fixed statement of the adapter, prepared once when the store opens. */
export function prepareStatements(db: Database.Database) {
  const one = <R = unknown>(sql: string): Stmt<[Params], R> => db.prepare<Params, R>(sql);
  const named = <P extends object, R = unknown>(sql: string): Stmt<[P], R> => db.prepare<P, R>(sql);
  const pos = <P extends unknown[], R = unknown>(sql: string): Stmt<P, R> => db.prepare<P, R>(sql);
  return {
    insertUser: one(`INSERT INTO users (id, username, password_hash, token_version, roles, claims, disabled, created_at)
      VALUES (@id, @username, @passwordHash, @tokenVersion, @roles, @claims, @disabled, @createdAt)`),
    // a field left null keeps its value
    updateUser: named<
      { id: string; passwordHash: string | null; roles: string | null; disabled: number | null },
      UserDbRow
    >(
      `UPDATE users SET password_hash = coalesce(@passwordHash, password_hash), roles = coalesce(@roles, roles),
        disabled = coalesce(@disabled, disabled) WHERE id = @id RETURNING *`,
    ),
    userById: pos<[string], UserDbRow>('SELECT * FROM users WHERE id = ?'),
    userByUsername: pos<[string], UserDbRow>('SELECT * FROM users WHERE username = ?'),
    listUsers: pos<[], UserDbRow>('SELECT * FROM users ORDER BY created_at, username'),
    bumpTokenVersion: pos<[string], UserDbRow>(
      'UPDATE users SET token_version = token_version + 1 WHERE id = ? RETURNING *',
    ),
    setUserClaims: pos<[string, string]>('UPDATE users SET claims = ? WHERE id = ?'),

    insertSession: one(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (@id, @userId, @createdAt,
      @lastSeenAt, @idleExpiresAt, @absoluteExpiresAt, @ip, @userAgent, @device, @status, @revokedAt, @revokedReason)`),
    sessionById: pos<[string], SessionDbRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`),
    /** The ids as one JSON array: one statement, prepared once, for any number of them. */
    sessionsByIds: pos<[string], SessionDbRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id IN (SELECT value FROM json_each(?))`,
    ),
    touchSession: named<Bump, SessionDbRow>(`UPDATE sessions
      SET last_seen_at = @now, idle_expires_at = min(@idleExpiresAt, absolute_expires_at)
      WHERE id = @id AND status = 'active' RETURNING ${SESSION_COLUMNS}`),
    /** Only an active session changes state: a revoked one keeps its first reason and time. */
    revokeSession: named<{ id: string; reason: string; now: number }, SessionDbRow>(`UPDATE sessions
      SET status = 'revoked', revoked_at = @now, revoked_reason = @reason, ended_at = @now
      WHERE id = @id AND status = 'active' RETURNING ${SESSION_COLUMNS}`),
    activeSessionIdsOfUser: pos<[string], { id: string }>(
      `SELECT id FROM sessions WHERE user_id = ? AND status = 'active' ORDER BY created_at, id`,
    ),
    /**
     * Every statement that ends a session sets `ended_at` (the call's now): the trigger of migration
     * 6 creates the session's back-channel logout deliveries from it.
     */
    expireSession: named<{ id: string; now: number }, SessionDbRow>(`UPDATE sessions
      SET status = 'expired', ended_at = @now
      WHERE id = @id AND status = 'active' RETURNING ${SESSION_COLUMNS}`),
    /** `<=`: a session whose expiry equals `now` is already over (same rule as refresh tokens). */
    expireSessions: named<{ now: number }, SessionDbRow>(`UPDATE sessions SET status = 'expired', ended_at = @now
      WHERE status = 'active' AND (idle_expires_at <= @now OR absolute_expires_at <= @now)
      RETURNING ${SESSION_COLUMNS}`),

    insertRefresh: one(`INSERT INTO refresh_tokens (id, session_id, secret_hash, parent_id, created_at,
      expires_at, used_at, status, client_id, scope, claims) VALUES (@id, @sessionId, @secretHash, @parentId,
      @createdAt, @expiresAt, @usedAt, @status, @clientId, @scope, @claims)`),
    refreshById: pos<[string], RefreshDbRow>('SELECT * FROM refresh_tokens WHERE id = ?'),
    /** The still unused replacement of a rotated token, if any. */
    liveChild: pos<[string], RefreshDbRow>("SELECT * FROM refresh_tokens WHERE parent_id = ? AND status = 'active'"),
    markRotated: pos<[number, string]>(`UPDATE refresh_tokens SET status = 'rotated', used_at = ?
      WHERE id = ? AND status = 'active'`),
    /** Rotated tokens keep their status: the family chain still shows which ones were used. */
    revokeLiveRefresh: pos<[string]>(`UPDATE refresh_tokens SET status = 'revoked'
      WHERE session_id = ? AND status = 'active'`),
    refreshFamily: pos<[string], RefreshDbRow>(
      'SELECT * FROM refresh_tokens WHERE session_id = ? ORDER BY created_at, rowid',
    ),
    bumpSession: named<Bump, SessionDbRow>(`UPDATE sessions
      SET last_seen_at = @now, idle_expires_at = min(@idleExpiresAt, absolute_expires_at)
      WHERE id = @id RETURNING ${SESSION_COLUMNS}`),

    insertIssued: one(`INSERT INTO issued_tokens (jti, session_id, kid, issued_at, expires_at)
      VALUES (@jti, @sessionId, @kid, @issuedAt, @expiresAt)`),
    issuedOfSession: pos<[string], IssuedDbRow>(
      'SELECT * FROM issued_tokens WHERE session_id = ? ORDER BY issued_at, rowid',
    ),
    issuedByJtis: pos<[string], IssuedDbRow>(
      'SELECT * FROM issued_tokens WHERE jti IN (SELECT value FROM json_each(?))',
    ),
    countLiveByKid: pos<[string, number], { tokens: number; sessions: number }>(`SELECT count(*) AS tokens,
      count(DISTINCT session_id) AS sessions FROM issued_tokens WHERE kid = ? AND expires_at > ?`),
    pruneIssued: pos<[number]>('DELETE FROM issued_tokens WHERE expires_at < ?'),

    putDenylistEntry: one(`INSERT OR REPLACE INTO denylist (kind, subject, value, reason, created_at, prune_after)
      VALUES (@kind, @subject, @value, @reason, @createdAt, @pruneAfter)`),
    getDenylistEntry: pos<[string, string], DenylistDbRow>('SELECT * FROM denylist WHERE kind = ? AND subject = ?'),
    deleteDenylistEntry: pos<[string, string]>('DELETE FROM denylist WHERE kind = ? AND subject = ?'),
    pruneDenylist: pos<[number]>('DELETE FROM denylist WHERE prune_after <= ?'),

    pruneAudit: pos<[number]>('DELETE FROM audit WHERE at < ?'),

    putKey: one(`INSERT OR REPLACE INTO signing_keys (kid, alg, state, created_at, activates_at, activated_at,
      retiring_at, retired_at, revoked_at, public_jwk, sealed_private_key) VALUES (@kid, @alg, @state, @createdAt,
      @activatesAt, @activatedAt, @retiringAt, @retiredAt, @revokedAt, @publicJwk, @sealedPrivateKey)`),
    listKeys: pos<[], KeyDbRow>('SELECT * FROM signing_keys ORDER BY created_at, kid'),

    insertAudit: one<AuditDbRow>(`INSERT INTO audit (at, type, actor, subject, detail)
      VALUES (@at, @type, @actor, @subject, @detail) RETURNING *`),

    listSettings: pos<[], { key: string; value: string }>('SELECT key, value FROM settings'),
    putSetting: pos<[string, string]>('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)'),
    claimSeeding: pos<[number]>('INSERT INTO deployment_seeded (id, at) VALUES (1, ?) ON CONFLICT DO NOTHING'),

    putClient: one(`INSERT OR REPLACE INTO clients (id, name, type, secret_hash, redirect_uris,
      post_logout_redirect_uris, grant_types, token_endpoint_auth_method, backchannel_logout_uri, audience, scopes,
      require_pkce, response_types, id_token_signed_response_alg, id_token_claims,
      enabled, token_version, created_at, updated_at, last_used_at) VALUES (@id, @name, @type, @secretHash,
      @redirectUris, @postLogoutRedirectUris, @grantTypes, @tokenEndpointAuthMethod, @backchannelLogoutUri, @audience,
      @scopes, @requirePkce, @responseTypes, @idTokenSignedResponseAlg, @idTokenClaims, @enabled, @tokenVersion, @createdAt, @updatedAt,
      @lastUsedAt)`),
    clientById: pos<[string], ClientDbRow>('SELECT * FROM clients WHERE id = ?'),
    listClients: pos<[], ClientDbRow>('SELECT * FROM clients ORDER BY created_at, id'),
    deleteClient: pos<[string]>('DELETE FROM clients WHERE id = ?'),
    bumpClientTokenVersion: pos<[string], ClientDbRow>(
      'UPDATE clients SET token_version = token_version + 1 WHERE id = ? RETURNING *',
    ),
    touchClient: pos<[number, string]>('UPDATE clients SET last_used_at = ? WHERE id = ?'),

    insertAuthorizationCode: one(`INSERT INTO authorization_codes (code_hash, client_id, session_id, user_id,
      redirect_uri, code_challenge, scope, nonce, claims, auth_time, created_at, expires_at, used_at) VALUES (@codeHash,
      @clientId, @sessionId, @userId, @redirectUri, @codeChallenge, @scope, @nonce, @claims, @authTime, @createdAt,
      @expiresAt, @usedAt)`),
    authorizationCode: pos<[string], AuthorizationCodeDbRow>('SELECT * FROM authorization_codes WHERE code_hash = ?'),
    markCodeUsed: pos<[number, string]>(
      'UPDATE authorization_codes SET used_at = ? WHERE code_hash = ? AND used_at IS NULL',
    ),
    /** Strictly before, like the issued-token log: a code expiring exactly at `before` is kept. */
    pruneAuthorizationCodes: pos<[number]>('DELETE FROM authorization_codes WHERE expires_at < ?'),

    putBrowserSession: pos<[string, string, number]>(
      'INSERT OR REPLACE INTO browser_sessions (secret_hash, session_id, created_at) VALUES (?, ?, ?)',
    ),
    browserSession: pos<[string], { session_id: string }>(
      'SELECT session_id FROM browser_sessions WHERE secret_hash = ?',
    ),
    deleteBrowserSession: pos<[string]>('DELETE FROM browser_sessions WHERE secret_hash = ?'),
    /** Walks the live cookies (few) and looks each session up by its key, never the sessions' history. */
    pruneBrowserSessions: pos<[]>(`DELETE FROM browser_sessions WHERE NOT EXISTS
      (SELECT 1 FROM sessions s WHERE s.id = browser_sessions.session_id AND s.status = 'active')`),

    addSessionClient: pos<[string, string, number]>(
      'INSERT OR IGNORE INTO session_clients (session_id, client_id, first_at) VALUES (?, ?, ?)',
    ),
    sessionClients: pos<[string], SessionClientDbRow>(
      'SELECT * FROM session_clients WHERE session_id = ? ORDER BY first_at, client_id',
    ),

    /*
     * A session is live at `now` while active and before both expiries. The client usage walks the
     * live sessions (sessions_status_idle), then each one's clients (primary key) or tokens
     * (refresh_tokens_session): never the history of ended sessions.
     */
    activeSessionsByClient: named<{ now: number }, { client_id: string; n: number }>(`SELECT sc.client_id,
      count(*) AS n FROM sessions s JOIN session_clients sc ON sc.session_id = s.id
      WHERE s.status = 'active' AND s.idle_expires_at > @now AND s.absolute_expires_at > @now
      GROUP BY sc.client_id`),
    liveRefreshByClient: named<{ now: number }, { client_id: string; n: number }>(`SELECT rt.client_id,
      count(*) AS n FROM sessions s JOIN refresh_tokens rt ON rt.session_id = s.id AND rt.status = 'active'
      WHERE s.status = 'active' AND s.idle_expires_at > @now AND s.absolute_expires_at > @now
        AND rt.client_id IS NOT NULL AND rt.expires_at > @now
      GROUP BY rt.client_id`),

    /** Created only by the trigger of migration 6; due ones soonest first, the id breaking ties. */
    dueLogoutDeliveries: named<{ now: number; limit: number }, LogoutDeliveryDbRow>(`SELECT * FROM logout_deliveries
      WHERE status = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at, id LIMIT @limit`),
    /** The same with each client's share: its soonest `max` less what the claimer holds (`held`: JSON object). */
    dueLogoutDeliveriesPerClient: named<{ now: number; limit: number; max: number; held: string }, LogoutDeliveryDbRow>(
      `SELECT d.* FROM logout_deliveries d JOIN (
        SELECT id, ROW_NUMBER() OVER (PARTITION BY client_id ORDER BY next_attempt_at, id) AS place
        FROM logout_deliveries WHERE status = 'pending' AND next_attempt_at <= @now
      ) due ON due.id = d.id
      LEFT JOIN json_each(@held) h ON h.key = d.client_id
      WHERE due.place <= @max - COALESCE(h.value, 0)
      ORDER BY d.next_attempt_at, d.id LIMIT @limit`,
    ),
    leaseLogoutDelivery: pos<[number, number]>('UPDATE logout_deliveries SET next_attempt_at = ? WHERE id = ?'),
    finishLogoutAttempt: named<
      {
        id: number;
        status: string;
        nextAttemptAt: number;
        lastAttemptAt: number;
        lastError: string | null;
        latencyMs: number | null;
        deliveredAt: number | null;
      },
      LogoutDeliveryDbRow
    >(`UPDATE logout_deliveries SET status = @status, attempts = attempts + 1, next_attempt_at = @nextAttemptAt,
      last_attempt_at = @lastAttemptAt, last_error = @lastError, latency_ms = @latencyMs, delivered_at = @deliveredAt
      WHERE id = @id RETURNING *`),
    logoutDeliveriesOfSession: pos<[string], LogoutDeliveryDbRow>(
      'SELECT * FROM logout_deliveries WHERE session_id = ? ORDER BY created_at, client_id',
    ),
    /** Strictly before; `<> 'pending'` is the partial index's own condition, so the prune uses it. */
    pruneLogoutDeliveries: pos<[number]>("DELETE FROM logout_deliveries WHERE status <> 'pending' AND created_at < ?"),

    /*
     * deleteUser, children before parents (foreign keys): what hangs off the user's sessions, the
     * sessions, the user. Each reaches the sessions through sessions_user_status and the rows
     * through their table's session index. A family's tokens go in one statement, so their
     * parent_id references are whole again when it ends (immediate keys are checked per statement).
     */
    deleteUserBrowserSessions: pos<[string]>(
      'DELETE FROM browser_sessions WHERE session_id IN (SELECT id FROM sessions WHERE user_id = ?)',
    ),
    deleteUserSessionClients: pos<[string]>(
      'DELETE FROM session_clients WHERE session_id IN (SELECT id FROM sessions WHERE user_id = ?)',
    ),
    deleteUserIssued: pos<[string]>(
      'DELETE FROM issued_tokens WHERE session_id IN (SELECT id FROM sessions WHERE user_id = ?)',
    ),
    deleteUserRefresh: pos<[string]>(
      'DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE user_id = ?)',
    ),
    deleteUserSessions: pos<[string]>('DELETE FROM sessions WHERE user_id = ?'),
    deleteUser: pos<[string]>('DELETE FROM users WHERE id = ?'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

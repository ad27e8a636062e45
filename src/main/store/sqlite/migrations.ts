import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Numbered, immutable migrations. Never edit one that has shipped: append a new one. Each applied
 * migration is recorded with the sha256 of its SQL, and a database whose record differs from the
 * code is refused, so two builds never silently disagree about the schema.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'init',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  token_version INTEGER NOT NULL,
  roles TEXT NOT NULL CHECK (json_valid(roles)),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  idle_expires_at INTEGER NOT NULL,
  absolute_expires_at INTEGER NOT NULL,
  ip TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  device TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'revoked', 'expired')),
  revoked_at INTEGER,
  revoked_reason TEXT
) STRICT;
-- The console sorts 100k sessions by any of these columns, usually filtered by status; the id
-- is the tie-breaker of every sort so offset paging is stable. The status-led ones also serve
-- the expiry sweep.
CREATE INDEX sessions_user_status ON sessions(user_id, status);
CREATE INDEX sessions_status_last_seen ON sessions(status, last_seen_at, id);
CREATE INDEX sessions_status_created ON sessions(status, created_at, id);
CREATE INDEX sessions_status_idle ON sessions(status, idle_expires_at, id);
CREATE INDEX sessions_status_absolute ON sessions(status, absolute_expires_at, id);
CREATE INDEX sessions_last_seen ON sessions(last_seen_at, id);
CREATE INDEX sessions_created ON sessions(created_at, id);
CREATE INDEX sessions_idle ON sessions(idle_expires_at, id);
CREATE INDEX sessions_absolute ON sessions(absolute_expires_at, id);

CREATE TABLE refresh_tokens (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  secret_hash TEXT NOT NULL,
  parent_id TEXT REFERENCES refresh_tokens(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  status TEXT NOT NULL CHECK (status IN ('active', 'rotated', 'revoked'))
) STRICT;
CREATE INDEX refresh_tokens_session ON refresh_tokens(session_id, status);

-- A log of signed access tokens; no foreign key, since a demo token may name no stored session.
CREATE TABLE issued_tokens (
  jti TEXT PRIMARY KEY,
  session_id TEXT NOT NULL,
  kid TEXT NOT NULL,
  issued_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX issued_tokens_session ON issued_tokens(session_id);
CREATE INDEX issued_tokens_kid_expires ON issued_tokens(kid, expires_at);
CREATE INDEX issued_tokens_expires ON issued_tokens(expires_at);

CREATE TABLE revocations (
  kind TEXT NOT NULL CHECK (kind IN ('jti', 'sid', 'user')),
  subject TEXT NOT NULL,
  value INTEGER NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  prune_after INTEGER NOT NULL,
  PRIMARY KEY (kind, subject)
) STRICT;
CREATE INDEX revocations_prune_after ON revocations(prune_after);

CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  alg TEXT NOT NULL CHECK (alg IN ('ES256', 'EdDSA', 'RS256')),
  state TEXT NOT NULL CHECK (state IN ('pending', 'active', 'retiring', 'retired', 'revoked')),
  created_at INTEGER NOT NULL,
  activates_at INTEGER,
  activated_at INTEGER,
  retiring_at INTEGER,
  retired_at INTEGER,
  revoked_at INTEGER,
  public_jwk TEXT NOT NULL,
  sealed_private_key BLOB
) STRICT;

CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL CHECK (json_valid(detail))
) STRICT;
CREATE INDEX audit_type ON audit(type, id);

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL CHECK (json_valid(value))
) STRICT;

CREATE TABLE clients (
  id TEXT PRIMARY KEY,
  secret_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
`,
  },
  {
    version: 2,
    name: 'sessions-trigram-search',
    sql: `
-- Substring search of the sessions list through a trigram index: LIKE '%text%' over 100k rows
-- costs ~100 ms, a trigram MATCH about 1 ms. A session's searchable fields and its user's name
-- never change after insert, so insert and delete triggers keep the index whole. char(1)
-- separates the fields so that a match cannot span two of them.
CREATE VIRTUAL TABLE sessions_search USING fts5(body, tokenize = 'trigram');
INSERT INTO sessions_search(rowid, body)
  SELECT s.rowid, u.username || char(1) || s.ip || char(1) || s.device || char(1) || s.user_agent || char(1) || s.id
  FROM sessions s JOIN users u ON u.id = s.user_id;
CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO sessions_search(rowid, body)
    SELECT new.rowid, u.username || char(1) || new.ip || char(1) || new.device || char(1) || new.user_agent || char(1) || new.id
    FROM users u WHERE u.id = new.user_id;
END;
CREATE TRIGGER sessions_search_delete AFTER DELETE ON sessions BEGIN
  DELETE FROM sessions_search WHERE rowid = old.rowid;
END;
`,
  },
  {
    version: 3,
    name: 'audit-retention',
    sql: `
-- The maintenance tick deletes audit entries past the retention period by time.
CREATE INDEX audit_at ON audit(at);
`,
  },
  {
    version: 4,
    name: 'denylist-and-login-attempts',
    sql: `
-- One name for the concept across code, console and docs: the denylist.
ALTER TABLE revocations RENAME TO denylist;
DROP INDEX revocations_prune_after;
CREATE INDEX denylist_prune_after ON denylist(prune_after);
-- the console pages the denylist newest first
CREATE INDEX denylist_created ON denylist(created_at, kind, subject);

-- Login throttling shared by every process on the database: one row per attempt and key (user,
-- address), counted within the window. Rows age out through the maintenance sweep.
CREATE TABLE login_attempts (
  key TEXT NOT NULL,
  id TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (key, at, id)
) STRICT, WITHOUT ROWID;
CREATE INDEX login_attempts_id ON login_attempts(id);
CREATE INDEX login_attempts_at ON login_attempts(at);

-- the refresh grace window looks up a rotated token's replacement
CREATE INDEX refresh_tokens_parent ON refresh_tokens(parent_id);
`,
  },
  {
    version: 5,
    name: 'openid-provider',
    sql: `
-- A user's custom claims (UserInfo): a JSON object, empty for every existing user.
ALTER TABLE users ADD COLUMN claims TEXT NOT NULL DEFAULT '{}'
  CHECK (json_valid(claims) AND json_type(claims) = 'object');
-- A disabled user cannot sign in (their sessions are revoked when they are disabled).
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1));

-- A refresh family is bound to the client it was issued to (NULL: Gatehouse's own login API) and
-- to the scope granted with it. No foreign key to clients: deleting a client must not be refused
-- because of its tokens (the Redis adapter cannot enforce one either).
ALTER TABLE refresh_tokens ADD COLUMN client_id TEXT;
ALTER TABLE refresh_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT '';

-- The denylist gains the kind 'client' (a client's minimum token version). A CHECK cannot be
-- altered, so the table is rebuilt: create, copy, drop, rename, then its indexes again.
CREATE TABLE denylist_v5 (
  kind TEXT NOT NULL CHECK (kind IN ('jti', 'sid', 'user', 'client')),
  subject TEXT NOT NULL,
  value INTEGER NOT NULL,
  reason TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  prune_after INTEGER NOT NULL,
  PRIMARY KEY (kind, subject)
) STRICT;
INSERT INTO denylist_v5 (kind, subject, value, reason, created_at, prune_after)
  SELECT kind, subject, value, reason, created_at, prune_after FROM denylist;
DROP TABLE denylist;
ALTER TABLE denylist_v5 RENAME TO denylist;
CREATE INDEX denylist_prune_after ON denylist(prune_after);
CREATE INDEX denylist_created ON denylist(created_at, kind, subject);

-- Registered OAuth clients, rebuilt since a public client has no secret (secret_hash was NOT NULL).
-- The existing rows are resource servers that introspect and revoke with HTTP Basic: confidential,
-- client_secret_basic, no redirect URIs and no grants, enabled, named by their id.
CREATE TABLE clients_v5 (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('confidential', 'public')),
  secret_hash TEXT,
  redirect_uris TEXT NOT NULL CHECK (json_valid(redirect_uris) AND json_type(redirect_uris) = 'array'),
  post_logout_redirect_uris TEXT NOT NULL
    CHECK (json_valid(post_logout_redirect_uris) AND json_type(post_logout_redirect_uris) = 'array'),
  grant_types TEXT NOT NULL CHECK (json_valid(grant_types) AND json_type(grant_types) = 'array'),
  token_endpoint_auth_method TEXT NOT NULL
    CHECK (token_endpoint_auth_method IN ('client_secret_basic', 'client_secret_post', 'none')),
  backchannel_logout_uri TEXT,
  audience TEXT,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  token_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_used_at INTEGER
) STRICT;
INSERT INTO clients_v5 (id, name, type, secret_hash, redirect_uris, post_logout_redirect_uris, grant_types,
    token_endpoint_auth_method, backchannel_logout_uri, audience, enabled, token_version, created_at, updated_at,
    last_used_at)
  SELECT id, id, 'confidential', secret_hash, '[]', '[]', '[]', 'client_secret_basic', NULL, NULL, 1, 0,
    created_at, created_at, NULL FROM clients;
DROP TABLE clients;
ALTER TABLE clients_v5 RENAME TO clients;
-- the console lists clients oldest first
CREATE INDEX clients_created ON clients(created_at, id);

-- Pending authorization codes, by the hash of the code; the maintenance sweep deletes them by expiry.
-- No foreign keys: a code is short-lived, and its redemption checks the session anyway.
CREATE TABLE authorization_codes (
  code_hash TEXT PRIMARY KEY,
  client_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  scope TEXT NOT NULL,
  nonce TEXT,
  auth_time INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
) STRICT;
CREATE INDEX authorization_codes_expires ON authorization_codes(expires_at);

-- The single-sign-on cookie: the hash of its secret names a session. The prune walks this table
-- (only live cookies) and looks each session up by its key; the index serves the foreign key.
CREATE TABLE browser_sessions (
  secret_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX browser_sessions_session ON browser_sessions(session_id);

-- The clients that received tokens in a session (back-channel logout), read by session.
CREATE TABLE session_clients (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  client_id TEXT NOT NULL,
  first_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, client_id)
) STRICT, WITHOUT ROWID;
`,
  },
  {
    version: 6,
    name: 'logout-deliveries',
    sql: `
-- When a session stopped being active (revoked or expired): the \`now\` of the call that ended it.
-- NULL while active, and for sessions that ended before this migration. Every statement that ends
-- a session sets it, because the trigger below must know that moment and a trigger sees only the
-- row: revoked_at exists for revocations alone, and an expiry's moment is the call that noticed
-- it, not the expiry time itself. The trigger refuses an end without it, so a new code path that
-- forgets it fails loudly instead of writing deliveries with no time.
ALTER TABLE sessions ADD COLUMN ended_at INTEGER;

-- Back-channel logout notices (OpenID Connect Back-Channel Logout 1.0) owed to the clients of a
-- session that ended; the dispatcher claims, sends and records them. No foreign keys: a delivery
-- outlives its session and its user (deleteUser keeps them) until the prune deletes it.
-- AUTOINCREMENT so that an id is never reused after a prune (a late finishLogoutAttempt of a
-- pruned delivery must find nothing rather than a newer one).
CREATE TABLE logout_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  client_id TEXT NOT NULL,
  uri TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL CHECK (attempts >= 0),
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  last_error TEXT,
  latency_ms INTEGER,
  delivered_at INTEGER,
  -- a session ends once: one notice per client; also the index that lists a session's deliveries
  UNIQUE (session_id, client_id)
) STRICT;
-- the claim: pending ones by due time (only those, so the index stays as small as the backlog)
CREATE INDEX logout_deliveries_due ON logout_deliveries(next_attempt_at, id) WHERE status = 'pending';
-- the prune: finished ones by creation
CREATE INDEX logout_deliveries_finished ON logout_deliveries(created_at) WHERE status <> 'pending';

-- The one place deliveries are created: whichever statement moves a session from active to
-- revoked or expired (revocation, a user's revocation, reuse, the expiry sweep, a touch, rotation
-- or new family finding it past its expiry), in its own transaction. One pending delivery, due at
-- once, per client of the session whose record then has a back-channel logout URI.
CREATE TRIGGER sessions_end_logout_deliveries AFTER UPDATE OF status ON sessions
  WHEN old.status = 'active' AND new.status <> 'active'
BEGIN
  SELECT RAISE(ABORT, 'a session ended without ended_at') WHERE new.ended_at IS NULL;
  INSERT INTO logout_deliveries (session_id, user_id, client_id, uri, status, attempts, created_at, next_attempt_at)
    SELECT new.id, new.user_id, sc.client_id, c.backchannel_logout_uri, 'pending', 0, new.ended_at, new.ended_at
    FROM session_clients sc JOIN clients c ON c.id = sc.client_id
    WHERE sc.session_id = new.id AND c.backchannel_logout_uri IS NOT NULL
    ON CONFLICT (session_id, client_id) DO NOTHING;
END;

-- clientUsage counts the clients of the active sessions: walked from the sessions, so session_clients
-- needs only its primary key. deleteUser reaches a user's sessions by sessions_user_status, and
-- their rows by each table's session index.
`,
  },
  {
    version: 7,
    name: 'sessions-search-by-field',
    sql: `
-- Search by field (user:, ip:, device:, and plain words over those three): one trigram column per
-- field, so a term is matched in its own column through a column filter ({username} : "bob") and
-- a plain word no longer matches a session id or a user agent. Session ids are not indexed here:
-- sid: is a prefix, answered by the primary key. As before, a session's searchable fields and its
-- user's name never change after insert, so insert and delete triggers keep the index whole.
DROP TRIGGER sessions_search_insert;
DROP TRIGGER sessions_search_delete;
DROP TABLE sessions_search;
CREATE VIRTUAL TABLE sessions_search USING fts5(username, ip, device, tokenize = 'trigram');
INSERT INTO sessions_search(rowid, username, ip, device)
  SELECT s.rowid, u.username, s.ip, s.device FROM sessions s JOIN users u ON u.id = s.user_id;
CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO sessions_search(rowid, username, ip, device)
    SELECT new.rowid, u.username, new.ip, new.device FROM users u WHERE u.id = new.user_id;
END;
CREATE TRIGGER sessions_search_delete AFTER DELETE ON sessions BEGIN
  DELETE FROM sessions_search WHERE rowid = old.rowid;
END;
`,
  },
  {
    version: 8,
    name: 'deployment-seeded',
    sql: `
-- claimSeeding: one row once the demo data was created, so that neither a restart nor a second
-- process re-seeds it with secrets of its own.
CREATE TABLE deployment_seeded (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at INTEGER NOT NULL
) STRICT;
`,
  },
  {
    version: 9,
    name: 'client-scopes',
    sql: `
-- The API scopes a client may be granted (a JSON array of scope tokens). A client registered before
-- has none: client_credentials asking for a scope is refused until the scopes it uses are registered
-- (the console, the admin API or --config); the OIDC scopes of the code flow need no registration.
ALTER TABLE clients ADD COLUMN scopes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(scopes));
`,
  },
  {
    version: 10,
    name: 'client-require-pkce',
    sql: `
-- Whether a client's authorization requests must carry a PKCE challenge. Every client registered
-- before required it, so they keep doing so; only a confidential client may be set to 0.
-- An authorization code issued without a challenge keeps code_challenge '' (a real one is 43 characters).
ALTER TABLE clients ADD COLUMN require_pkce INTEGER NOT NULL DEFAULT 1 CHECK (require_pkce IN (0, 1));
`,
  },
  {
    version: 11,
    name: 'client-response-types',
    sql: `
-- The response types a client may ask for (a JSON array: 'code', 'id_token'). A client registered
-- before uses the code flow only; response_type=id_token needs its registration to say so.
ALTER TABLE clients ADD COLUMN response_types TEXT NOT NULL DEFAULT '["code"]' CHECK (json_valid(response_types));
`,
  },
  {
    version: 12,
    name: 'client-id-token-alg',
    sql: `
-- id_token_signed_response_alg (OIDC Core §2): what signs a client's id_tokens and logout tokens.
-- A client registered before gets OpenID Connect's default, RS256, which the key ring always signs.
ALTER TABLE clients ADD COLUMN id_token_signed_response_alg TEXT NOT NULL DEFAULT 'RS256'
  CHECK (id_token_signed_response_alg IN ('RS256', 'ES256', 'EdDSA', 'PS256'));
`,
  },
  {
    version: 13,
    name: 'authorization-code-claims',
    sql: `
-- The authorization request's claims parameter (OIDC Core §5.5), normalised JSON, carried from the
-- request to the id_token and UserInfo. A code stored before asked for no claims.
ALTER TABLE authorization_codes ADD COLUMN claims TEXT CHECK (claims IS NULL OR json_valid(claims));
`,
  },
  {
    version: 14,
    name: 'client-id-token-claims',
    sql: `
-- What a client's id_tokens say of the user: 'scopes' (the scope's claims, as UserInfo) or 'minimal'
-- (the protocol's claims and what the claims parameter asks). A client registered before: 'scopes'.
ALTER TABLE clients ADD COLUMN id_token_claims TEXT NOT NULL DEFAULT 'scopes'
  CHECK (id_token_claims IN ('scopes', 'minimal'));
`,
  },
  {
    version: 15,
    name: 'refresh-token-claims',
    sql: `
-- The claims parameter granted with a refresh family, copied to each rotation like its scope, so a
-- refreshed access token and id_token carry what the sign-in asked for. A token stored before: none.
ALTER TABLE refresh_tokens ADD COLUMN claims TEXT CHECK (claims IS NULL OR json_valid(claims));
`,
  },
  {
    version: 16,
    name: 'check-runs',
    sql: `
-- App checks' kept runs (issue 20): the run as JSON; the store keeps the newest few per target.
CREATE TABLE check_runs (
  id TEXT PRIMARY KEY,
  target TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  body TEXT NOT NULL CHECK (json_valid(body))
);
CREATE INDEX check_runs_by_target ON check_runs (target, started_at DESC, id DESC);
CREATE INDEX check_runs_by_start ON check_runs (started_at DESC, id DESC);
`,
  },
];

export const hashMigration = (m: Migration): string => createHash('sha256').update(m.sql).digest('hex');

/**
 * Checks the recorded migrations against the code, then applies the missing ones. All of it is
 * one IMMEDIATE transaction, so two processes opening a new file at once cannot both apply one.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): void {
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      hash TEXT NOT NULL,
      applied_at INTEGER NOT NULL
    ) STRICT`);
    const recorded = db
      .prepare<[], { version: number; name: string; hash: string }>(
        'SELECT version, name, hash FROM schema_migrations ORDER BY version',
      )
      .all();
    const known = new Map(migrations.map((m) => [m.version, m]));
    for (const row of recorded) {
      const m = known.get(row.version);
      if (!m) {
        throw new Error(
          `database has migration ${row.version} (${row.name}) that this build does not know; it was written by a newer Gatehouse`,
        );
      }
      const expected = hashMigration(m);
      if (row.hash !== expected) {
        throw new Error(
          `migration ${row.version} (${row.name}) hash mismatch: database recorded ${row.hash}, this build has ${expected}; refusing to open`,
        );
      }
    }
    const done = new Set(recorded.map((r) => r.version));
    const record = db.prepare('INSERT INTO schema_migrations (version, name, hash, applied_at) VALUES (?, ?, ?, ?)');
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, hashMigration(m), Math.floor(Date.now() / 1000));
    }
  }).immediate();
}

import type { DenylistEntry, DenylistKind } from '@gatehouse/verifier';
import type { AuditEntry } from '../../shared/events';
import type { SearchTerm } from '../../shared/session-search';

/**
 * The persistence boundary of Gatehouse. Domain services depend on this interface only; every
 * adapter (SQLite today, Redis for several instances) must pass `tests/store/contract.ts`.
 *
 * All times are integer unix seconds. Methods are async so that networked adapters fit, but each
 * method is one atomic unit: an adapter never leaves half of a method's writes behind.
 *
 * A method that cannot reach its storage (disk full, I/O error, Redis down) rejects with
 * `StoreUnavailableError`, saying whether anything may have been written; any other rejection is
 * a bug or a broken invariant.
 */

/**
 * The store could not do what was asked. `not_applied`: nothing was written, retrying is safe.
 * `unknown`: the request may have been carried out (a Redis connection lost after the command
 * was sent), so the caller cannot tell the client whether it happened.
 */
export class StoreUnavailableError extends Error {
  constructor(
    message: string,
    readonly outcome: 'not_applied' | 'unknown',
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }

  /** One log line with the underlying cause (an outage is expected; its stack says nothing new). */
  describe(): string {
    const cause =
      this.cause instanceof Error
        ? ` [${this.cause.name}${(this.cause as { code?: unknown }).code ? ` ${String((this.cause as { code?: unknown }).code)}` : ''}: ${this.cause.message}]`
        : '';
    return `${this.message}${cause}`;
  }
}

export type { DenylistEntry, DenylistKind } from '@gatehouse/verifier';

export type SessionStatus = 'active' | 'revoked' | 'expired';
export type RefreshStatus = 'active' | 'rotated' | 'revoked';
export type KeyAlg = 'ES256' | 'EdDSA' | 'RS256';
export type KeyState = 'pending' | 'active' | 'retiring' | 'retired' | 'revoked';

/** What `updateUser` may change. */
export type UserPatch = Partial<Pick<UserRecord, 'passwordHash' | 'roles' | 'disabled'>>;

export interface UserRecord {
  id: string;
  username: string;
  /** `scrypt$N$r$p$salt$hash`, never the password. */
  passwordHash: string;
  /** Bumped to invalidate every access token of the user at once (`ver` claim). */
  tokenVersion: number;
  roles: string[];
  /** Custom claims served by UserInfo (`email`, `name`, anything but the registered JWT claim names). */
  claims: Record<string, unknown>;
  /** A disabled user cannot sign in; their sessions were revoked when they were disabled. */
  disabled: boolean;
  createdAt: number;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  ip: string;
  userAgent: string;
  /** Short human label derived from the user agent ("Firefox on Linux"). */
  device: string;
  status: SessionStatus;
  revokedAt: number | null;
  revokedReason: string | null;
}

export interface RefreshTokenRecord {
  /** Public half of `<id>.<secret>`; the secret itself is never stored. */
  id: string;
  sessionId: string;
  /** base64url SHA-256 of the secret. */
  secretHash: string;
  parentId: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  status: RefreshStatus;
  /** The OAuth client the family was issued to; null for Gatehouse's own login API. */
  clientId: string | null;
  /** The scope granted with the family (space-separated; '' for the login API). */
  scope: string;
}

export interface IssuedTokenRecord {
  jti: string;
  sessionId: string;
  kid: string;
  issuedAt: number;
  expiresAt: number;
}

export interface DenylistQuery {
  kind?: DenylistKind;
  /** Entries whose subject starts with this. */
  subject?: string;
  offset?: number;
  limit?: number;
}

/** One login attempt, held against every key (user, address) until it succeeds or ages out. */
export interface LoginAttempt {
  id: string;
  /** Each key with the most attempts it may hold within the window. */
  keys: { key: string; limit: number }[];
  now: number;
  /** Seconds an attempt counts against its keys. */
  window: number;
}

export interface KeyRecord {
  kid: string;
  alg: KeyAlg;
  state: KeyState;
  createdAt: number;
  /** When a pending key is scheduled to start signing (null: only on an explicit rotate). */
  activatesAt: number | null;
  activatedAt: number | null;
  retiringAt: number | null;
  retiredAt: number | null;
  revokedAt: number | null;
  publicJwk: string;
  /** Private key sealed by the key-encryption key; null once retired or revoked (destroyed). */
  sealedPrivateKey: Uint8Array | null;
}

/** An audit entry as stored; the console sees the very same shape. */
export type AuditRecord = AuditEntry;

export type ClientType = 'confidential' | 'public';
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

/** A registered OAuth client (relying party or resource server). */
export interface ClientRecord {
  id: string;
  name: string;
  type: ClientType;
  /** base64url SHA-256 of the secret (a secret is 32 random bytes, so no slow hash is needed); null for a public client. */
  secretHash: string | null;
  /** Exact redirect URIs (https, or http on a loopback host); empty without the authorization_code grant. */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  grantTypes: GrantType[];
  tokenEndpointAuthMethod: ClientAuthMethod;
  backchannelLogoutUri: string | null;
  /** `aud` of the access tokens it is issued; null: the deployment's audience setting. */
  audience: string | null;
  /** The API scopes it may be granted (auth/scopes.ts); a record older than the field has none. */
  scopes: string[];
  enabled: boolean;
  /** Raised, with a `client` denylist entry, to end at once every token issued to the client itself. */
  tokenVersion: number;
  createdAt: number;
  updatedAt: number;
  lastUsedAt: number | null;
}

/** A pending authorization code (RFC 6749 §4.1), single use and short-lived. */
export interface AuthorizationCodeRecord {
  /** base64url SHA-256 of the code; the code itself is never stored. */
  codeHash: string;
  clientId: string;
  sessionId: string;
  userId: string;
  /** Exactly the `redirect_uri` of the authorization request. */
  redirectUri: string;
  /** PKCE S256 challenge (RFC 7636). */
  codeChallenge: string;
  scope: string;
  nonce: string | null;
  /** When the user authenticated (`auth_time`). */
  authTime: number;
  createdAt: number;
  expiresAt: number;
  /** When it was redeemed: a second redemption finds this set. */
  usedAt: number | null;
}

/** A client that received tokens in a session (back-channel logout tells each of them). */
export interface SessionClientRecord {
  sessionId: string;
  clientId: string;
  firstAt: number;
}

export type LogoutDeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * One back-channel logout notice (OpenID Connect Back-Channel Logout 1.0) owed to a client that
 * received tokens in a session that ended. The store creates it, in the same step as the end of
 * the session; the dispatcher (auth/logout-dispatcher.ts) claims, sends and records it.
 */
export interface LogoutDeliveryRecord {
  /** Unique; generated by the adapter. (sessionId, clientId) is unique too: a session ends once. */
  id: string;
  sessionId: string;
  /** The session's user: the logout token's `sub`. */
  userId: string;
  clientId: string;
  /** The client's back-channel logout URI when the session ended. */
  uri: string;
  status: LogoutDeliveryStatus;
  /** Attempts finished so far (a claimed attempt in flight is not counted until it finishes). */
  attempts: number;
  /** When the session ended (the `now` of the call that ended it). */
  createdAt: number;
  /** When it may next be claimed: due at once when created, the lease's end while claimed, the backoff's after a failure. */
  nextAttemptAt: number;
  lastAttemptAt: number | null;
  lastError: string | null;
  /** How long the receiver took to answer the last attempt, in milliseconds. */
  latencyMs: number | null;
  deliveredAt: number | null;
}

/** A claim's share per client: at most `max` for each, less what the claimer already `held` of it. */
export interface ClaimPerClient {
  max: number;
  held: ReadonlyMap<string, number>;
}

/** What one attempt came to: `attempts` rises by one with it. */
export interface LogoutAttemptResult {
  status: LogoutDeliveryStatus;
  nextAttemptAt: number;
  lastAttemptAt: number;
  lastError: string | null;
  latencyMs: number | null;
  deliveredAt: number | null;
}

/** How much of a client is live: the Clients screen's columns and its delete dialog's impact. */
export interface ClientUsage {
  /** Active sessions it received tokens in. */
  activeSessions: number;
  /** Its active refresh tokens (in active sessions). */
  liveRefreshTokens: number;
}

export type SessionSortField = 'createdAt' | 'lastSeenAt' | 'idleExpiresAt' | 'absoluteExpiresAt' | 'username';

export interface SessionQuery {
  userId?: string;
  status?: SessionStatus;
  /**
   * Terms that must all match (AND), each under its field's rule as `sessionMatches` in
   * shared/session-search.ts defines it, which is the reference every adapter agrees with:
   * `user` and `device` a case-insensitive substring of the user name or the device label, `ip` a
   * case-insensitive prefix of the address, `sid` a case-sensitive prefix of the session id, and a
   * plain word (`any`) a case-insensitive substring of the user name, the device or the address —
   * never of the session id or the user agent. Values are literal (no wildcards). Empty: no filter.
   */
  search?: readonly SearchTerm[];
  sort?: SessionSortField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface SessionRow extends SessionRecord {
  username: string;
}

export interface AuditQuery {
  /** Only entries with a smaller id (paging backwards from the newest). */
  beforeId?: number;
  type?: string;
  text?: string;
  limit?: number;
}

export interface RotateRefreshInput {
  tokenId: string;
  secretHash: string;
  now: number;
  /**
   * The replacement; its `parentId` is `tokenId`. Its `sessionId`, `clientId` and `scope` are
   * ignored (the adapter copies them from the rotated token). Its `expiresAt` may outlive the session: every rotation
   * checks the session's own expiry first.
   */
  next: RefreshTokenRecord;
  idleExpiresAt: number;
  reuseReason: string;
  /**
   * The client presenting the token (null: Gatehouse's own login API). A token of another client is
   * `client_mismatch` and changes nothing: it is neither rotated nor counted as reuse.
   */
  clientId: string | null;
  /** `pruneAfter` of the session's denylist entry when reuse revokes it. */
  reusePruneAfter: number;
  /**
   * Seconds after its rotation during which an already rotated token may be presented again, if
   * its successor was never used (the client lost the answer): the successor is then superseded
   * (marked used, so presenting it later is reuse) and a new one issued. 0 = strict reuse detection.
   */
  graceSeconds: number;
}

export type RotateRefreshOutcome =
  /**
   * `user` is read in the same step, so nothing after the commit can fail the answer; `token` is
   * the replacement as stored (with the family's client and scope).
   */
  | { kind: 'rotated'; session: SessionRecord; user: UserRecord | null; token: RefreshTokenRecord }
  /** The token had already been rotated: the whole family (session) is now revoked. */
  | { kind: 'reused'; session: SessionRecord }
  | {
      kind: 'invalid';
      reason: 'unknown' | 'mismatch' | 'client_mismatch' | 'expired' | 'revoked' | 'session_inactive';
    };

export interface Store {
  readonly kind: 'sqlite' | 'redis';

  createUser(user: UserRecord): Promise<void>;
  getUserById(id: string): Promise<UserRecord | null>;
  getUserByUsername(username: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /**
   * Raises the user's token version by one and records the `user` denylist entry that refuses
   * every older `ver`, together. Null for an unknown user.
   */
  bumpTokenVersion(userId: string, reason: string, now: number, pruneAfter: number): Promise<UserRecord | null>;

  /**
   * Creates the session and the first refresh token of its family together; a browser login at the
   * OpenID Provider creates the session alone (null), each client's family comes with its code.
   */
  createSession(session: SessionRecord, firstToken: RefreshTokenRecord | null): Promise<void>;
  /**
   * Starts another refresh family in a session (a client redeeming its code): inserts `root` if its
   * session is active and not past its expiry, and answers the session; null otherwise. A root
   * with a clientId also records that client in the session (as addSessionClient does) in the
   * same write, so a code's redemption commits once.
   */
  startRefreshFamily(root: RefreshTokenRecord, now: number): Promise<SessionRecord | null>;
  getSession(id: string): Promise<SessionRecord | null>;
  /** The sessions of these ids that exist, in no particular order: one read however many (the console names a page of entries). */
  getSessions(ids: string[]): Promise<SessionRecord[]>;
  listSessions(query: SessionQuery): Promise<{ items: SessionRow[]; total: number }>;
  /** Classic per-request session check: bump last_seen and idle expiry of an active session. */
  touchSession(id: string, now: number, idleExpiresAt: number): Promise<SessionRecord | null>;
  /**
   * Compare-and-set of one refresh token (RFC 9700): exactly one of any number of concurrent
   * calls with the same token gets `rotated`. A token already rotated revokes its family.
   * The secret hash is compared in constant time.
   */
  rotateRefreshToken(input: RotateRefreshInput): Promise<RotateRefreshOutcome>;
  /**
   * Revokes an active session and its live refresh tokens, and records its `sid` denylist entry
   * (until `pruneAfter`) in the same step; null when it was not active.
   */
  revokeSession(id: string, reason: string, now: number, pruneAfter: number): Promise<SessionRecord | null>;
  /** Revokes every active session of the user as `revokeSession` does; returns those revoked. */
  revokeUserSessions(userId: string, reason: string, now: number, pruneAfter: number): Promise<SessionRecord[]>;
  /** Marks active sessions past their idle or absolute expiry as expired; returns them. */
  expireSessions(now: number): Promise<SessionRecord[]>;
  getRefreshFamily(sessionId: string): Promise<RefreshTokenRecord[]>;
  getRefreshToken(id: string): Promise<RefreshTokenRecord | null>;

  recordIssuedToken(token: IssuedTokenRecord): Promise<void>;
  listIssuedTokens(sessionId: string): Promise<IssuedTokenRecord[]>;
  /** The log's records of these jtis (those not pruned yet), in no particular order: one read however many. */
  getIssuedTokens(jtis: string[]): Promise<IssuedTokenRecord[]>;
  /** Deletes issued-token records that expired before `before`; returns how many. */
  pruneIssuedTokens(before: number): Promise<number>;
  /** Counts tokens signed by a key that have not expired at `now`, and their sessions. */
  countLiveTokensByKid(kid: string, now: number): Promise<{ tokens: number; sessions: number }>;

  /** Insert or replace by kind and subject. */
  putDenylistEntry(entry: DenylistEntry): Promise<void>;
  getDenylistEntry(kind: DenylistKind, subject: string): Promise<DenylistEntry | null>;
  deleteDenylistEntry(kind: DenylistKind, subject: string): Promise<boolean>;
  /** Newest first; every entry when the query has no limit. */
  listDenylist(query?: DenylistQuery): Promise<DenylistEntry[]>;
  countDenylist(query?: Omit<DenylistQuery, 'offset' | 'limit'>): Promise<number>;
  /**
   * Hands every entry still in force at `now` to `visit`, without building records: how the
   * in-memory denylist is rebuilt at start (a million entries in well under 2 s).
   */
  scanDenylist(
    now: number,
    visit: (kind: DenylistKind, subject: string, value: number, pruneAfter: number) => void,
  ): Promise<number>;
  pruneDenylist(now: number): Promise<number>;

  /**
   * Counts a login attempt against each of its keys unless one of them already holds its limit
   * within the window: atomically, so of N concurrent attempts exactly the allowed number pass.
   * Refused: how many seconds until the oldest counted attempt ages out.
   */
  reserveLoginAttempt(attempt: LoginAttempt): Promise<{ ok: true } | { ok: false; retryAfter: number }>;
  /**
   * Reads, without counting anything, how many seconds until every key is below its limit (0: none
   * is at it). For checks cheap enough to make first and count only when they fail (client secrets).
   */
  loginAttemptsWait(attempt: Omit<LoginAttempt, 'id'>): Promise<number>;
  /** Takes back an attempt that should not count (it succeeded, or was never tried). */
  releaseLoginAttempt(id: string, keys: string[]): Promise<void>;
  /** Forgets every attempt counted against a key (a successful login clears its user's count). */
  clearLoginAttempts(key: string): Promise<void>;
  /** Deletes attempts made before `before`; returns how many. */
  pruneLoginAttempts(before: number): Promise<number>;

  /** Insert or replace by kid. */
  putKey(key: KeyRecord): Promise<void>;
  listKeys(): Promise<KeyRecord[]>;

  appendAudit(entry: Omit<AuditRecord, 'id'>): Promise<AuditRecord>;
  listAudit(query: AuditQuery): Promise<AuditRecord[]>;
  /** Deletes audit entries recorded before `before` (retention); returns how many. */
  pruneAudit(before: number): Promise<number>;

  getSettings(): Promise<Record<string, unknown>>;
  putSetting(key: string, value: unknown): Promise<void>;
  /**
   * Records, once per deployment, that its demo data is being created (set-if-absent): true for
   * the one call that recorded it, false for every later one, from any instance or after a
   * restart. So only the first instance seeds the demo users and client with its secrets.
   */
  claimSeeding(at: number): Promise<boolean>;

  /** Insert or replace by id. */
  putClient(client: ClientRecord): Promise<void>;
  getClient(id: string): Promise<ClientRecord | null>;
  /** Every client, oldest first. */
  listClients(): Promise<ClientRecord[]>;
  deleteClient(id: string): Promise<boolean>;
  /**
   * Raises the client's token version by one and records the `client` denylist entry that refuses
   * every older `ver` of the client's own tokens, together. Null for an unknown client.
   */
  bumpClientTokenVersion(
    clientId: string,
    reason: string,
    now: number,
    pruneAfter: number,
  ): Promise<ClientRecord | null>;
  /** Sets `lastUsedAt` (callers write it at most once a minute per client). */
  touchClient(clientId: string, now: number): Promise<void>;

  putAuthorizationCode(code: AuthorizationCodeRecord): Promise<void>;
  /**
   * Marks the code used at `now` and returns it as it was before, atomically: of N concurrent
   * redemptions exactly one sees `usedAt` null. Null for a code never stored (or pruned).
   */
  consumeAuthorizationCode(codeHash: string, now: number): Promise<AuthorizationCodeRecord | null>;
  /** Deletes codes that expired before `before` (used or not); returns how many. */
  pruneAuthorizationCodes(before: number): Promise<number>;

  /** The browser's single-sign-on cookie: the hash of its secret names a session. */
  putBrowserSession(secretHash: string, sessionId: string, now: number): Promise<void>;
  getBrowserSession(secretHash: string): Promise<string | null>;
  deleteBrowserSession(secretHash: string): Promise<void>;
  /** Deletes browser sessions whose session is no longer active; returns how many. */
  pruneBrowserSessions(): Promise<number>;

  /** Records that a client received tokens in a session (idempotent: the first time is kept). */
  addSessionClient(sessionId: string, clientId: string, now: number): Promise<void>;
  listSessionClients(sessionId: string): Promise<SessionClientRecord[]>;
  /**
   * Every client with any live use (clients absent from the map have none). A session is live at
   * `now` while active and before both its expiries (even if the sweep has not expired it yet);
   * `activeSessions` counts the live sessions listing the client in listSessionClients,
   * `liveRefreshTokens` the active, unexpired refresh tokens issued to the client (their clientId)
   * in live sessions, whether or not the session lists the client.
   */
  clientUsage(now: number): Promise<Map<string, ClientUsage>>;

  /*
   * Back-channel logout deliveries. The adapter creates them itself, in the same atomic step as
   * every change of a session from `active` to `revoked` or `expired`, whichever method makes it
   * (revokeSession, revokeUserSessions, reuse in rotateRefreshToken, expireSessions, and the
   * methods that expire a session they find past its expiry): one `pending` delivery, due at once,
   * for each client of listSessionClients(session) whose record then has a backchannelLogoutUri.
   * So no session end is missed, even by a crash right after it.
   */
  /**
   * Up to `limit` pending deliveries due at `now` (nextAttemptAt ≤ now), soonest due first, each
   * leased atomically (its nextAttemptAt set to `leaseUntil`): concurrent claimers, on any
   * instance, never get the same one, and one whose claimer died is due again when its lease ends.
   * The records are returned as stored after the lease (nextAttemptAt = leaseUntil); equally due
   * ones come in no promised order. A `leaseUntil` after `now` is expected. With `perClient`, no
   * client gets more than `max` less what the claimer `held` of it already (a client's soonest due
   * first), and the places left go to the other clients' due deliveries: a client with a backlog
   * never takes another client's place.
   */
  claimLogoutDeliveries(
    now: number,
    limit: number,
    leaseUntil: number,
    perClient?: ClaimPerClient,
  ): Promise<LogoutDeliveryRecord[]>;
  /**
   * Records an attempt's result (attempts + 1) and returns the delivery as stored; null for an
   * unknown (or pruned) id. A `pending` result is due again at its nextAttemptAt; `delivered` and
   * `failed` ones are never claimed again. latencyMs is kept in whole milliseconds.
   */
  finishLogoutAttempt(id: string, result: LogoutAttemptResult): Promise<LogoutDeliveryRecord | null>;
  /** A session's deliveries, oldest first (then by client id). */
  listLogoutDeliveries(sessionId: string): Promise<LogoutDeliveryRecord[]>;
  /** Deletes delivered and failed deliveries created strictly before `before` (pending ones stay); returns how many. */
  pruneLogoutDeliveries(before: number): Promise<number>;

  /** Replaces the given fields of a user (a password reset, roles, disabled); null for an unknown user. */
  updateUser(userId: string, patch: UserPatch): Promise<UserRecord | null>;
  /**
   * Deletes a user and every session of theirs, with the sessions' refresh tokens, issued-token
   * log, clients and browser sessions (the caller revokes them first, which writes their `sid`
   * denylist entries and their back-channel logout deliveries; neither is deleted here). False
   * for an unknown user. A session still active is deleted as it is, without deliveries (this
   * method has no `now` to end it with). Authorization codes are left to their prune: they live a
   * minute, and redeeming one finds its session gone.
   */
  deleteUser(userId: string): Promise<boolean>;

  /**
   * Replaces the user's custom claims and raises their token version (with its `user` denylist
   * entry) in one step, so no token carries claims that changed. Null for an unknown user.
   */
  setUserClaims(
    userId: string,
    claims: Record<string, unknown>,
    reason: string,
    now: number,
    pruneAfter: number,
  ): Promise<UserRecord | null>;

  close(): Promise<void>;
}

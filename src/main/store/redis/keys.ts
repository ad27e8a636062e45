import { DEFAULT_PREFIX, sharedKeys } from '@gatehouse/verifier/internal/redis';

/**
 * The Redis key layout of one Gatehouse deployment, shared by the store adapter, the cluster feed
 * and the resource-server verifier (which reads the revocation hash directly). Every key starts
 * with the deployment prefix, so several deployments can share one Redis database.
 *
 * The Lua scripts build session, token and index keys from ids they read, which Redis Cluster
 * forbids: this layout targets a standalone Redis (optionally behind Sentinel).
 */
export { DEFAULT_PREFIX } from '@gatehouse/verifier/internal/redis';

/**
 * How long a revoked or expired session stays listable in the console before the sweep deletes it
 * with its refresh family (24 h). Active sessions are kept until absolute expiry plus this.
 */
export const DEFAULT_RETENTION_S = 24 * 3600;

/**
 * Key TTLs run on Redis's clock, the sweep on the domain clock (which may be virtual). The TTL is
 * only a backstop for deployments where no instance runs maintenance, so it is this much longer.
 */
export const TTL_BACKSTOP_S = 3600;

/**
 * TTL of a back-channel logout delivery and of its session's delivery index, from its creation.
 * Deliveries outlive their session's purge and their user's deletion: the maintenance prune
 * deletes finished ones (Gatehouse keeps them 30 days) and the dispatcher finishes pending ones
 * within minutes. The TTL is only the backstop of a deployment where neither runs, so it is well
 * past both.
 */
export const LOGOUT_DELIVERY_TTL_S = 60 * 86_400;

export const SESSION_SORT_INDEXES = ['createdAt', 'lastSeenAt', 'idleExpiresAt', 'absoluteExpiresAt'] as const;

export interface KeyLayout {
  prefix: string;
  user(id: string): string;
  /** Hash username → user id; doubles as the uniqueness constraint. */
  usernames: string;
  /** Set of every user id. */
  users: string;
  session(id: string): string;
  /** Sorted set of one user's session ids, scored by createdAt. */
  sessionsOfUser(userId: string): string;
  /**
   * Session index by a sort field within a status (`all` or one status). Numeric fields are scored
   * by value with the session id as member (Redis breaks score ties by member, which is the
   * contract's tie-breaker); `username` is a lexicographic index of `username \0 id` members.
   */
  sessionIndex(field: string, status: string): string;
  /** Sorted set `id \0 userId \0 username` scored by the domain time the sweep deletes the session. */
  purge: string;
  refreshToken(id: string): string;
  /** List of a session's refresh-token ids in creation order. */
  family(sessionId: string): string;
  issued(jti: string): string;
  issuedOfSession(sessionId: string): string;
  issuedByKid(kid: string): string;
  issuedByExpiry: string;
  /**
   * Hash `kind:subject` → DenylistEntry JSON (key name `rev` kept from before the rename). Its
   * indexes: `revx` by pruneAfter, `revc` and `revc:<kind>` by createdAt, `revs` by subject.
   */
  denylist: string;
  /** Sorted set of `kind:subject`, scored by pruneAfter. */
  denylistByPrune: string;
  /** Sorted set of one throttling key's login attempt ids, scored by time (expires with its window). */
  loginAttempts(key: string): string;
  /** Hash kid → KeyRecord JSON (private key sealed, base64). */
  keys: string;
  settings: string;
  /** Hash run id → app-checks CheckRun JSON; indexes `checkRunsByStart` and one per target, by startedAt. */
  checkRuns: string;
  checkRunsByStart: string;
  /** Sorted set of one target's run ids (the key names a digest of the target URL). */
  checkRunsOfTarget(targetDigest: string): string;
  /** Sorted set target digest → its newest run's startedAt: which targets to evict first. */
  checkRunTargets: string;
  /** Hash client id → ClientRecord JSON (older records lack the OpenID fields: read with defaults). */
  clients: string;
  /** Hash of one pending authorization code, by the code's hash; a TTL of its lifetime + backstop. */
  authorizationCode(codeHash: string): string;
  /** Sorted set of code hashes, scored by expiresAt: what `pruneAuthorizationCodes` walks. */
  authorizationCodesByExpiry: string;
  /** Hash {sessionId, createdAt} of one single-sign-on cookie, by its secret's hash; the session's TTL. */
  browserSession(secretHash: string): string;
  /** Set of every browser-session hash: what `pruneBrowserSessions` walks (never the keyspace). */
  browserSessions: string;
  /** Sorted set of the clients that received tokens in a session, scored by firstAt; the session's TTL. */
  sessionClients(sessionId: string): string;
  /** Set of the browser-session hashes naming a session (what deleteUser deletes); the session's TTL. */
  browserSessionsOfSession(sessionId: string): string;
  /** Hash of one back-channel logout delivery (null fields absent), by id; LOGOUT_DELIVERY_TTL_S. */
  logoutDelivery(id: string): string;
  /** Counter the delivery ids are drawn from. */
  logoutDeliverySeq: string;
  /** Sorted set of the pending deliveries' ids, scored by nextAttemptAt: what the claim walks. */
  logoutDeliveriesDue: string;
  /** Sorted set of the delivered and failed deliveries' ids, scored by createdAt: what the prune walks. */
  logoutDeliveriesFinished: string;
  /** Hash client id → delivery id of one ended session (its uniqueness and its list); LOGOUT_DELIVERY_TTL_S. */
  logoutDeliveriesOfSession(sessionId: string): string;
  /** Capped stream of audit entries, entry id `<n>-0` where n is the audit record id. */
  audit: string;
  auditSeq: string;
  /** Pub/sub channel of the cluster feed. */
  feed: string;
  /** The issuer URL the deployment's instances agreed on. */
  issuer: string;
  /** Short-lived lock held while an instance initialises an empty deployment. */
  initLock: string;
  /** When the deployment's demo data was created (claimSeeding); set once, never expires. */
  seeded: string;
  /** Lock of one periodic job, so that only one instance runs it at a time. */
  jobLock: (name: string) => string;
}

export function keyLayout(prefix = DEFAULT_PREFIX): KeyLayout {
  const p = prefix;
  // the keys readers outside Gatehouse rely on are named by the verifier package (its public surface)
  const shared = sharedKeys(p);
  return {
    prefix: p,
    user: (id) => `${p}user:${id}`,
    usernames: `${p}usernames`,
    users: `${p}users`,
    session: (id) => `${p}sess:${id}`,
    sessionsOfUser: (userId) => `${p}su:${userId}`,
    sessionIndex: (field, status) => `${p}sx:${field}:${status}`,
    purge: `${p}purge`,
    refreshToken: (id) => `${p}rt:${id}`,
    family: (sessionId) => `${p}fam:${sessionId}`,
    issued: (jti) => `${p}it:${jti}`,
    issuedOfSession: (sessionId) => `${p}its:${sessionId}`,
    issuedByKid: (kid) => `${p}itk:${kid}`,
    issuedByExpiry: `${p}itx`,
    denylist: shared.denylist,
    denylistByPrune: shared.denylistByPrune,
    loginAttempts: (key) => `${p}la:${key}`,
    keys: shared.keys,
    settings: `${p}settings`,
    checkRuns: `${p}cr`,
    checkRunsByStart: `${p}crx`,
    checkRunsOfTarget: (digest) => `${p}crt:${digest}`,
    checkRunTargets: `${p}crtx`,
    clients: `${p}clients`,
    authorizationCode: (codeHash) => `${p}ac:${codeHash}`,
    authorizationCodesByExpiry: `${p}acx`,
    browserSession: (secretHash) => `${p}bs:${secretHash}`,
    browserSessions: `${p}bsx`,
    sessionClients: (sessionId) => `${p}sc:${sessionId}`,
    browserSessionsOfSession: (sessionId) => `${p}sb:${sessionId}`,
    logoutDelivery: (id) => `${p}ld:${id}`,
    logoutDeliverySeq: `${p}ld:seq`,
    logoutDeliveriesDue: `${p}ldd`,
    logoutDeliveriesFinished: `${p}ldf`,
    logoutDeliveriesOfSession: (sessionId) => `${p}lds:${sessionId}`,
    audit: `${p}audit`,
    auditSeq: `${p}audit:seq`,
    feed: shared.feed,
    issuer: `${p}issuer`,
    initLock: `${p}lock:init`,
    seeded: `${p}seeded`,
    jobLock: (name) => `${p}lock:job:${name}`,
  };
}

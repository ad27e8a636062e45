/**
 * What the console sees of the main process: plain data, no private keys, no refresh-token
 * secrets or hashes. Times are unix seconds.
 */
import type { AuditEntry } from './events';
import type { ClientRegistration } from './clients';
import type { AuthSettings, KeyAlgName, SettingsWarning } from './settings';
import type { KeyUse } from './key-uses';
import type { TokenErrorCode } from './token-errors';

export type SessionStatusName = 'active' | 'revoked' | 'expired';
export type KeyStateName = 'pending' | 'active' | 'retiring' | 'retired' | 'revoked';

export interface SessionView {
  id: string;
  userId: string;
  username: string;
  device: string;
  ip: string;
  userAgent: string;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  status: SessionStatusName;
  revokedAt: number | null;
  revokedReason: string | null;
  /** The apps (OAuth clients) that got tokens from this session, by first use; none for Gatehouse's own login API. */
  clients: SessionClientView[];
}

export interface SessionClientView {
  clientId: string;
  /** The client's name, or its id once it was deleted. */
  name: string;
  firstAt: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
}

/** One link of a refresh-token family: the chain of rotations of one session. */
export interface RefreshLinkView {
  id: string;
  parentId: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  status: 'active' | 'rotated' | 'revoked';
  /** The client the family is bound to (null: Gatehouse's own login API). */
  clientId: string | null;
}

/** Seconds an access token's record is kept after it expired: a session's detail lists it as expired meanwhile. */
export const EXPIRED_TOKEN_RETENTION = 86_400;

export interface IssuedTokenView {
  jti: string;
  kid: string;
  issuedAt: number;
  expiresAt: number;
  denylisted: boolean;
}

/** One back-channel logout notice to an app, for a session that ended. */
export interface LogoutDeliveryView {
  id: string;
  clientId: string;
  /** The client's name, or its id once it was deleted. */
  clientName: string;
  uri: string;
  status: 'pending' | 'delivered' | 'failed';
  /** Attempts finished so far. */
  attempts: number;
  /** When the session ended. */
  createdAt: number;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: number;
  lastAttemptAt: number | null;
  lastError: string | null;
  /** How long the app took to answer the last attempt, in milliseconds. */
  latencyMs: number | null;
  deliveredAt: number | null;
}

export interface SessionDetail {
  session: SessionView;
  /** Every refresh family of the session (one per client, and the login API's), links tagged with their client. */
  family: RefreshLinkView[];
  accessTokens: IssuedTokenView[];
  /** Back-channel logout deliveries to the session's apps, once it ended. */
  deliveries: LogoutDeliveryView[];
  /** Audit entries about this session (creation, refreshes, reuse, revocation), newest first. */
  events: AuditEntry[];
}

export interface UserView {
  id: string;
  username: string;
  roles: string[];
  /** Custom claims UserInfo serves (the registered names are refused). */
  claims: Record<string, unknown>;
  /** A disabled user cannot sign in; their sessions ended when they were disabled. */
  disabled: boolean;
  tokenVersion: number;
  createdAt: number;
  /** Set for the dedicated users app checks make their tokens for: no password, no person (docs/app-checks.md). */
  purpose?: 'app-checks';
}

/** A registered client as the console sees it: never its secret, nor the secret's hash. */
export interface ClientView extends ClientRegistration {
  clientId: string;
  type: 'confidential' | 'public';
  enabled: boolean;
  /** Raised when the client is disabled, deleted or its secret rotated: its own tokens end. */
  tokenVersion: number;
  createdAt: number;
  updatedAt: number;
  lastUsedAt: number | null;
  /** Active sessions the client received tokens in (what deleting or disabling it affects). */
  activeSessions: number;
  /** Its live refresh tokens. */
  liveRefreshTokens: number;
}

/** `clients.create` and `clients.rotateSecret`: the secret, shown this once (only its hash is kept). */
export interface ClientWithSecretView extends ClientView {
  clientSecret?: string;
}

export interface KeyView {
  kid: string;
  alg: KeyAlgName;
  state: KeyStateName;
  createdAt: number;
  activatesAt: number | null;
  activatedAt: number | null;
  retiringAt: number | null;
  retiredAt: number | null;
  revokedAt: number | null;
  /** Earliest time a retiring key can be retired without breaking a token it signed. */
  safeRetireAt: number | null;
  /**
   * True for exactly one pending key: the one a rotation promotes when no kid is named (Rotate now
   * by default, the schedule, automatic rotation). That is the scheduled pending key if one is
   * scheduled, else the oldest pending key (created first; ties by kid).
   */
  next: boolean;
  /** The ring's lane it belongs to, by its algorithm: `id` for RS256 keys, `access` for the others. */
  lane: KeyUse;
  /**
   * What it signs: `access` tokens (the settings' algorithm) or `id` tokens (RS256: id_tokens and
   * logout tokens); an RS256 key does both when the settings choose RS256.
   */
  uses: KeyUse[];
  publicJwk: Record<string, unknown>;
}

/**
 * What revoking a key would break, or rotating the active key out would leave running, shown
 * before the admin confirms.
 */
export interface KeyImpact {
  kid: string;
  state: KeyStateName;
  /** Access tokens it signed that have not expired yet (rejected at once if it is revoked; still valid until they expire if it is rotated out). */
  liveTokens: number;
  /** Sessions those tokens belong to. */
  sessions: number;
  safeRetireAt: number | null;
  /** For the active key: the earliest it could be retired were it rotated out now (now + the token horizon); null otherwise. */
  safeRetireIfRotatedNow: number | null;
  /** True when revoking it makes another key sign from now on. */
  promotesSuccessor: boolean;
}

export interface DenylistEntryView {
  kind: 'jti' | 'sid' | 'user' | 'client';
  subject: string;
  /** For `user`: the minimum token version still accepted. */
  value: number;
  reason: string;
  createdAt: number;
  /** When the entry is dropped: every token it could affect has expired by then. */
  pruneAfter: number;
  /**
   * Whom the entry is about, by name: the user's (`user`), the session's user's (`sid`), the
   * client's (`client`), and for a `jti` the user of the token's session while the issued-token
   * log knows the jti. Null when it cannot be told (a deleted user or client, a session gone with
   * its user, a jti the log does not hold: a client's own token, or one pruned).
   */
  name: string | null;
}

/**
 * An audit entry as `audit.list` answers it: with the user's name beside an actor or subject that
 * is a user id (absent when it is not one, or no longer names a user). Entries pushed live come
 * without them: the console names those from its users list.
 */
export interface AuditEntryView extends AuditEntry {
  actorName?: string;
  subjectName?: string;
}

export interface JwksView {
  keys: Record<string, unknown>[];
}

/** `not_run`: the verification stopped before this step. */
export type StepStatus = 'pass' | 'fail' | 'not_run';

export interface VerificationStepView {
  step: string;
  status: StepStatus;
  detail: string;
}

export interface TokenVerifyView {
  valid: boolean;
  /** Stable rejection code when verified against the ring. */
  code: TokenErrorCode | null;
  message: string;
  steps: VerificationStepView[];
  /** For Gatehouse's own tokens: what it points at. */
  links: { sessionId: string | null; kid: string | null; denylisted: boolean; sessionStatus: SessionStatusName | null };
}

export interface MintedTokenView {
  accessToken: string;
  sessionId: string;
  expiresIn: number;
}

export interface SettingsView {
  settings: AuthSettings;
  warnings: SettingsWarning[];
}

export interface SystemInfoView {
  version: string;
  store: 'sqlite' | 'redis';
  authUrl: string;
  /** The issuer apps are configured with (the auth server's URL unless `--issuer` set another). */
  issuer: string;
  mode: 'desktop' | 'headless';
  virtualClock: boolean;
  /**
   * Which Gatehouse this AdminApi drives: the live instance, or the demo lab's sandbox (a second
   * Gatehouse in the same process with its own data, keys, users and virtual clock).
   */
  instance: 'live' | 'sandbox';
  /**
   * A test instance (issue 22's `@gatehouse/testing`) whose auth server has one-shot faults,
   * id_token defects and a request recorder installed: it may misbehave on purpose.
   */
  testHooks: boolean;
}

export interface ClockView {
  now: number;
  rate: number;
  paused: boolean;
}

/** The demo lab's sandbox (`demo.sandbox`): started on first use, until reset or the process ends. */
export interface SandboxView {
  running: boolean;
  /** Its own auth server (loopback, a port of its own); null while it is not running. */
  authUrl: string | null;
  /** Its virtual clock; null while it is not running. */
  clock: ClockView | null;
}

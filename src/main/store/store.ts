import type { AuditStore } from './ports/audit';
import type { AuthorizationCodeStore } from './ports/authorization-codes';
import type { BrowserSessionStore } from './ports/browser-sessions';
import type { CheckRunStore } from './ports/check-runs';
import type { ClientStore } from './ports/clients';
import type { DenylistStore } from './ports/denylist';
import type { IssuedTokenStore } from './ports/issued-tokens';
import type { LoginAttemptStore } from './ports/login-attempts';
import type { LogoutOutboxStore } from './ports/logout-outbox';
import type { RefreshFamilyStore } from './ports/refresh-families';
import type { SessionStore } from './ports/sessions';
import type { SettingsStore } from './ports/settings';
import type { SigningKeyStore } from './ports/signing-keys';
import type { UserStore } from './ports/users';

/*
 * Every record and role of the store, importable from here as before; each is defined once, in
 * its role's file under ports/ (a change touches the role it concerns).
 */
export { StoreUnavailableError } from './store-unavailable';
export type { AuditQuery, AuditRecord, AuditStore } from './ports/audit';
export type { AuthorizationCodeRecord, AuthorizationCodeStore } from './ports/authorization-codes';
export type { BrowserSessionStore } from './ports/browser-sessions';
export type { CheckRunStore, CheckRunsKept } from './ports/check-runs';
export type {
  ClientAuthMethod,
  ClientRecord,
  ClientStore,
  ClientType,
  ClientUsage,
  GrantType,
  ResponseType,
} from './ports/clients';
export type { DenylistEntry, DenylistKind, DenylistQuery, DenylistStore } from './ports/denylist';
export type { IssuedTokenRecord, IssuedTokenStore } from './ports/issued-tokens';
export type { LoginAttempt, LoginAttemptStore } from './ports/login-attempts';
export type {
  ClaimPerClient,
  LogoutAttemptResult,
  LogoutDeliveryRecord,
  LogoutDeliveryStatus,
  LogoutOutboxStore,
} from './ports/logout-outbox';
export type {
  RefreshFamilyStore,
  RefreshStatus,
  RefreshTokenRecord,
  RotateRefreshInput,
  RotateRefreshOutcome,
} from './ports/refresh-families';
export type {
  SessionClientRecord,
  SessionQuery,
  SessionRecord,
  SessionRow,
  SessionSortField,
  SessionStatus,
  SessionStore,
} from './ports/sessions';
export type { SettingsStore } from './ports/settings';
export type { KeyAlg, KeyRecord, KeyState, SigningKeyStore } from './ports/signing-keys';
export type { UserPatch, UserRecord, UserStore } from './ports/users';

/**
 * Every role of the store by name. `Store` extends each of them; the contract suite covers each
 * with a file of its own (tests/store/contract.ts checks that no role and no method is left out).
 */
export interface StoreRoles {
  users: UserStore;
  sessions: SessionStore;
  refreshFamilies: RefreshFamilyStore;
  issuedTokens: IssuedTokenStore;
  denylist: DenylistStore;
  loginAttempts: LoginAttemptStore;
  signingKeys: SigningKeyStore;
  audit: AuditStore;
  settings: SettingsStore;
  clients: ClientStore;
  authorizationCodes: AuthorizationCodeStore;
  browserSessions: BrowserSessionStore;
  logoutOutbox: LogoutOutboxStore;
  checkRuns: CheckRunStore;
}

/**
 * The persistence boundary of Gatehouse: every role the domain needs, in one adapter. Domain
 * services depend on it (or on the roles they use); every adapter (SQLite today, Redis for several
 * instances) must pass `tests/store/contract.ts`, one contract file per role.
 *
 * All times are integer unix seconds. Methods are async so that networked adapters fit, but each
 * method is one atomic unit: an adapter never leaves half of a method's writes behind, even when
 * the method writes for several roles (a revoked session's `sid` denylist entry and logout
 * deliveries, a raised token version's `user` entry).
 *
 * A method that cannot reach its storage (disk full, I/O error, Redis down) rejects with
 * `StoreUnavailableError`, saying whether anything may have been written; any other rejection is
 * a bug or a broken invariant.
 */
export interface Store
  extends
    UserStore,
    SessionStore,
    RefreshFamilyStore,
    IssuedTokenStore,
    DenylistStore,
    LoginAttemptStore,
    SigningKeyStore,
    AuditStore,
    SettingsStore,
    ClientStore,
    AuthorizationCodeStore,
    BrowserSessionStore,
    LogoutOutboxStore,
    CheckRunStore {
  readonly kind: 'sqlite' | 'redis';
  close(): Promise<void>;
}

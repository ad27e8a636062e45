import type {
  AuditRecord,
  AuthorizationCodeRecord,
  ClientAuthMethod,
  ClientRecord,
  ClientType,
  GrantType,
  IssuedTokenRecord,
  KeyAlg,
  KeyRecord,
  KeyState,
  LogoutDeliveryRecord,
  LogoutDeliveryStatus,
  RefreshStatus,
  RefreshTokenRecord,
  ResponseType,
  DenylistEntry,
  DenylistKind,
  SessionClientRecord,
  SessionRecord,
  SessionRow,
  SessionStatus,
  UserRecord,
} from '../store';
import { claimsJson, withClientDefaults } from '../records';

/** Column shapes as SQLite returns them (snake_case), and their mapping to the Store records. */

export interface UserDbRow {
  id: string;
  username: string;
  password_hash: string;
  token_version: number;
  roles: string;
  claims: string;
  disabled: number;
  created_at: number;
}

export interface SessionDbRow {
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  idle_expires_at: number;
  absolute_expires_at: number;
  ip: string;
  user_agent: string;
  device: string;
  status: SessionStatus;
  revoked_at: number | null;
  revoked_reason: string | null;
}

export interface SessionListDbRow extends SessionDbRow {
  username: string;
}

export interface RefreshDbRow {
  id: string;
  session_id: string;
  secret_hash: string;
  parent_id: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  status: RefreshStatus;
  client_id: string | null;
  scope: string;
  /** Migration 15. */
  claims: string | null;
}

export interface IssuedDbRow {
  jti: string;
  session_id: string;
  kid: string;
  issued_at: number;
  expires_at: number;
}

export interface DenylistDbRow {
  kind: DenylistKind;
  subject: string;
  value: number;
  reason: string;
  created_at: number;
  prune_after: number;
}

export interface KeyDbRow {
  kid: string;
  alg: KeyAlg;
  state: KeyState;
  created_at: number;
  activates_at: number | null;
  activated_at: number | null;
  retiring_at: number | null;
  retired_at: number | null;
  revoked_at: number | null;
  public_jwk: string;
  sealed_private_key: Buffer | null;
}

export interface AuditDbRow {
  id: number;
  at: number;
  type: string;
  actor: string;
  subject: string;
  detail: string;
}

export interface ClientDbRow {
  id: string;
  name: string;
  type: ClientType;
  secret_hash: string | null;
  redirect_uris: string;
  post_logout_redirect_uris: string;
  grant_types: string;
  token_endpoint_auth_method: ClientAuthMethod;
  backchannel_logout_uri: string | null;
  audience: string | null;
  /** JSON array of scope tokens (migration 9). */
  scopes: string;
  /** 0 or 1 (migration 10). */
  require_pkce: number;
  /** JSON array of response types (migration 11). */
  response_types: string;
  /** Migration 12. */
  id_token_signed_response_alg: ClientRecord['idTokenSignedResponseAlg'];
  /** Migration 14. */
  id_token_claims: ClientRecord['idTokenClaims'];
  enabled: number;
  token_version: number;
  created_at: number;
  updated_at: number;
  last_used_at: number | null;
}

export interface AuthorizationCodeDbRow {
  code_hash: string;
  client_id: string;
  session_id: string;
  user_id: string;
  redirect_uri: string;
  /** '' for a code issued without a challenge (migration 10; the column is NOT NULL). */
  code_challenge: string;
  scope: string;
  nonce: string | null;
  claims: string | null;
  auth_time: number;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface LogoutDeliveryDbRow {
  id: number;
  session_id: string;
  user_id: string;
  client_id: string;
  uri: string;
  status: LogoutDeliveryStatus;
  attempts: number;
  created_at: number;
  next_attempt_at: number;
  last_attempt_at: number | null;
  last_error: string | null;
  latency_ms: number | null;
  delivered_at: number | null;
}

export interface SessionClientDbRow {
  session_id: string;
  client_id: string;
  first_at: number;
}

export const toUser = (r: UserDbRow): UserRecord => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  tokenVersion: r.token_version,
  roles: JSON.parse(r.roles) as string[],
  claims: JSON.parse(r.claims) as Record<string, unknown>,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
});

/** A UserRecord as the named parameters of `insertUser` (claims default to none, as for users older than them). */
export const userParams = (u: UserRecord) => ({
  ...u,
  roles: JSON.stringify(u.roles),
  claims: claimsJson((u.claims as UserRecord['claims'] | undefined) ?? {}),
  disabled: (u.disabled as boolean | undefined) ? 1 : 0,
});

export const toSession = (r: SessionDbRow): SessionRecord => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  idleExpiresAt: r.idle_expires_at,
  absoluteExpiresAt: r.absolute_expires_at,
  ip: r.ip,
  userAgent: r.user_agent,
  device: r.device,
  status: r.status,
  revokedAt: r.revoked_at,
  revokedReason: r.revoked_reason,
});

export const toSessionRow = (r: SessionListDbRow): SessionRow => ({ ...toSession(r), username: r.username });

export const toRefresh = (r: RefreshDbRow): RefreshTokenRecord => ({
  id: r.id,
  sessionId: r.session_id,
  secretHash: r.secret_hash,
  parentId: r.parent_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  status: r.status,
  clientId: r.client_id,
  scope: r.scope,
  claims: r.claims,
});

/**
 * A RefreshTokenRecord as the named parameters of `insertRefresh`; a record without the client
 * fields (written by code older than them) is the login API's, like every token older than them.
 */
export const refreshParams = (t: RefreshTokenRecord) => ({
  ...t,
  clientId: (t.clientId as string | null | undefined) ?? null,
  scope: (t.scope as string | undefined) ?? '',
  claims: (t.claims as string | null | undefined) ?? null,
});

export const toIssued = (r: IssuedDbRow): IssuedTokenRecord => ({
  jti: r.jti,
  sessionId: r.session_id,
  kid: r.kid,
  issuedAt: r.issued_at,
  expiresAt: r.expires_at,
});

export const toDenylistEntry = (r: DenylistDbRow): DenylistEntry => ({
  kind: r.kind,
  subject: r.subject,
  value: r.value,
  reason: r.reason,
  createdAt: r.created_at,
  pruneAfter: r.prune_after,
});

export const toKey = (r: KeyDbRow): KeyRecord => ({
  kid: r.kid,
  alg: r.alg,
  state: r.state,
  createdAt: r.created_at,
  activatesAt: r.activates_at,
  activatedAt: r.activated_at,
  retiringAt: r.retiring_at,
  retiredAt: r.retired_at,
  revokedAt: r.revoked_at,
  publicJwk: r.public_jwk,
  sealedPrivateKey: r.sealed_private_key,
});

export const toAudit = (r: AuditDbRow): AuditRecord => ({
  id: r.id,
  at: r.at,
  type: r.type,
  actor: r.actor,
  subject: r.subject,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

export const toClient = (r: ClientDbRow): ClientRecord => ({
  id: r.id,
  name: r.name,
  type: r.type,
  secretHash: r.secret_hash,
  redirectUris: JSON.parse(r.redirect_uris) as string[],
  postLogoutRedirectUris: JSON.parse(r.post_logout_redirect_uris) as string[],
  grantTypes: JSON.parse(r.grant_types) as GrantType[],
  tokenEndpointAuthMethod: r.token_endpoint_auth_method,
  backchannelLogoutUri: r.backchannel_logout_uri,
  audience: r.audience,
  scopes: JSON.parse(r.scopes) as string[],
  requirePkce: r.require_pkce === 1,
  responseTypes: JSON.parse(r.response_types) as ResponseType[],
  idTokenSignedResponseAlg: r.id_token_signed_response_alg,
  idTokenClaims: r.id_token_claims,
  enabled: r.enabled === 1,
  tokenVersion: r.token_version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastUsedAt: r.last_used_at,
});

/**
 * A ClientRecord as the named parameters of `putClient` (JSON arrays, 0/1); fields a caller older
 * than them leaves out take the defaults an older row got.
 */
export const clientParams = (client: ClientRecord) => {
  const c = withClientDefaults(client);
  return {
    ...c,
    redirectUris: JSON.stringify(c.redirectUris),
    postLogoutRedirectUris: JSON.stringify(c.postLogoutRedirectUris),
    grantTypes: JSON.stringify(c.grantTypes),
    scopes: JSON.stringify(c.scopes),
    requirePkce: c.requirePkce ? 1 : 0,
    responseTypes: JSON.stringify(c.responseTypes),
    enabled: c.enabled ? 1 : 0,
  };
};

/** An AuthorizationCodeRecord as the named parameters of its insert: no challenge is stored as ''. */
export const authorizationCodeParams = (code: AuthorizationCodeRecord) => ({
  ...code,
  codeChallenge: code.codeChallenge ?? '',
});

export const toAuthorizationCode = (r: AuthorizationCodeDbRow): AuthorizationCodeRecord => ({
  codeHash: r.code_hash,
  clientId: r.client_id,
  sessionId: r.session_id,
  userId: r.user_id,
  redirectUri: r.redirect_uri,
  codeChallenge: r.code_challenge === '' ? null : r.code_challenge,
  scope: r.scope,
  nonce: r.nonce,
  claims: r.claims,
  authTime: r.auth_time,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
});

export const toSessionClient = (r: SessionClientDbRow): SessionClientRecord => ({
  sessionId: r.session_id,
  clientId: r.client_id,
  firstAt: r.first_at,
});

/** The id is the row's integer key, handed out as its decimal text (ids are strings on the Store). */
export const toLogoutDelivery = (r: LogoutDeliveryDbRow): LogoutDeliveryRecord => ({
  id: String(r.id),
  sessionId: r.session_id,
  userId: r.user_id,
  clientId: r.client_id,
  uri: r.uri,
  status: r.status,
  attempts: r.attempts,
  createdAt: r.created_at,
  nextAttemptAt: r.next_attempt_at,
  lastAttemptAt: r.last_attempt_at,
  lastError: r.last_error,
  latencyMs: r.latency_ms,
  deliveredAt: r.delivered_at,
});

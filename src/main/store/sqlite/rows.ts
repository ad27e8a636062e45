import type {
  AuditRecord,
  ClientRecord,
  IssuedTokenRecord,
  KeyAlg,
  KeyRecord,
  KeyState,
  RefreshStatus,
  RefreshTokenRecord,
  DenylistEntry,
  DenylistKind,
  SessionRecord,
  SessionRow,
  SessionStatus,
  UserRecord,
} from '../store';

/** Column shapes as SQLite returns them (snake_case), and their mapping to the Store records. */

export interface UserDbRow {
  id: string;
  username: string;
  password_hash: string;
  token_version: number;
  roles: string;
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
  secret_hash: string;
  created_at: number;
}

export const toUser = (r: UserDbRow): UserRecord => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  tokenVersion: r.token_version,
  roles: JSON.parse(r.roles) as string[],
  createdAt: r.created_at,
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
  secretHash: r.secret_hash,
  createdAt: r.created_at,
});

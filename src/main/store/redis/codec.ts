import type {
  AuditRecord,
  AuthorizationCodeRecord,
  ClientRecord,
  IssuedTokenRecord,
  KeyRecord,
  LogoutDeliveryRecord,
  LogoutDeliveryStatus,
  RefreshStatus,
  RefreshTokenRecord,
  SessionRecord,
  SessionRow,
  SessionStatus,
  UserRecord,
} from '../store';
import { withClientDefaults, type LegacyClient } from '../records';
import type { Flat } from './scripts';

/**
 * Redis hashes hold strings; these turn them back into Store records. A null field is stored as
 * an absent one. Keys and revocations are JSON values (their shape is fixed and small).
 */

export type Hash = Record<string, string>;

export const toHash = (flat: Flat): Hash => {
  const h: Hash = {};
  for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!;
  return h;
};

const int = (v: string | undefined): number => Number(v ?? 0);
const intOrNull = (v: string | undefined): number | null => (v === undefined ? null : Number(v));

export const toUser = (h: Hash): UserRecord => ({
  id: h.id ?? '',
  username: h.username ?? '',
  passwordHash: h.passwordHash ?? '',
  tokenVersion: int(h.tokenVersion),
  roles: JSON.parse(h.roles ?? '[]') as string[],
  // a user stored before custom claims existed has none
  claims: JSON.parse(h.claims ?? '{}') as Record<string, unknown>,
  // a user stored before users could be disabled is enabled
  disabled: h.disabled === 'true',
  createdAt: int(h.createdAt),
});

export const toSession = (h: Hash): SessionRecord => ({
  id: h.id ?? '',
  userId: h.userId ?? '',
  createdAt: int(h.createdAt),
  lastSeenAt: int(h.lastSeenAt),
  idleExpiresAt: int(h.idleExpiresAt),
  absoluteExpiresAt: int(h.absoluteExpiresAt),
  ip: h.ip ?? '',
  userAgent: h.userAgent ?? '',
  device: h.device ?? '',
  status: (h.status ?? 'expired') as SessionStatus,
  revokedAt: intOrNull(h.revokedAt),
  revokedReason: h.revokedReason ?? null,
});

export const toSessionRow = (h: Hash): SessionRow => ({ ...toSession(h), username: h.username ?? '' });

export const toRefresh = (h: Hash): RefreshTokenRecord => ({
  id: h.id ?? '',
  sessionId: h.sessionId ?? '',
  secretHash: h.secretHash ?? '',
  parentId: h.parentId ?? null,
  createdAt: int(h.createdAt),
  expiresAt: int(h.expiresAt),
  usedAt: intOrNull(h.usedAt),
  status: (h.status ?? 'revoked') as RefreshStatus,
  // a token stored before families were bound to clients is the login API's
  clientId: h.clientId ?? null,
  scope: h.scope ?? '',
  claims: h.claims ?? null,
});

export const toIssued = (h: Hash): IssuedTokenRecord => ({
  jti: h.jti ?? '',
  sessionId: h.sessionId ?? '',
  kid: h.kid ?? '',
  issuedAt: int(h.issuedAt),
  expiresAt: int(h.expiresAt),
});

/** A client's JSON as stored; a record written before the OpenID fields reads with their defaults. */
export const decodeClient = (json: string): ClientRecord => withClientDefaults(JSON.parse(json) as LegacyClient);

/** An authorization code's hash (null fields absent). */
export const toAuthorizationCode = (h: Hash): AuthorizationCodeRecord => ({
  codeHash: h.codeHash ?? '',
  clientId: h.clientId ?? '',
  sessionId: h.sessionId ?? '',
  userId: h.userId ?? '',
  redirectUri: h.redirectUri ?? '',
  codeChallenge: h.codeChallenge ?? null,
  scope: h.scope ?? '',
  nonce: h.nonce ?? null,
  claims: h.claims ?? null,
  authTime: int(h.authTime),
  createdAt: int(h.createdAt),
  expiresAt: int(h.expiresAt),
  usedAt: intOrNull(h.usedAt),
});

/** A back-channel logout delivery's hash (null fields absent). */
export const toLogoutDelivery = (h: Hash): LogoutDeliveryRecord => ({
  id: h.id ?? '',
  sessionId: h.sessionId ?? '',
  userId: h.userId ?? '',
  clientId: h.clientId ?? '',
  uri: h.uri ?? '',
  status: (h.status ?? 'failed') as LogoutDeliveryStatus,
  attempts: int(h.attempts),
  createdAt: int(h.createdAt),
  nextAttemptAt: int(h.nextAttemptAt),
  lastAttemptAt: intOrNull(h.lastAttemptAt),
  lastError: h.lastError ?? null,
  latencyMs: intOrNull(h.latencyMs),
  deliveredAt: intOrNull(h.deliveredAt),
});

type StoredKey = Omit<KeyRecord, 'sealedPrivateKey'> & { sealedPrivateKey: string | null };

/** The sealed private key (AES-GCM under the KEK, never plaintext) as base64 inside the JSON. */
export const encodeKey = (k: KeyRecord): string =>
  JSON.stringify({
    ...k,
    sealedPrivateKey: k.sealedPrivateKey && Buffer.from(k.sealedPrivateKey).toString('base64'),
  } satisfies StoredKey);

export const decodeKey = (json: string): KeyRecord => {
  const k = JSON.parse(json) as StoredKey;
  return { ...k, sealedPrivateKey: k.sealedPrivateKey === null ? null : Buffer.from(k.sealedPrivateKey, 'base64') };
};

/** A stream entry `[id, [field, value…]]` of the audit stream. */
export const toAudit = ([id, fields]: [string, string[]]): AuditRecord => {
  const h = toHash(fields);
  return {
    id: Number(id.split('-')[0]),
    at: int(h.at),
    type: h.type ?? '',
    actor: h.actor ?? '',
    subject: h.subject ?? '',
    detail: JSON.parse(h.detail ?? '{}') as Record<string, unknown>,
  };
};

/** Sorts by the given keys in order, comparing like SQLite's BINARY collation for ASCII text. */
export function compareBy<T>(...keys: ((x: T) => string | number)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const x = key(a);
      const y = key(b);
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  };
}

import type { DenylistEntryView, KeyView, SessionView, UserView } from '../../../shared/admin-views';
import type { Gatehouse } from '../../auth/gatehouse';
import type { DenylistEntry, KeyRecord, SessionRecord, UserRecord } from '../../store/store';

/** Store records as the console sees them: no hashes, no sealed keys. */
export const toSessionView = (s: SessionRecord, username: string): SessionView => ({
  id: s.id,
  userId: s.userId,
  username,
  device: s.device,
  ip: s.ip,
  userAgent: s.userAgent,
  createdAt: s.createdAt,
  lastSeenAt: s.lastSeenAt,
  idleExpiresAt: s.idleExpiresAt,
  absoluteExpiresAt: s.absoluteExpiresAt,
  status: s.status,
  revokedAt: s.revokedAt,
  revokedReason: s.revokedReason,
});
export const toUserView = ({ id, username, roles, tokenVersion, createdAt }: UserRecord): UserView => ({
  id,
  username,
  roles,
  tokenVersion,
  createdAt,
});
export const toDenylistView = ({
  kind,
  subject,
  value,
  reason,
  createdAt,
  pruneAfter,
}: DenylistEntry): DenylistEntryView => ({ kind, subject, value, reason, createdAt, pruneAfter });
export const toKeyView = (g: Gatehouse, k: KeyRecord): KeyView => ({
  kid: k.kid,
  alg: k.alg,
  state: k.state,
  createdAt: k.createdAt,
  activatesAt: k.activatesAt,
  activatedAt: k.activatedAt,
  retiringAt: k.retiringAt,
  retiredAt: k.retiredAt,
  revokedAt: k.revokedAt,
  safeRetireAt: g.ring.safeRetireAt(k),
  publicJwk: JSON.parse(k.publicJwk) as Record<string, unknown>,
});

/** A user's name for a view; a session may outlive its user's record. */
export const usernameOf = async (g: Gatehouse, userId: string): Promise<string> =>
  (await g.store.getUserById(userId))?.username ?? '(deleted user)';

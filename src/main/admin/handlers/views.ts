import type {
  ClientView,
  DenylistEntryView,
  KeyView,
  LogoutDeliveryView,
  SessionClientView,
  SessionView,
  UserView,
} from '../../../shared/admin-views';
import { isCheckUser } from '../../auth/app-checks/check-users';
import type { KeyRing } from '../../auth/key-ring';
import type {
  ClientRecord,
  ClientUsage,
  DenylistEntry,
  KeyRecord,
  LogoutDeliveryRecord,
  SessionClientRecord,
  SessionRecord,
  UserRecord,
} from '../../store/store';
import type { AdminServices } from './types';

/** Store records as the console sees them: no hashes, no sealed keys. */
export const toSessionView = (s: SessionRecord, username: string, clients: SessionClientView[] = []): SessionView => ({
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
  clients,
});
export const toUserView = (user: UserRecord): UserView => {
  const { id, username, roles, claims, disabled, tokenVersion, createdAt } = user;
  return {
    id,
    username,
    roles,
    claims,
    disabled,
    tokenVersion,
    createdAt,
    ...(isCheckUser(user) ? { purpose: 'app-checks' as const } : {}),
  };
};
const NO_USAGE: ClientUsage = { activeSessions: 0, liveRefreshTokens: 0 };
/** Everything but the secret's hash, with how much of it is live. */
export const toClientView = (
  { id, secretHash: _hash, ...rest }: ClientRecord,
  usage: ClientUsage = NO_USAGE,
): ClientView => ({
  clientId: id,
  ...rest,
  activeSessions: usage.activeSessions,
  liveRefreshTokens: usage.liveRefreshTokens,
});

export const toDeliveryView = (d: LogoutDeliveryRecord, clientName: string): LogoutDeliveryView => ({
  id: d.id,
  clientId: d.clientId,
  clientName,
  uri: d.uri,
  status: d.status,
  attempts: d.attempts,
  createdAt: d.createdAt,
  nextAttemptAt: d.nextAttemptAt,
  lastAttemptAt: d.lastAttemptAt,
  lastError: d.lastError,
  latencyMs: d.latencyMs,
  deliveredAt: d.deliveredAt,
});
export const toDenylistView = (
  { kind, subject, value, reason, createdAt, pruneAfter }: DenylistEntry,
  name: string | null,
): DenylistEntryView => ({ kind, subject, value, reason, createdAt, pruneAfter, name });
export const toKeyView = (ring: KeyRing, k: KeyRecord): KeyView => ({
  kid: k.kid,
  alg: k.alg,
  state: k.state,
  createdAt: k.createdAt,
  activatesAt: k.activatesAt,
  activatedAt: k.activatedAt,
  retiringAt: k.retiringAt,
  retiredAt: k.retiredAt,
  revokedAt: k.revokedAt,
  safeRetireAt: ring.safeRetireAt(k),
  next: k.state === 'pending' && ring.next(ring.laneOf(k.alg))?.kid === k.kid,
  lane: ring.laneOf(k.alg),
  uses: ring.usesOf(k),
  publicJwk: JSON.parse(k.publicJwk) as Record<string, unknown>,
});

/** A user's name for a view; a session may outlive its user's record. */
export const usernameOf = async ({ queries }: Pick<AdminServices, 'queries'>, userId: string): Promise<string> =>
  (await queries.getUser(userId))?.username ?? '(deleted user)';

/** The apps of each session, named (one read of the registry for all of them). */
export async function sessionClientsOf(
  { queries, clients }: Pick<AdminServices, 'queries' | 'clients'>,
  sessionIds: string[],
): Promise<Map<string, SessionClientView[]>> {
  const [names, lists] = await Promise.all([clientNames(clients), queries.sessionClients(sessionIds)]);
  return new Map(sessionIds.map((id) => [id, nameSessionClients(lists.get(id) ?? [], names)]));
}

/** Every registered client's name by id, in one read. */
export const clientNames = async (clients: AdminServices['clients']): Promise<Map<string, string>> =>
  new Map((await clients.list()).map((c) => [c.id, c.name]));

/** A session's apps with their names (a client deleted since is named by its id). */
export const nameSessionClients = (list: SessionClientRecord[], names: Map<string, string>): SessionClientView[] =>
  list.map((c) => ({ clientId: c.clientId, name: names.get(c.clientId) ?? c.clientId, firstAt: c.firstAt }));

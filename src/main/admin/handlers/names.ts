import type { AuditEntryView, DenylistEntryView } from '../../../shared/admin-views';
import type { AuditEntry } from '../../../shared/events';
import type { DenylistEntry, DenylistKind } from '../../store/store';
import type { AdminServices } from './types';
import { clientNames, toDenylistView } from './views';

/**
 * A page of denylist entries (at most 1000) with their subjects named, in the same few batched
 * reads whatever the page holds, never one per entry: the users and the clients once each and the
 * jtis' issued-token records in one read, then the sessions of the `sid` entries and of those
 * records in one more.
 */
export async function namedDenylistViews(
  { queries, clients: registry }: Pick<AdminServices, 'queries' | 'clients'>,
  entries: DenylistEntry[],
): Promise<DenylistEntryView[]> {
  const subjects = (kind: DenylistKind) => entries.filter((e) => e.kind === kind).map((e) => e.subject);
  const [jtis, sids] = [subjects('jti'), subjects('sid')];
  const has = (kind: DenylistKind) => entries.some((e) => e.kind === kind);
  const [users, clients, issued] = await Promise.all([
    has('user') || sids.length || jtis.length ? queries.usernames() : new Map<string, string>(),
    has('client') ? clientNames(registry) : new Map<string, string>(),
    jtis.length ? queries.issuedTokens(jtis) : [],
  ]);
  const sessionOfJti = new Map(issued.map((t) => [t.jti, t.sessionId]));
  const sessionIds = [...new Set([...sids, ...sessionOfJti.values()])];
  const sessions = sessionIds.length ? await queries.getSessions(sessionIds) : [];
  const userOfSession = new Map(sessions.map((s) => [s.id, s.userId]));
  const userOf = (sessionId: string | undefined) => {
    const userId = sessionId === undefined ? undefined : userOfSession.get(sessionId);
    return (userId !== undefined && users.get(userId)) || null;
  };
  const nameOf = (e: DenylistEntry): string | null => {
    switch (e.kind) {
      case 'user':
        return users.get(e.subject) ?? null;
      case 'client':
        return clients.get(e.subject) ?? null;
      case 'sid':
        return userOf(e.subject);
      case 'jti':
        return userOf(sessionOfJti.get(e.subject));
    }
  };
  return entries.map((e) => toDenylistView(e, nameOf(e)));
}

/**
 * Audit entries with the user's name beside an actor or subject that is a user id, from one read
 * of the users. A user deleted since is still named when the page holds the entry that recorded
 * their name (`user.created`, `user.deleted`).
 */
export async function namedAuditViews(
  { queries }: Pick<AdminServices, 'queries'>,
  entries: AuditEntry[],
): Promise<AuditEntryView[]> {
  if (!entries.length) return [];
  const users = await queries.usernames();
  for (const e of entries)
    if ((e.type === 'user.created' || e.type === 'user.deleted') && typeof e.detail.username === 'string')
      if (!users.has(e.subject)) users.set(e.subject, e.detail.username);
  return entries.map((e) => {
    const actorName = users.get(e.actor);
    const subjectName = users.get(e.subject);
    return {
      ...e,
      ...(actorName === undefined ? {} : { actorName }),
      ...(subjectName === undefined ? {} : { subjectName }),
    };
  });
}

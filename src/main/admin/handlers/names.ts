import type { AuditEntryView, DenylistEntryView } from '../../../shared/admin-views';
import type { AuditEntry } from '../../../shared/events';
import type { Gatehouse } from '../../auth/gatehouse';
import type { DenylistEntry, DenylistKind } from '../../store/store';
import { toDenylistView } from './views';

/** Every user's name by id, in one read: a page names all its user ids from it. */
async function usernames(g: Gatehouse): Promise<Map<string, string>> {
  return new Map((await g.store.listUsers()).map((u) => [u.id, u.username]));
}

/**
 * A page of denylist entries (at most 1000) with their subjects named, in the same few batched
 * reads whatever the page holds, never one per entry: the users and the clients once each and the
 * jtis' issued-token records in one read, then the sessions of the `sid` entries and of those
 * records in one more.
 */
export async function namedDenylistViews(g: Gatehouse, entries: DenylistEntry[]): Promise<DenylistEntryView[]> {
  const subjects = (kind: DenylistKind) => entries.filter((e) => e.kind === kind).map((e) => e.subject);
  const [jtis, sids] = [subjects('jti'), subjects('sid')];
  const has = (kind: DenylistKind) => entries.some((e) => e.kind === kind);
  const [users, clients, issued] = await Promise.all([
    has('user') || sids.length || jtis.length ? usernames(g) : new Map<string, string>(),
    has('client') ? g.clients.list().then((all) => new Map(all.map((c) => [c.id, c.name]))) : new Map<string, string>(),
    jtis.length ? g.store.getIssuedTokens(jtis) : [],
  ]);
  const sessionOfJti = new Map(issued.map((t) => [t.jti, t.sessionId]));
  const sessionIds = [...new Set([...sids, ...sessionOfJti.values()])];
  const sessions = sessionIds.length ? await g.store.getSessions(sessionIds) : [];
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
export async function namedAuditViews(g: Gatehouse, entries: AuditEntry[]): Promise<AuditEntryView[]> {
  if (!entries.length) return [];
  const users = await usernames(g);
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

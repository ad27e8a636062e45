import type Database from 'better-sqlite3';
import type { RefreshTokenRecord, SessionQuery, SessionRecord, SessionRow } from '../store';
import type { ListQueries } from './queries';
import { refreshParams, toSession, toSessionRow } from './rows';
import type { Statements } from './statements';

/**
 * The session methods that touch more than one row, each one transaction. Writers use IMMEDIATE
 * so the write lock is taken at BEGIN: a read-then-write transaction that had to upgrade its lock
 * later could fail at once with SQLITE_BUSY instead of waiting out the busy timeout.
 */
export function buildSessionWrites(db: Database.Database, st: Statements, lists: ListQueries) {
  const create = db.transaction((session: SessionRecord, first: RefreshTokenRecord | null) => {
    st.insertSession.run({ ...session });
    // The first token always belongs to the session it is created with; it keeps its client and scope.
    if (first) st.insertRefresh.run(refreshParams({ ...first, sessionId: session.id }));
  });

  const startFamily = db.transaction((root: RefreshTokenRecord, now: number): SessionRecord | null => {
    const session = st.sessionById.get(root.sessionId);
    if (!session || session.status !== 'active') return null;
    if (session.idle_expires_at <= now || session.absolute_expires_at <= now) {
      st.expireSession.get({ id: session.id, now });
      return null;
    }
    st.insertRefresh.run(refreshParams({ ...root, parentId: null, status: 'active', usedAt: null }));
    if (root.clientId !== null) st.addSessionClient.run(session.id, root.clientId, now);
    return toSession(session);
  });

  const touch = db.transaction((id: string, now: number, idleExpiresAt: number): SessionRecord | null => {
    const current = st.sessionById.get(id);
    if (!current || current.status !== 'active') return null;
    if (current.idle_expires_at <= now || current.absolute_expires_at <= now) {
      st.expireSession.get({ id, now });
      return null;
    }
    const row = st.touchSession.get({ id, now, idleExpiresAt });
    return row ? toSession(row) : null;
  });

  const revoke = db.transaction((id: string, reason: string, now: number, pruneAfter: number) =>
    revokeActiveSession(st, id, reason, now, pruneAfter),
  );
  const revokeUser = db.transaction(
    (userId: string, reason: string, now: number, pruneAfter: number): SessionRecord[] =>
      st.activeSessionIdsOfUser
        .all(userId)
        .flatMap(({ id }) => revokeActiveSession(st, id, reason, now, pruneAfter) ?? []),
  );

  // The caller revokes the sessions first (their deliveries and sid entries are written then and
  // stay); this only deletes rows, so no trigger creates anything.
  const deleteUser = db.transaction((userId: string): boolean => {
    if (!st.userById.get(userId)) return false;
    st.deleteUserBrowserSessions.run(userId);
    st.deleteUserSessionClients.run(userId);
    st.deleteUserIssued.run(userId);
    st.deleteUserRefresh.run(userId);
    st.deleteUserSessions.run(userId);
    st.deleteUser.run(userId);
    return true;
  });

  // A read transaction, so the page and the total come from the same snapshot.
  const list = db.transaction((q: SessionQuery): { items: SessionRow[]; total: number } => {
    const { items, total } = lists.listSessions(q);
    return { items: items.map(toSessionRow), total };
  });

  return {
    createSession: (session: SessionRecord, first: RefreshTokenRecord | null): void => create.immediate(session, first),
    startRefreshFamily: (root: RefreshTokenRecord, now: number) => startFamily.immediate(root, now),
    touchSession: (id: string, now: number, idleExpiresAt: number) => touch.immediate(id, now, idleExpiresAt),
    revokeSession: (id: string, reason: string, now: number, pruneAfter: number) =>
      revoke.immediate(id, reason, now, pruneAfter),
    revokeUserSessions: (userId: string, reason: string, now: number, pruneAfter: number) =>
      revokeUser.immediate(userId, reason, now, pruneAfter),
    deleteUser: (userId: string) => deleteUser.immediate(userId),
    listSessions: (q: SessionQuery) => list.deferred(q),
  };
}

/**
 * Inside a transaction: an active session becomes revoked, its live refresh tokens die and its
 * `sid` denylist entry is written, so the denylist can never disagree with the session's state.
 * Null (and nothing written) when the session was not active.
 */
export function revokeActiveSession(
  st: Statements,
  id: string,
  reason: string,
  now: number,
  pruneAfter: number,
): SessionRecord | null {
  const row = st.revokeSession.get({ id, reason, now });
  if (!row) return null;
  st.revokeLiveRefresh.run(id);
  st.putDenylistEntry.run({ kind: 'sid', subject: id, value: 0, reason, createdAt: now, pruneAfter });
  return toSession(row);
}

export type SessionWrites = ReturnType<typeof buildSessionWrites>;

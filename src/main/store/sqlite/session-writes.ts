import type Database from 'better-sqlite3';
import type { RefreshTokenRecord, SessionQuery, SessionRecord, SessionRow } from '../store';
import type { ListQueries } from './queries';
import { toSession, toSessionRow } from './rows';
import type { Statements } from './statements';

/**
 * The session methods that touch more than one row, each one transaction. Writers use IMMEDIATE
 * so the write lock is taken at BEGIN: a read-then-write transaction that had to upgrade its lock
 * later could fail at once with SQLITE_BUSY instead of waiting out the busy timeout.
 */
export function buildSessionWrites(db: Database.Database, st: Statements, lists: ListQueries) {
  const create = db.transaction((session: SessionRecord, first: RefreshTokenRecord) => {
    st.insertSession.run({ ...session });
    // The first token always belongs to the session it is created with.
    st.insertRefresh.run({ ...first, sessionId: session.id });
  });

  const touch = db.transaction((id: string, now: number, idleExpiresAt: number): SessionRecord | null => {
    const current = st.sessionById.get(id);
    if (!current || current.status !== 'active') return null;
    if (current.idle_expires_at <= now || current.absolute_expires_at <= now) {
      st.expireSession.get(id);
      return null;
    }
    const row = st.touchSession.get({ id, now, idleExpiresAt });
    return row ? toSession(row) : null;
  });

  const revokeOne = (id: string, reason: string, now: number): SessionRecord | null => {
    const row = st.revokeSession.get(now, reason, id);
    if (!row) return null;
    st.revokeLiveRefresh.run(id);
    return toSession(row);
  };
  const revoke = db.transaction(revokeOne);
  const revokeUser = db.transaction((userId: string, reason: string, now: number): SessionRecord[] =>
    st.activeSessionIdsOfUser.all(userId).flatMap(({ id }) => revokeOne(id, reason, now) ?? []),
  );

  // A read transaction, so the page and the total come from the same snapshot.
  const list = db.transaction((q: SessionQuery): { items: SessionRow[]; total: number } => {
    const { items, total } = lists.listSessions(q);
    return { items: items.map(toSessionRow), total };
  });

  return {
    createSession: (session: SessionRecord, first: RefreshTokenRecord): void => create.immediate(session, first),
    touchSession: (id: string, now: number, idleExpiresAt: number) => touch.immediate(id, now, idleExpiresAt),
    revokeSession: (id: string, reason: string, now: number) => revoke.immediate(id, reason, now),
    revokeUserSessions: (userId: string, reason: string, now: number) => revokeUser.immediate(userId, reason, now),
    listSessions: (q: SessionQuery) => list.deferred(q),
  };
}

export type SessionWrites = ReturnType<typeof buildSessionWrites>;

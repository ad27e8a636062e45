import type Database from 'better-sqlite3';
import { safeEqual } from '../../lib/constant-time';
import type { RefreshTokenRecord, RotateRefreshInput, RotateRefreshOutcome } from '../store';
import { refreshParams, toSession, toUser, type RefreshDbRow, type SessionDbRow } from './rows';
import { revokeActiveSession } from './session-writes';
import type { Statements } from './statements';

/**
 * Builds the refresh-token compare-and-set. It is one synchronous IMMEDIATE transaction: within
 * the process nothing can interleave with it (no await inside), and across processes SQLite's
 * write lock, taken at BEGIN, orders the callers. So of N callers presenting the same active
 * token, the first rotates it and every later one finds it `rotated`, which is reuse.
 */
export function buildRotate(
  db: Database.Database,
  st: Statements,
): (input: RotateRefreshInput) => RotateRefreshOutcome {
  const revokeFamily = (session: SessionDbRow, input: RotateRefreshInput) => {
    // An already revoked or expired session keeps its status, time and first reason.
    const revoked = revokeActiveSession(st, session.id, input.reuseReason, input.now, input.reusePruneAfter);
    st.revokeLiveRefresh.run(session.id);
    return revoked ?? toSession(session);
  };

  const rotate = db.transaction((input: RotateRefreshInput): RotateRefreshOutcome => {
    const token = st.refreshById.get(input.tokenId);
    if (!token) return { kind: 'invalid', reason: 'unknown' };
    if (!safeEqual(token.secret_hash, input.secretHash)) return { kind: 'invalid', reason: 'mismatch' };
    // Another client's token (null, the login API's, matches only null): refused before anything,
    // so presenting someone else's rotated token is not reuse and revokes nothing.
    if (token.client_id !== (input.clientId ?? null)) return { kind: 'invalid', reason: 'client_mismatch' };

    const session = st.sessionById.get(token.session_id);
    // The foreign key makes a missing session impossible; treat it as inactive regardless.
    if (!session) return { kind: 'invalid', reason: 'session_inactive' };

    if (token.status === 'rotated') {
      const successor =
        input.graceSeconds > 0 && token.used_at !== null && input.now - token.used_at <= input.graceSeconds
          ? st.liveChild.get(token.id)
          : undefined;
      if (!successor) return { kind: 'reused', session: revokeFamily(session, input) };
      // within the grace window, and the answer carrying the successor was evidently lost: supersede it
      if (
        session.status !== 'active' ||
        session.idle_expires_at <= input.now ||
        session.absolute_expires_at <= input.now
      )
        return { kind: 'invalid', reason: 'session_inactive' };
      st.markRotated.run(input.now, successor.id);
      return issue(token, session, input);
    }
    if (token.status === 'revoked') return { kind: 'invalid', reason: 'revoked' };

    if (session.status !== 'active') return { kind: 'invalid', reason: 'session_inactive' };
    if (session.idle_expires_at <= input.now || session.absolute_expires_at <= input.now) {
      st.expireSession.get({ id: session.id, now: input.now });
      return { kind: 'invalid', reason: 'session_inactive' };
    }
    if (token.expires_at <= input.now) return { kind: 'invalid', reason: 'expired' };

    st.markRotated.run(input.now, token.id);
    return issue(token, session, input);
  });

  /** Inserts the replacement of `parent` and bumps the session: the end of every successful rotation. */
  const issue = (parent: RefreshDbRow, session: SessionDbRow, input: RotateRefreshInput): RotateRefreshOutcome => {
    // The replacement always joins this token's family, with its client, scope and claims, whatever the
    // caller put in those fields.
    const token: RefreshTokenRecord = {
      ...input.next,
      sessionId: session.id,
      parentId: parent.id,
      status: 'active',
      usedAt: null,
      clientId: parent.client_id,
      scope: parent.scope,
      claims: parent.claims,
    };
    st.insertRefresh.run(refreshParams(token));
    const updated = st.bumpSession.get({ id: session.id, now: input.now, idleExpiresAt: input.idleExpiresAt });
    const user = st.userById.get(session.user_id);
    return { kind: 'rotated', session: toSession(updated ?? session), user: user ? toUser(user) : null, token };
  };

  return (input) => rotate.immediate(input);
}

import type Database from 'better-sqlite3';
import { wholeMs } from '../records';
import type { ClaimPerClient, ClientUsage, LogoutAttemptResult, LogoutDeliveryRecord } from '../store';
import { toLogoutDelivery } from './rows';
import type { Statements } from './statements';

/**
 * Back-channel logout deliveries and client usage. Deliveries are created by the trigger of
 * migration 6, in the transaction of whatever ends a session; these are the dispatcher's side.
 */
export function buildLogoutDeliveries(db: Database.Database, st: Statements) {
  // IMMEDIATE: the write lock is taken before the due rows are read, so two processes on the file
  // never read the same due row; within the process nothing interleaves a synchronous transaction.
  const claim = db.transaction(
    (now: number, limit: number, leaseUntil: number, perClient?: ClaimPerClient): LogoutDeliveryRecord[] =>
      (perClient
        ? st.dueLogoutDeliveriesPerClient.all({
            now,
            limit,
            max: perClient.max,
            held: JSON.stringify(Object.fromEntries(perClient.held)),
          })
        : st.dueLogoutDeliveries.all({ now, limit })
      ).map((row) => {
        st.leaseLogoutDelivery.run(leaseUntil, row.id);
        return toLogoutDelivery({ ...row, next_attempt_at: leaseUntil });
      }),
  );

  // two grouped queries, read in one snapshot
  const usage = db.transaction((now: number): Map<string, ClientUsage> => {
    const out = new Map<string, ClientUsage>();
    const entry = (clientId: string): ClientUsage => {
      let u = out.get(clientId);
      if (!u) out.set(clientId, (u = { activeSessions: 0, liveRefreshTokens: 0 }));
      return u;
    };
    for (const { client_id, n } of st.activeSessionsByClient.all({ now })) entry(client_id).activeSessions = n;
    for (const { client_id, n } of st.liveRefreshByClient.all({ now })) entry(client_id).liveRefreshTokens = n;
    return out;
  });

  return {
    claim: (now: number, limit: number, leaseUntil: number, perClient?: ClaimPerClient): LogoutDeliveryRecord[] =>
      // LIMIT of a negative number is no limit in SQLite
      limit > 0 ? claim.immediate(now, Math.floor(limit), leaseUntil, perClient) : [],

    finish(id: string, result: LogoutAttemptResult): LogoutDeliveryRecord | null {
      // ids are the decimal text of the integer key; anything else names no delivery
      if (!/^[1-9][0-9]{0,15}$/.test(id)) return null;
      const row = st.finishLogoutAttempt.get({
        id: Number(id),
        status: result.status,
        nextAttemptAt: result.nextAttemptAt,
        lastAttemptAt: result.lastAttemptAt,
        lastError: result.lastError,
        latencyMs: wholeMs(result.latencyMs),
        deliveredAt: result.deliveredAt,
      });
      return row ? toLogoutDelivery(row) : null;
    },

    list: (sessionId: string): LogoutDeliveryRecord[] =>
      st.logoutDeliveriesOfSession.all(sessionId).map(toLogoutDelivery),

    prune: (before: number): number => st.pruneLogoutDeliveries.run(before).changes,

    usage: (now: number): Map<string, ClientUsage> => usage.deferred(now),
  };
}

export type LogoutDeliveries = ReturnType<typeof buildLogoutDeliveries>;

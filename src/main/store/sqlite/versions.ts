import type Database from 'better-sqlite3';
import { claimsJson } from '../records';
import type { ClientRecord, UserRecord } from '../store';
import { toClient, toUser } from './rows';
import type { Statements } from './statements';

/**
 * The token-version bumps, each one IMMEDIATE transaction that raises the version and writes the
 * denylist entry refusing every older `ver`: a user's version alone, a user's version with new
 * custom claims (the same step, so no token outlives the claims it carried), a client's version.
 */
export function buildVersionBumps(db: Database.Database, st: Statements) {
  const entry = (
    kind: 'user' | 'client',
    subject: string,
    value: number,
    reason: string,
    now: number,
    pruneAfter: number,
  ) => st.putDenylistEntry.run({ kind, subject, value, reason, createdAt: now, pruneAfter });

  /** `claims`: the new claims' JSON, or null to keep them. */
  const bumpUser = db.transaction(
    (userId: string, claims: string | null, reason: string, now: number, pruneAfter: number): UserRecord | null => {
      if (claims !== null) st.setUserClaims.run(claims, userId);
      const row = st.bumpTokenVersion.get(userId);
      if (!row) return null;
      entry('user', userId, row.token_version, reason, now, pruneAfter);
      return toUser(row);
    },
  );

  const bumpClient = db.transaction(
    (clientId: string, reason: string, now: number, pruneAfter: number): ClientRecord | null => {
      const row = st.bumpClientTokenVersion.get(clientId);
      if (!row) return null;
      entry('client', clientId, row.token_version, reason, now, pruneAfter);
      return toClient(row);
    },
  );

  return {
    bumpUser: (userId: string, reason: string, now: number, pruneAfter: number) =>
      bumpUser.immediate(userId, null, reason, now, pruneAfter),
    setUserClaims: (userId: string, claims: Record<string, unknown>, reason: string, now: number, pruneAfter: number) =>
      // validated before the transaction: a refused value writes nothing
      bumpUser.immediate(userId, claimsJson(claims), reason, now, pruneAfter),
    bumpClient: (clientId: string, reason: string, now: number, pruneAfter: number) =>
      bumpClient.immediate(clientId, reason, now, pruneAfter),
  };
}

export type VersionBumps = ReturnType<typeof buildVersionBumps>;

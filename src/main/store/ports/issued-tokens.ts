export interface IssuedTokenRecord {
  jti: string;
  sessionId: string;
  kid: string;
  issuedAt: number;
  expiresAt: number;
}

/**
 * The log of access tokens issued in sessions: what a session's detail lists, what names a
 * denylisted jti, and what tells how many live tokens a signing key still has.
 */
export interface IssuedTokenStore {
  recordIssuedToken(token: IssuedTokenRecord): Promise<void>;
  listIssuedTokens(sessionId: string): Promise<IssuedTokenRecord[]>;
  /** The log's records of these jtis (those not pruned yet), in no particular order: one read however many. */
  getIssuedTokens(jtis: string[]): Promise<IssuedTokenRecord[]>;
  /** Deletes issued-token records that expired before `before`; returns how many. */
  pruneIssuedTokens(before: number): Promise<number>;
  /** Counts tokens signed by a key that have not expired at `now`, and their sessions. */
  countLiveTokensByKid(kid: string, now: number): Promise<{ tokens: number; sessions: number }>;
}

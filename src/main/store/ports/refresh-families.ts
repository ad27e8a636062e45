import type { SessionRecord } from './sessions';
import type { UserRecord } from './users';

export type RefreshStatus = 'active' | 'rotated' | 'revoked';

export interface RefreshTokenRecord {
  /** Public half of `<id>.<secret>`; the secret itself is never stored. */
  id: string;
  sessionId: string;
  /** base64url SHA-256 of the secret. */
  secretHash: string;
  parentId: string | null;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  status: RefreshStatus;
  /** The OAuth client the family was issued to; null for Gatehouse's own login API. */
  clientId: string | null;
  /** The scope granted with the family (space-separated; '' for the login API). */
  scope: string;
  /**
   * The authorization request's `claims` parameter (OIDC Core §5.5, normalised JSON) granted with
   * the family, so a refresh asks for what the sign-in asked; null when it named none.
   */
  claims: string | null;
}

export interface RotateRefreshInput {
  tokenId: string;
  secretHash: string;
  now: number;
  /**
   * The replacement; its `parentId` is `tokenId`. Its `sessionId`, `clientId`, `scope` and `claims` are
   * ignored (the adapter copies them from the rotated token). Its `expiresAt` may outlive the session: every rotation
   * checks the session's own expiry first.
   */
  next: RefreshTokenRecord;
  idleExpiresAt: number;
  reuseReason: string;
  /**
   * The client presenting the token (null: Gatehouse's own login API). A token of another client is
   * `client_mismatch` and changes nothing: it is neither rotated nor counted as reuse.
   */
  clientId: string | null;
  /** `pruneAfter` of the session's denylist entry when reuse revokes it. */
  reusePruneAfter: number;
  /**
   * Seconds after its rotation during which an already rotated token may be presented again, if
   * its successor was never used (the client lost the answer): the successor is then superseded
   * (marked used, so presenting it later is reuse) and a new one issued. 0 = strict reuse detection.
   */
  graceSeconds: number;
}

export type RotateRefreshOutcome =
  /**
   * `user` is read in the same step, so nothing after the commit can fail the answer; `token` is
   * the replacement as stored (with the family's client and scope).
   */
  | { kind: 'rotated'; session: SessionRecord; user: UserRecord | null; token: RefreshTokenRecord }
  /** The token had already been rotated: the whole family (session) is now revoked. */
  | { kind: 'reused'; session: SessionRecord }
  | {
      kind: 'invalid';
      reason: 'unknown' | 'mismatch' | 'client_mismatch' | 'expired' | 'revoked' | 'session_inactive';
    };

/**
 * The refresh-token families: one per client in a session (one for the login API), each token
 * rotated on use by one compare-and-set. A session's first family comes with `createSession`.
 */
export interface RefreshFamilyStore {
  /**
   * Starts another refresh family in a session (a client redeeming its code): inserts `root` if its
   * session is active and not past its expiry, and answers the session; null otherwise. A root
   * with a clientId also records that client in the session (as addSessionClient does) in the
   * same write, so a code's redemption commits once.
   */
  startRefreshFamily(root: RefreshTokenRecord, now: number): Promise<SessionRecord | null>;
  /**
   * Compare-and-set of one refresh token (RFC 9700): exactly one of any number of concurrent
   * calls with the same token gets `rotated`. A token already rotated revokes its family.
   * The secret hash is compared in constant time.
   */
  rotateRefreshToken(input: RotateRefreshInput): Promise<RotateRefreshOutcome>;
  getRefreshFamily(sessionId: string): Promise<RefreshTokenRecord[]>;
  getRefreshToken(id: string): Promise<RefreshTokenRecord | null>;
}

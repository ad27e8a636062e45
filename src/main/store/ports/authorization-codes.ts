/** A pending authorization code (RFC 6749 §4.1), single use and short-lived. */
export interface AuthorizationCodeRecord {
  /** base64url SHA-256 of the code; the code itself is never stored. */
  codeHash: string;
  clientId: string;
  sessionId: string;
  userId: string;
  /** Exactly the `redirect_uri` of the authorization request. */
  redirectUri: string;
  /**
   * PKCE S256 challenge (RFC 7636); null when the request had none (a client with `requirePkce`
   * off), so the token endpoint refuses a verifier for it (a PKCE downgrade, RFC 9700 §4.8.2).
   */
  codeChallenge: string | null;
  scope: string;
  nonce: string | null;
  /** The request's `claims` parameter (OIDC Core §5.5) as the domain normalised it, JSON; null when none. */
  claims: string | null;
  /** When the user authenticated (`auth_time`). */
  authTime: number;
  createdAt: number;
  expiresAt: number;
  /** When it was redeemed: a second redemption finds this set. */
  usedAt: number | null;
}

/** The OpenID Provider's authorization codes, stored as hashes and consumed in one step. */
export interface AuthorizationCodeStore {
  putAuthorizationCode(code: AuthorizationCodeRecord): Promise<void>;
  /**
   * Marks the code used at `now` and returns it as it was before, atomically: of N concurrent
   * redemptions exactly one sees `usedAt` null. Null for a code never stored (or pruned).
   */
  consumeAuthorizationCode(codeHash: string, now: number): Promise<AuthorizationCodeRecord | null>;
  /** Deletes codes that expired before `before` (used or not); returns how many. */
  pruneAuthorizationCodes(before: number): Promise<number>;
}

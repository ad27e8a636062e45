/** What `updateUser` may change. */
export type UserPatch = Partial<Pick<UserRecord, 'passwordHash' | 'roles' | 'disabled'>>;

export interface UserRecord {
  id: string;
  username: string;
  /** `scrypt$N$r$p$salt$hash`, never the password. */
  passwordHash: string;
  /** Bumped to invalidate every access token of the user at once (`ver` claim). */
  tokenVersion: number;
  roles: string[];
  /** Custom claims served by UserInfo (`email`, `name`, anything but the registered JWT claim names). */
  claims: Record<string, unknown>;
  /** A disabled user cannot sign in; their sessions were revoked when they were disabled. */
  disabled: boolean;
  createdAt: number;
}

/** The users: their records, token versions and custom claims. */
export interface UserStore {
  createUser(user: UserRecord): Promise<void>;
  getUserById(id: string): Promise<UserRecord | null>;
  getUserByUsername(username: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /**
   * Raises the user's token version by one and records the `user` denylist entry that refuses
   * every older `ver`, together. Null for an unknown user.
   */
  bumpTokenVersion(userId: string, reason: string, now: number, pruneAfter: number): Promise<UserRecord | null>;
  /** Replaces the given fields of a user (a password reset, roles, disabled); null for an unknown user. */
  updateUser(userId: string, patch: UserPatch): Promise<UserRecord | null>;
  /**
   * Deletes a user and every session of theirs, with the sessions' refresh tokens, issued-token
   * log, clients and browser sessions (the caller revokes them first, which writes their `sid`
   * denylist entries and their back-channel logout deliveries; neither is deleted here). False
   * for an unknown user. A session still active is deleted as it is, without deliveries (this
   * method has no `now` to end it with). Authorization codes are left to their prune: they live a
   * minute, and redeeming one finds its session gone.
   */
  deleteUser(userId: string): Promise<boolean>;
  /**
   * Replaces the user's custom claims and raises their token version (with its `user` denylist
   * entry) in one step, so no token carries claims that changed. Null for an unknown user.
   */
  setUserClaims(
    userId: string,
    claims: Record<string, unknown>,
    reason: string,
    now: number,
    pruneAfter: number,
  ): Promise<UserRecord | null>;
}

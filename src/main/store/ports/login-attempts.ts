/** One login attempt, held against every key (user, address) until it succeeds or ages out. */
export interface LoginAttempt {
  id: string;
  /** Each key with the most attempts it may hold within the window. */
  keys: { key: string; limit: number }[];
  now: number;
  /** Seconds an attempt counts against its keys. */
  window: number;
}

/**
 * Attempts counted against keys, shared by every instance: the login throttle's (a user, an
 * address) and client authentication's failures (under keys of their own).
 */
export interface LoginAttemptStore {
  /**
   * Counts a login attempt against each of its keys unless one of them already holds its limit
   * within the window: atomically, so of N concurrent attempts exactly the allowed number pass.
   * Refused: how many seconds until the oldest counted attempt ages out.
   */
  reserveLoginAttempt(attempt: LoginAttempt): Promise<{ ok: true } | { ok: false; retryAfter: number }>;
  /**
   * Reads, without counting anything, how many seconds until every key is below its limit (0: none
   * is at it). For checks cheap enough to make first and count only when they fail (client secrets).
   */
  loginAttemptsWait(attempt: Omit<LoginAttempt, 'id'>): Promise<number>;
  /** Takes back an attempt that should not count (it succeeded, or was never tried). */
  releaseLoginAttempt(id: string, keys: string[]): Promise<void>;
  /** Forgets every attempt counted against a key (a successful login clears its user's count). */
  clearLoginAttempts(key: string): Promise<void>;
  /** Deletes attempts made before `before`; returns how many. */
  pruneLoginAttempts(before: number): Promise<number>;
}

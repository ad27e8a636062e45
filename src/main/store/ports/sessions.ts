import type { SearchTerm } from '../../../shared/session-search';
import type { RefreshTokenRecord } from './refresh-families';

export type SessionStatus = 'active' | 'revoked' | 'expired';

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: number;
  lastSeenAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
  ip: string;
  userAgent: string;
  /** Short human label derived from the user agent ("Firefox on Linux"). */
  device: string;
  status: SessionStatus;
  revokedAt: number | null;
  revokedReason: string | null;
}

/** A client that received tokens in a session (back-channel logout tells each of them). */
export interface SessionClientRecord {
  sessionId: string;
  clientId: string;
  firstAt: number;
}

export type SessionSortField = 'createdAt' | 'lastSeenAt' | 'idleExpiresAt' | 'absoluteExpiresAt' | 'username';

export interface SessionQuery {
  userId?: string;
  status?: SessionStatus;
  /**
   * Terms that must all match (AND), each under its field's rule as `sessionMatches` in
   * shared/session-search.ts defines it, which is the reference every adapter agrees with:
   * `user` and `device` a case-insensitive substring of the user name or the device label, `ip` a
   * case-insensitive prefix of the address, `sid` a case-sensitive prefix of the session id, and a
   * plain word (`any`) a case-insensitive substring of the user name, the device or the address —
   * never of the session id or the user agent. Values are literal (no wildcards). Empty: no filter.
   */
  search?: readonly SearchTerm[];
  sort?: SessionSortField;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

export interface SessionRow extends SessionRecord {
  username: string;
}

/**
 * The server-side sessions: their lifecycle (created, touched, revoked, expired) and the clients
 * that received tokens in each. Every end of a session also writes its `sid` denylist entry (when
 * revoked) and its back-channel logout deliveries (ports/logout-outbox.ts) in the same step.
 */
export interface SessionStore {
  /**
   * Creates the session and the first refresh token of its family together; a browser login at the
   * OpenID Provider creates the session alone (null), each client's family comes with its code.
   */
  createSession(session: SessionRecord, firstToken: RefreshTokenRecord | null): Promise<void>;
  getSession(id: string): Promise<SessionRecord | null>;
  /** The sessions of these ids that exist, in no particular order: one read however many (the console names a page of entries). */
  getSessions(ids: string[]): Promise<SessionRecord[]>;
  listSessions(query: SessionQuery): Promise<{ items: SessionRow[]; total: number }>;
  /** Classic per-request session check: bump last_seen and idle expiry of an active session. */
  touchSession(id: string, now: number, idleExpiresAt: number): Promise<SessionRecord | null>;
  /**
   * Revokes an active session and its live refresh tokens, and records its `sid` denylist entry
   * (until `pruneAfter`) in the same step; null when it was not active.
   */
  revokeSession(id: string, reason: string, now: number, pruneAfter: number): Promise<SessionRecord | null>;
  /** Revokes every active session of the user as `revokeSession` does; returns those revoked. */
  revokeUserSessions(userId: string, reason: string, now: number, pruneAfter: number): Promise<SessionRecord[]>;
  /** Marks active sessions past their idle or absolute expiry as expired; returns them. */
  expireSessions(now: number): Promise<SessionRecord[]>;

  /** Records that a client received tokens in a session (idempotent: the first time is kept). */
  addSessionClient(sessionId: string, clientId: string, now: number): Promise<void>;
  listSessionClients(sessionId: string): Promise<SessionClientRecord[]>;
}

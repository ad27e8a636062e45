import { IdTable } from './id-table.js';

export type DenylistKind = 'jti' | 'sid' | 'user';

/** What a verifier needs of one denylist entry; the store keeps the reason and time beside it. */
export interface DenylistItem {
  kind: DenylistKind;
  /** The jti, the session id or the user id. */
  subject: string;
  /** For `user`: the minimum token version still accepted. Otherwise 0. */
  value: number;
  /** After this time no token the entry could affect is still valid, so it may be dropped. */
  pruneAfter: number;
}

/** A persisted denylist entry: what the verifier needs, plus why and when it was made. */
export interface DenylistEntry extends DenylistItem {
  reason: string;
  createdAt: number;
}

/**
 * The denylist as a verifier holds it in memory: denylisted jtis, revoked session ids and per-user
 * minimum token versions, each kept until no token it could affect is still valid. jtis and
 * session ids live in compact tables (~40 B an entry), so a million entries cost tens of MB.
 * Gatehouse's verifier and a resource server's `createVerifier` both use this type; neither
 * reads a store per request.
 */
export class Denylist {
  private jtis: IdTable;
  private sids: IdTable;
  private users = new Map<string, { value: number; pruneAfter: number }>();

  /** `expected`: how many jti and sid entries a rebuild is about to add, so each table is sized once. */
  constructor(expected: { jti?: number; sid?: number } = {}) {
    this.jtis = new IdTable(expected.jti);
    this.sids = new IdTable(expected.sid);
  }

  isJtiRevoked = (jti: string): boolean => this.jtis.has(jti);
  isSessionRevoked = (sid: string): boolean => this.sids.has(sid);
  /** Minimum `ver` still accepted for the user (0 when nothing was bumped recently). */
  minVersion = (userId: string): number => this.users.get(userId)?.value ?? 0;

  has(kind: DenylistKind, subject: string): boolean {
    if (kind === 'user') return this.users.has(subject);
    return (kind === 'jti' ? this.jtis : this.sids).has(subject);
  }

  /** Applies an entry; a user's minimum version only ever rises, whatever order entries arrive in. */
  apply(entry: DenylistItem): void {
    if (entry.kind === 'user') {
      const current = this.users.get(entry.subject);
      if (current && current.value > entry.value) return;
      this.users.set(entry.subject, { value: entry.value, pruneAfter: entry.pruneAfter });
    } else (entry.kind === 'jti' ? this.jtis : this.sids).set(entry.subject, entry.pruneAfter);
  }

  forget(kind: DenylistKind, subject: string): boolean {
    if (kind === 'user') return this.users.delete(subject);
    return (kind === 'jti' ? this.jtis : this.sids).delete(subject);
  }

  /** Drops entries no token can still need; returns how many. */
  prune(now: number): number {
    let dropped = this.jtis.prune(now) + this.sids.prune(now);
    for (const [subject, e] of this.users) {
      if (e.pruneAfter > now) continue;
      this.users.delete(subject);
      dropped++;
    }
    return dropped;
  }

  /** Takes over another denylist's entries: a rebuild is done off to the side, then swapped in at once. */
  replaceWith(other: Denylist): void {
    ({ jtis: this.jtis, sids: this.sids, users: this.users } = other);
    other.jtis = new IdTable();
    other.sids = new IdTable();
    other.users = new Map();
  }

  clear(): void {
    this.jtis.clear();
    this.sids.clear();
    this.users.clear();
  }

  get size(): { jti: number; sid: number; user: number } {
    return { jti: this.jtis.size, sid: this.sids.size, user: this.users.size };
  }
}

import { IdTable } from './id-table.js';

/** A denylisted access token, a revoked session, or a user's or a client's minimum token version. */
export type DenylistKind = 'jti' | 'sid' | 'user' | 'client';
type VersionKind = Extract<DenylistKind, 'user' | 'client'>;

/** What a verifier needs of one denylist entry; the store keeps the reason and time beside it. */
export interface DenylistItem {
  kind: DenylistKind;
  /** The jti, the session id, the user id or the client id. */
  subject: string;
  /** For `user` and `client`: the minimum token version still accepted. Otherwise 0. */
  value: number;
  /** After this time no token the entry could affect is still valid, so it may be dropped. */
  pruneAfter: number;
}

/** A persisted denylist entry: what the verifier needs, plus why and when it was made. */
export interface DenylistEntry extends DenylistItem {
  reason: string;
  createdAt: number;
}

const isVersion = (kind: DenylistKind): kind is VersionKind => kind === 'user' || kind === 'client';

/**
 * The denylist as a verifier holds it in memory: denylisted jtis, revoked session ids, and minimum
 * token versions of users (their tokens) and of clients (the tokens a client got for itself),
 * each kept until no token it could affect is still valid. jtis and session ids live in compact
 * tables (~30 B an entry), so a million entries cost tens of MB. Gatehouse's verifier and a
 * resource server's `createVerifier` both use this type; neither reads a store per request.
 */
export class Denylist {
  private jtis: IdTable;
  private sids: IdTable;
  private versions: Record<VersionKind, Map<string, { value: number; pruneAfter: number }>> = {
    user: new Map(),
    client: new Map(),
  };

  /** `expected`: how many jti and sid entries a rebuild is about to add, so each table is sized once. */
  constructor(expected: { jti?: number; sid?: number } = {}) {
    this.jtis = new IdTable(expected.jti);
    this.sids = new IdTable(expected.sid);
  }

  isJtiRevoked = (jti: string): boolean => this.jtis.has(jti);
  isSessionRevoked = (sid: string): boolean => this.sids.has(sid);
  /** Minimum `ver` still accepted for the user (0 when nothing was bumped recently). */
  minVersion = (userId: string): number => this.versions.user.get(userId)?.value ?? 0;
  /** Minimum `ver` still accepted for a client's own tokens (client_credentials). */
  minClientVersion = (clientId: string): number => this.versions.client.get(clientId)?.value ?? 0;

  has(kind: DenylistKind, subject: string): boolean {
    if (isVersion(kind)) return this.versions[kind].has(subject);
    return (kind === 'jti' ? this.jtis : this.sids).has(subject);
  }

  /** Applies an entry; a minimum version only ever rises, whatever order entries arrive in. */
  apply(entry: DenylistItem): void {
    if (isVersion(entry.kind)) {
      const map = this.versions[entry.kind];
      const current = map.get(entry.subject);
      if (current && current.value > entry.value) return;
      map.set(entry.subject, { value: entry.value, pruneAfter: entry.pruneAfter });
    } else (entry.kind === 'jti' ? this.jtis : this.sids).set(entry.subject, entry.pruneAfter);
  }

  forget(kind: DenylistKind, subject: string): boolean {
    if (isVersion(kind)) return this.versions[kind].delete(subject);
    return (kind === 'jti' ? this.jtis : this.sids).delete(subject);
  }

  /** Drops entries no token can still need; returns how many. */
  prune(now: number): number {
    let dropped = this.jtis.prune(now) + this.sids.prune(now);
    for (const map of Object.values(this.versions)) {
      for (const [subject, e] of map) {
        if (e.pruneAfter > now) continue;
        map.delete(subject);
        dropped++;
      }
    }
    return dropped;
  }

  /** Takes over another denylist's entries: a rebuild is done off to the side, then swapped in at once. */
  replaceWith(other: Denylist): void {
    ({ jtis: this.jtis, sids: this.sids, versions: this.versions } = other);
    other.jtis = new IdTable();
    other.sids = new IdTable();
    other.versions = { user: new Map(), client: new Map() };
  }

  clear(): void {
    this.jtis.clear();
    this.sids.clear();
    this.versions.user.clear();
    this.versions.client.clear();
  }

  get size(): Record<DenylistKind, number> {
    return {
      jti: this.jtis.size,
      sid: this.sids.size,
      user: this.versions.user.size,
      client: this.versions.client.size,
    };
  }
}

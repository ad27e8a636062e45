import type { RevocationRecord } from '../store/store';

/**
 * What a resource-server verifier needs to know about revocations, kept in memory and updated by
 * a feed. `current()` is false while updates could be missed: the verifier then fails closed.
 */
export interface RevocationSource {
  current(): boolean;
  isJtiRevoked(jti: string): boolean;
  isSessionRevoked(sid: string): boolean;
  /** Minimum `ver` still accepted for the user (0 when nothing was bumped recently). */
  minVersion(userId: string): number;
  /** A key the issuer revoked or retired: its tokens are refused at once, whatever the JWKS cache holds. */
  isKidRevoked(kid: string): boolean;
  /** Called when the issuer's key ring changed (the verifier then refetches the JWKS). */
  onKeysChanged(listener: () => void): () => void;
  close(): Promise<void>;
}

/** The in-memory sets, with the same rules as the issuer's RevocationIndex (a user's minimum only rises). */
export class RevocationSets {
  private readonly maps = { jti: new Map<string, RevocationRecord>(), sid: new Map<string, RevocationRecord>(), user: new Map<string, RevocationRecord>() };
  revokedKids = new Set<string>();

  replace(entries: RevocationRecord[], revokedKids: Iterable<string>): void {
    for (const map of Object.values(this.maps)) map.clear();
    for (const entry of entries) this.apply(entry);
    this.revokedKids = new Set(revokedKids);
  }

  apply(entry: RevocationRecord): void {
    const map = this.maps[entry.kind];
    const current = map.get(entry.subject);
    if (entry.kind === 'user' && current && current.value > entry.value) return;
    map.set(entry.subject, entry);
  }

  forget(kind: RevocationRecord['kind'], subject: string): void {
    this.maps[kind].delete(subject);
  }

  /** Drops entries no token can still need (their `pruneAfter` has passed). */
  prune(now: number): void {
    for (const map of Object.values(this.maps)) for (const [subject, e] of map) if (e.pruneAfter <= now) map.delete(subject);
  }

  isJtiRevoked = (jti: string): boolean => this.maps.jti.has(jti);
  isSessionRevoked = (sid: string): boolean => this.maps.sid.has(sid);
  minVersion = (userId: string): number => this.maps.user.get(userId)?.value ?? 0;
}

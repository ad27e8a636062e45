import type { RevocationKind, RevocationRecord, Store } from '../store/store';
import type { Clock } from './clock';
import type { ClusterMessage } from './cluster-feed';
import type { EventBus } from './event-bus';

/**
 * The in-memory revocation sets that let the verifier reject a revoked token without a store read:
 * denylisted jtis, revoked session ids, and per-user minimum token versions. Every entry is
 * persisted, rebuilt at start, and dropped once no token it could affect is still valid.
 */
export class RevocationIndex {
  private readonly jtis = new Map<string, RevocationRecord>();
  private readonly sids = new Map<string, RevocationRecord>();
  private readonly users = new Map<string, RevocationRecord>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    /** Tells the other instances (no-op on a single instance). */
    private readonly publish: (message: ClusterMessage) => Promise<void> = async () => {},
  ) {}

  async load(): Promise<void> {
    for (const map of [this.jtis, this.sids, this.users]) map.clear();
    for (const entry of await this.store.listRevocations()) this.apply(entry);
  }

  isJtiRevoked(jti: string): boolean {
    return this.jtis.has(jti);
  }

  isSessionRevoked(sid: string): boolean {
    return this.sids.has(sid);
  }

  /** Minimum `ver` still accepted for the user (0 when nothing was bumped recently). */
  minVersion(userId: string): number {
    return this.users.get(userId)?.value ?? 0;
  }

  get(kind: RevocationKind, subject: string): RevocationRecord | undefined {
    return this.map(kind).get(subject);
  }

  list(): RevocationRecord[] {
    return [...this.jtis.values(), ...this.sids.values(), ...this.users.values()];
  }

  /** Adds (or replaces) an entry: in memory first, so the very next request sees it, then persisted. */
  async add(entry: RevocationRecord): Promise<void> {
    this.apply(entry);
    await this.store.putRevocation(entry);
    await this.publish({ type: 'revocation.added', entry });
    this.bus.emit({ type: 'denylist.changed', at: this.clock.now(), kind: entry.kind, subject: entry.subject, change: 'added' });
  }

  async remove(kind: RevocationKind, subject: string): Promise<boolean> {
    const had = this.forget(kind, subject);
    const stored = await this.store.deleteRevocation(kind, subject);
    if (had || stored) await this.publish({ type: 'revocation.removed', kind, subject });
    if (had || stored) this.bus.emit({ type: 'denylist.changed', at: this.clock.now(), kind, subject, change: 'removed' });
    return had || stored;
  }

  /** Drops entries whose tokens have all expired; returns how many. */
  async prune(): Promise<number> {
    const now = this.clock.now();
    let dropped = 0;
    for (const map of [this.jtis, this.sids, this.users]) {
      for (const [subject, entry] of map) {
        if (entry.pruneAfter > now) continue;
        map.delete(subject);
        dropped++;
        this.bus.emit({ type: 'denylist.changed', at: now, kind: entry.kind, subject, change: 'pruned' });
      }
    }
    await this.store.pruneRevocations(now);
    return dropped;
  }

  /** Applies an entry made elsewhere (another instance) to the in-memory sets only. */
  apply(entry: RevocationRecord): void {
    const map = this.map(entry.kind);
    const current = map.get(entry.subject);
    // a user's minimum version only ever rises
    if (entry.kind === 'user' && current && current.value > entry.value) return;
    map.set(entry.subject, entry);
  }

  /** Drops an entry from memory only (removed by another instance). */
  forget(kind: RevocationKind, subject: string): boolean {
    return this.map(kind).delete(subject);
  }

  private map(kind: RevocationKind): Map<string, RevocationRecord> {
    return kind === 'jti' ? this.jtis : kind === 'sid' ? this.sids : this.users;
  }
}

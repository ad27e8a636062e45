import type { DenylistEntry, DenylistKind, DenylistQuery, Store } from '../store/store';
import type { ClusterMessage } from './cluster-feed';
import type { Clock } from './clock';
import { Denylist } from '@gatehouse/verifier/internal';
import { AuthError } from './errors';
import type { EventBus } from './event-bus';

/**
 * The denylist of one running server: the store decides, then memory follows. Every entry is
 * written to the store first and applied to the in-memory `Denylist` (what the verifier reads on
 * every request) only once the write succeeded, so a failed write changes nothing anywhere and a
 * restart rebuilds exactly what was answered. Entries that come with another change (a session's
 * revocation, a token-version bump) are written by the store in that change's own transaction
 * and applied here with `applyCommitted`.
 */
export class DenylistService {
  readonly entries = new Denylist();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly bus: EventBus,
    /** Tells the other instances (no-op on a single instance); never throws. */
    private readonly publish: (message: ClusterMessage) => Promise<void> = async () => {},
  ) {}

  /** Rebuilds the in-memory denylist from the store (at start, and after a feed reconnect). */
  async load(): Promise<void> {
    const [jti, sid] = await Promise.all([
      this.store.countDenylist({ kind: 'jti' }),
      this.store.countDenylist({ kind: 'sid' }),
    ]);
    const fresh = new Denylist({ jti, sid });
    await this.store.scanDenylist(this.clock.now(), (kind, subject, value, pruneAfter) =>
      fresh.apply({ kind, subject, value, pruneAfter }),
    );
    this.entries.replaceWith(fresh);
  }

  /** Denylists a jti: stored first, then in force here, then announced. */
  async add(entry: DenylistEntry): Promise<void> {
    await this.store.putDenylistEntry(entry);
    await this.applyCommitted(entry);
  }

  /** Puts in force an entry the store has already committed. */
  async applyCommitted(entry: DenylistEntry): Promise<void> {
    this.entries.apply(entry);
    this.bus.emit({
      type: 'denylist.changed',
      at: this.clock.now(),
      change: 'added',
      kind: entry.kind,
      subject: entry.subject,
    });
    await this.publish({ type: 'denylist.added', entry });
  }

  /**
   * A user's or a client's token version the store has raised, with its denylist entry in the
   * same write: in force here too, so every token with an older `ver` fails on its next request.
   */
  versionRaised(
    kind: 'user' | 'client',
    subject: string,
    version: number,
    reason: string,
    at: number,
    pruneAfter: number,
  ): Promise<void> {
    return this.applyCommitted({ kind, subject, value: version, reason, createdAt: at, pruneAfter });
  }

  /** Applies what another instance committed and announced. */
  receive(message: Extract<ClusterMessage, { type: 'denylist.added' | 'denylist.removed' }>): void {
    const now = this.clock.now();
    if (message.type === 'denylist.added') {
      this.entries.apply(message.entry);
      this.bus.emit({
        type: 'denylist.changed',
        at: now,
        change: 'added',
        kind: message.entry.kind,
        subject: message.entry.subject,
      });
    } else if (this.entries.forget(message.kind, message.subject)) {
      this.bus.emit({
        type: 'denylist.changed',
        at: now,
        change: 'removed',
        kind: message.kind,
        subject: message.subject,
      });
    }
  }

  /**
   * Removes a jti entry. A session's revocation and a token-version bump are final: their entries
   * mirror the session's state and the user's version, and removing one would let tokens of a
   * revoked session (or an old version) pass again while the rest of Gatehouse says otherwise.
   */
  async remove(kind: DenylistKind, subject: string): Promise<boolean> {
    if (kind === 'sid')
      throw new AuthError(
        'invalid_state',
        'a session revocation is final: its entry cannot be removed (the session stays revoked)',
      );
    if (kind === 'client')
      throw new AuthError(
        'invalid_state',
        "a client's token-version bump is final: its entry cannot be removed (the client's older tokens stay invalid)",
      );
    if (kind === 'user')
      throw new AuthError(
        'invalid_state',
        "a token-version bump is final: its entry cannot be removed (the user's older tokens stay invalid)",
      );
    const removed = await this.store.deleteDenylistEntry(kind, subject);
    const forgotten = this.entries.forget(kind, subject);
    if (!removed && !forgotten) return false;
    this.bus.emit({ type: 'denylist.changed', at: this.clock.now(), change: 'removed', kind, subject });
    await this.publish({ type: 'denylist.removed', kind, subject });
    return true;
  }

  get(kind: DenylistKind, subject: string): Promise<DenylistEntry | null> {
    return this.store.getDenylistEntry(kind, subject);
  }

  async page(
    query: DenylistQuery & { offset: number; limit: number },
  ): Promise<{ items: DenylistEntry[]; total: number }> {
    const { offset: _o, limit: _l, ...filter } = query;
    const [items, total] = await Promise.all([this.store.listDenylist(query), this.store.countDenylist(filter)]);
    return { items, total };
  }

  /** Drops entries whose tokens have all expired, in memory and in the store; returns how many. */
  async prune(): Promise<number> {
    const now = this.clock.now();
    const dropped = this.entries.prune(now);
    await this.store.pruneDenylist(now);
    if (dropped) this.bus.emit({ type: 'denylist.changed', at: now, change: 'pruned', count: dropped });
    return dropped;
  }
}

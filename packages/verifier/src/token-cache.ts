/**
 * Bounded map of recently verified tokens (keyed by the whole compact string), so a token presented
 * again skips the signature check. Only signature and static claim checks are cached: expiry,
 * revocation and key state are re-checked on every hit by the verifier.
 *
 * Eviction is first-in, first-out, which a Map's insertion order gives for free. Why not LRU
 * (e.g. lru-cache): a hit must stay a plain lookup with no bookkeeping write, since it is the hot
 * path of every request; and access tokens live 60 s, so every entry ages out within a minute
 * whatever the policy: a busy token evicted early costs one more signature check, not a miss per
 * request.
 */
export class VerifiedTokenCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private capacity: number) {}

  get(token: string): V | undefined {
    return this.entries.get(token);
  }

  set(token: string, value: V): void {
    if (this.capacity <= 0) return;
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, value);
  }

  resize(capacity: number): void {
    this.capacity = capacity;
    while (this.entries.size > Math.max(capacity, 0)) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

import { createHash } from 'node:crypto';
import { decodeBase64UrlInto } from './format.js';

/**
 * A set of 128-bit ids, each with a 32-bit expiry, in an open-addressing hash table of typed
 * arrays: 20 bytes a slot, so ~40 bytes an entry at the usual load, against ~270 for a Map of
 * strings to records. Gatehouse's ids (jti, sid) are 16 random bytes in 22 base64url characters
 * and are stored as those bytes; any other string is stored as the first 16 bytes of its SHA-256
 * (a collision needs 2^64 ids).
 */
export class IdTable {
  /** Four words of id per slot. */
  private ids: Uint32Array;
  /** Per slot: 0 empty, TOMBSTONE deleted, else the entry's expiry (unix seconds, ≥ 1). */
  private expiries: Uint32Array;
  private capacity: number;
  /** Live entries plus tombstones: what probing has to step over. */
  private occupied = 0;
  private live = 0;

  /** `expected`: entries about to be added (a rebuild knows), so the table is sized once. */
  constructor(expected = 0) {
    this.capacity = capacityFor(expected);
    this.ids = new Uint32Array(this.capacity * 4);
    this.expiries = new Uint32Array(this.capacity);
  }

  get size(): number {
    return this.live;
  }

  /** Bytes held by the table's arrays (the bench's memory figure). */
  get bytes(): number {
    return this.ids.byteLength + this.expiries.byteLength;
  }

  has(id: string): boolean {
    return this.find(toKey(id)) >= 0;
  }

  /** Adds or updates an id; its expiry is clamped to the 32-bit range the table stores. */
  set(id: string, expiresAt: number): void {
    const key = toKey(id);
    const expiry = clampExpiry(expiresAt);
    const at = this.find(key);
    if (at >= 0) {
      this.expiries[at] = expiry;
      return;
    }
    if (this.occupied + 1 > this.capacity * MAX_LOAD) this.rehash(capacityFor(this.live + 1 + (this.live >> 1)));
    let slot = slotOf(key, this.capacity);
    while (this.expiries[slot] !== EMPTY && this.expiries[slot] !== TOMBSTONE) slot = next(slot, this.capacity);
    if (this.expiries[slot] === EMPTY) this.occupied++;
    this.write(slot, key, expiry);
    this.live++;
  }

  delete(id: string): boolean {
    const at = this.find(toKey(id));
    if (at < 0) return false;
    this.expiries[at] = TOMBSTONE;
    this.live--;
    return true;
  }

  /** Drops every entry whose expiry is at or before `now`; returns how many. */
  prune(now: number): number {
    let dropped = 0;
    for (let slot = 0; slot < this.capacity; slot++) {
      const e = this.expiries[slot]!;
      if (e !== EMPTY && e !== TOMBSTONE && e <= now) {
        this.expiries[slot] = TOMBSTONE;
        dropped++;
      }
    }
    this.live -= dropped;
    // many tombstones make every probe longer: rebuild in place once they outnumber live entries
    if (this.occupied - this.live > this.live && this.occupied > 16) this.rehash(capacityFor(this.live));
    return dropped;
  }

  clear(): void {
    this.ids.fill(0);
    this.expiries.fill(0);
    this.occupied = 0;
    this.live = 0;
  }

  private find(key: Uint32Array): number {
    let slot = slotOf(key, this.capacity);
    for (;;) {
      const e = this.expiries[slot]!;
      if (e === EMPTY) return -1;
      if (e !== TOMBSTONE) {
        const i = slot * 4;
        if (
          this.ids[i] === key[0] &&
          this.ids[i + 1] === key[1] &&
          this.ids[i + 2] === key[2] &&
          this.ids[i + 3] === key[3]
        )
          return slot;
      }
      slot = next(slot, this.capacity);
    }
  }

  private write(slot: number, key: Uint32Array, expiry: number): void {
    this.ids.set(key, slot * 4);
    this.expiries[slot] = expiry;
  }

  private rehash(capacity: number): void {
    const { ids, expiries } = this;
    this.ids = new Uint32Array(capacity * 4);
    this.expiries = new Uint32Array(capacity);
    this.capacity = capacity;
    this.occupied = 0;
    const key = new Uint32Array(4);
    for (let old = 0; old < expiries.length; old++) {
      const e = expiries[old]!;
      if (e === EMPTY || e === TOMBSTONE) continue;
      key.set(ids.subarray(old * 4, old * 4 + 4));
      let slot = slotOf(key, this.capacity);
      while (this.expiries[slot] !== EMPTY) slot = next(slot, this.capacity);
      this.write(slot, key, e);
      this.occupied++;
    }
  }
}

const EMPTY = 0;
const TOMBSTONE = 0xffffffff;
/** Linear probing stays short below this share of slots in use (live + tombstones). */
const MAX_LOAD = 0.75;
/** Sized for `entries` at ~2/3 load: ~30 bytes an entry, with room to grow by half before a rehash. */
const capacityFor = (entries: number): number => Math.max(64, Math.ceil(entries * 1.5));
const next = (slot: number, capacity: number): number => (slot + 1 === capacity ? 0 : slot + 1);
const clampExpiry = (t: number): number => Math.min(Math.max(Math.floor(t), 1), TOMBSTONE - 1);

// one scratch key: the table is used from one thread, and no caller holds a key across calls
const scratch = new Uint32Array(4);
const scratchBytes = new Uint8Array(scratch.buffer);

/** A canonical 22-character base64url id is its own 16 bytes; any other string, its SHA-256's first 16. */
function toKey(id: string): Uint32Array {
  if (id.length !== 22 || !decodeBase64UrlInto(id, scratchBytes))
    scratchBytes.set(createHash('sha256').update(id).digest().subarray(0, 16));
  return scratch;
}

/**
 * Ids are random, but an admin may add any string: mix all four words, then map the 32-bit hash
 * onto [0, capacity) by multiplication (Lemire's fast range), so the capacity need not be a power
 * of two and the table can be sized to what it holds.
 */
function slotOf(key: Uint32Array, capacity: number): number {
  let h = Math.imul(key[0]! ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ key[1]! ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ key[2]! ^ (h >>> 16), 0x85ebca6b);
  h ^= key[3]! ^ (h >>> 13);
  return Math.floor(((h >>> 0) * capacity) / 4294967296);
}

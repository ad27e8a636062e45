import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Denylist } from '../src/denylist.js';
import { IdTable } from '../src/id-table.js';

const id = () => randomBytes(16).toString('base64url');

describe('IdTable: 128-bit ids with an expiry', () => {
  it('holds, updates and deletes ids, and grows past its initial size without losing any', () => {
    const table = new IdTable();
    const ids = Array.from({ length: 50_000 }, id);
    ids.forEach((x, i) => table.set(x, 1000 + i));
    expect(table.size).toBe(50_000);
    expect(ids.every((x) => table.has(x))).toBe(true);
    expect(Array.from({ length: 1000 }, id).some((x) => table.has(x))).toBe(false);
    table.set(ids[0]!, 5);
    expect(table.size).toBe(50_000);
    expect(table.delete(ids[1]!)).toBe(true);
    expect(table.delete(ids[1]!)).toBe(false);
    expect(table.has(ids[1]!)).toBe(false);
    expect(table.size).toBe(49_999);
  });

  it('prunes by expiry, keeps what is still in force, and stays correct through tombstone churn', () => {
    const table = new IdTable(100);
    const live: string[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 500; i++) table.set(id(), round * 10 + 1); // expires at the end of its round
      const keep = id();
      table.set(keep, 1_000_000);
      live.push(keep);
      expect(table.prune(round * 10 + 1)).toBe(500);
    }
    expect(table.size).toBe(20);
    expect(live.every((x) => table.has(x))).toBe(true);
  });

  it('treats a canonical Gatehouse id and any other string as distinct keys, including non-canonical spellings', () => {
    const table = new IdTable();
    const canonical = id();
    table.set(canonical, 10);
    table.set('not-a-22-char-id', 10);
    expect(table.has('not-a-22-char-id')).toBe(true);
    expect(table.has(canonical)).toBe(true);
    // the same 16 bytes spelled with non-zero spare bits are another string, not the same id
    const last = canonical.at(-1)!;
    const respelled = canonical.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    if (respelled !== canonical) expect(table.has(respelled)).toBe(false);
    expect(table.has('')).toBe(false);
  });
});

describe('Denylist', () => {
  it('answers jti, sid and user-version questions and forgets entries', () => {
    const list = new Denylist();
    const [jti, sid] = [id(), id()];
    list.apply({ kind: 'jti', subject: jti, value: 0, pruneAfter: 100 });
    list.apply({ kind: 'sid', subject: sid, value: 0, pruneAfter: 100 });
    list.apply({ kind: 'user', subject: 'u1', value: 3, pruneAfter: 100 });
    expect([list.isJtiRevoked(jti), list.isSessionRevoked(sid), list.minVersion('u1'), list.minVersion('u2')]).toEqual([
      true,
      true,
      3,
      0,
    ]);
    expect(list.isSessionRevoked(jti)).toBe(false);
    expect(list.forget('jti', jti)).toBe(true);
    expect(list.isJtiRevoked(jti)).toBe(false);
  });

  it("lets a user's minimum version only rise, whatever order entries arrive in", () => {
    const list = new Denylist();
    list.apply({ kind: 'user', subject: 'u1', value: 5, pruneAfter: 100 });
    list.apply({ kind: 'user', subject: 'u1', value: 4, pruneAfter: 200 });
    expect(list.minVersion('u1')).toBe(5);
    list.apply({ kind: 'user', subject: 'u1', value: 6, pruneAfter: 200 });
    expect(list.minVersion('u1')).toBe(6);
  });

  it('prunes every kind at its pruneAfter and swaps in a rebuilt list at once', () => {
    const list = new Denylist();
    const sid = id();
    const old = id();
    list.apply({ kind: 'sid', subject: sid, value: 0, pruneAfter: 50 });
    list.apply({ kind: 'jti', subject: old, value: 0, pruneAfter: 55 });
    list.apply({ kind: 'user', subject: 'u1', value: 1, pruneAfter: 60 });
    list.apply({ kind: 'client', subject: 'c1', value: 2, pruneAfter: 60 });
    expect(list.prune(50)).toBe(1);
    expect([list.isSessionRevoked(sid), list.isJtiRevoked(old), list.minVersion('u1')]).toEqual([false, true, 1]);
    expect(list.prune(55)).toBe(1);
    expect(list.isJtiRevoked(old)).toBe(false);
    expect(list.minClientVersion('c1')).toBe(2);
    expect(list.prune(60)).toBe(2);
    expect([list.minVersion('u1'), list.minClientVersion('c1')]).toEqual([0, 0]);
    expect(list.size).toEqual({ jti: 0, sid: 0, user: 0, client: 0 });
    const rebuilt = new Denylist({ jti: 1 });
    const jti = id();
    rebuilt.apply({ kind: 'jti', subject: jti, value: 0, pruneAfter: 100 });
    list.replaceWith(rebuilt);
    expect(list.isJtiRevoked(jti)).toBe(true);
    expect(rebuilt.isJtiRevoked(jti)).toBe(false);
  });
});

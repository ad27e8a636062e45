import { describe, expect, it } from 'vitest';
import type { DenylistEntry, DenylistKind } from '../../src/main/store/store';
import { T0, useStore, type OpenStore } from './contract-fixtures';

const revocation = (over: Partial<DenylistEntry>): DenylistEntry => ({
  kind: 'jti',
  subject: 'j1',
  value: 0,
  reason: 'admin',
  createdAt: T0,
  pruneAfter: T0 + 60,
  ...over,
});

/** The denylist as stored: DenylistStore (store/ports/denylist.ts). */
export function describeDenylist(open: OpenStore): void {
  describe('denylist', () => {
    const store = useStore(open);

    it('puts, replaces, lists, deletes and prunes denylist entries', async () => {
      const jti = revocation({});
      const sid = revocation({ kind: 'sid', subject: 's1', pruneAfter: T0 + 100 });
      const user = revocation({ kind: 'user', subject: 'u1', value: 4, pruneAfter: T0 + 200 });
      for (const r of [jti, sid, user]) await store().putDenylistEntry(r);
      const sameSubjectOtherKind = revocation({ kind: 'sid', subject: 'j1', pruneAfter: T0 + 300 });
      await store().putDenylistEntry(sameSubjectOtherKind);
      const bumped = { ...user, value: 5, reason: 'bump' };
      await store().putDenylistEntry(bumped);
      const byKey = (rs: DenylistEntry[]) =>
        [...rs].sort((a, b) => `${a.kind}:${a.subject}`.localeCompare(`${b.kind}:${b.subject}`));
      expect(byKey(await store().listDenylist())).toEqual(byKey([jti, sid, bumped, sameSubjectOtherKind]));
      expect(await store().getDenylistEntry('user', 'u1')).toEqual(bumped);
      expect(await store().getDenylistEntry('jti', 'u1')).toBeNull();

      expect(await store().deleteDenylistEntry('sid', 'j1')).toBe(true);
      expect(await store().deleteDenylistEntry('sid', 'j1')).toBe(false);
      // prune drops entries whose pruneAfter is at or before now
      expect(await store().pruneDenylist(T0 + 100)).toBe(2);
      expect(await store().listDenylist()).toEqual([bumped]);
      expect(await store().pruneDenylist(T0 + 100)).toBe(0);
    });

    it('pages the denylist newest first, filtered by kind and subject prefix, with matching counts', async () => {
      const entries = [
        revocation({ kind: 'jti', subject: 'aa1', createdAt: T0 + 1 }),
        revocation({ kind: 'sid', subject: 'ab2', createdAt: T0 + 2 }),
        revocation({ kind: 'jti', subject: 'b_3', createdAt: T0 + 3 }),
        revocation({ kind: 'user', subject: 'aa4', value: 2, createdAt: T0 + 4 }),
      ];
      for (const e of entries) await store().putDenylistEntry(e);
      const newest = [...entries].reverse();
      expect(await store().listDenylist({ offset: 0, limit: 2 })).toEqual(newest.slice(0, 2));
      expect(await store().listDenylist({ offset: 2, limit: 2 })).toEqual(newest.slice(2));
      expect(await store().countDenylist()).toBe(4);
      expect(await store().listDenylist({ kind: 'jti', offset: 0, limit: 10 })).toEqual([entries[2], entries[0]]);
      expect(await store().countDenylist({ kind: 'jti' })).toBe(2);
      expect(await store().listDenylist({ subject: 'aa', offset: 0, limit: 10 })).toEqual([entries[3], entries[0]]);
      expect(await store().countDenylist({ subject: 'a' })).toBe(3);
      expect(await store().listDenylist({ subject: 'a', kind: 'sid', offset: 0, limit: 10 })).toEqual([entries[1]]);
      // LIKE wildcards in a prefix match only themselves
      expect(await store().listDenylist({ subject: 'b_', offset: 0, limit: 10 })).toEqual([entries[2]]);
      expect(await store().countDenylist({ subject: '_' })).toBe(0);
    });

    it("keeps a client's minimum version as a kind of its own: put, read, listed, counted, deleted, pruned", async () => {
      const user = revocation({ kind: 'user', subject: 'same-id', value: 4, createdAt: T0 + 1, pruneAfter: T0 + 100 });
      const client = revocation({
        kind: 'client',
        subject: 'same-id',
        value: 2,
        createdAt: T0 + 2,
        pruneAfter: T0 + 50,
      });
      const other = revocation({ kind: 'client', subject: 'rp-2', value: 1, createdAt: T0 + 3, pruneAfter: T0 + 200 });
      for (const e of [user, client, other]) await store().putDenylistEntry(e);
      expect(await store().getDenylistEntry('client', 'same-id')).toEqual(client);
      expect(await store().getDenylistEntry('user', 'same-id')).toEqual(user);
      expect(await store().listDenylist({ kind: 'client', offset: 0, limit: 10 })).toEqual([other, client]);
      expect(await store().countDenylist({ kind: 'client' })).toBe(2);
      expect(await store().listDenylist({ subject: 'same', kind: 'client', offset: 0, limit: 10 })).toEqual([client]);
      expect(await store().listDenylist()).toEqual([other, client, user]);
      const raised = { ...client, value: 3, createdAt: T0 + 4, pruneAfter: T0 + 60 };
      await store().putDenylistEntry(raised);
      expect(await store().getDenylistEntry('client', 'same-id')).toEqual(raised);
      expect(await store().pruneDenylist(T0 + 60)).toBe(1);
      expect(await store().getDenylistEntry('client', 'same-id')).toBeNull();
      expect(await store().deleteDenylistEntry('client', 'rp-2')).toBe(true);
      expect(await store().listDenylist()).toEqual([user]);
    });

    it('scans the entries still in force, with only what the verifier needs', async () => {
      await store().putDenylistEntry(revocation({ kind: 'jti', subject: 'old', pruneAfter: T0 + 10 }));
      await store().putDenylistEntry(revocation({ kind: 'sid', subject: 's1', pruneAfter: T0 + 50 }));
      await store().putDenylistEntry(revocation({ kind: 'user', subject: 'u1', value: 3, pruneAfter: T0 + 60 }));
      await store().putDenylistEntry(revocation({ kind: 'client', subject: 'c1', value: 2, pruneAfter: T0 + 70 }));
      const seen: [DenylistKind, string, number, number][] = [];
      const n = await store().scanDenylist(T0 + 10, (...row) => seen.push(row));
      expect(n).toBe(3);
      // a client entry comes with its version, like a user's
      expect(seen.sort()).toEqual([
        ['client', 'c1', 2, T0 + 70],
        ['sid', 's1', 0, T0 + 50],
        ['user', 'u1', 3, T0 + 60],
      ]);
    });
  });
}

import { describe, expect, it } from 'vitest';
import type { DenylistEntry, DenylistKind, KeyRecord } from '../../src/main/store/store';
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

const key = (over: Partial<KeyRecord>): KeyRecord => ({
  kid: 'k1',
  alg: 'ES256',
  state: 'pending',
  createdAt: T0,
  activatesAt: null,
  activatedAt: null,
  retiringAt: null,
  retiredAt: null,
  revokedAt: null,
  publicJwk: '{"kty":"EC","crv":"P-256","x":"x","y":"y"}',
  sealedPrivateKey: new Uint8Array([0, 1, 2, 250, 255]),
  ...over,
});

/** Compares a key as returned (Buffer or Uint8Array) with the one stored. */
const plainKey = (k: KeyRecord) => ({ ...k, sealedPrivateKey: k.sealedPrivateKey && Array.from(k.sealedPrivateKey) });

export function describeRecords(open: OpenStore): void {
  describe('revocations, keys, audit, settings', () => {
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

    it("reserves login attempts atomically up to each key's limit within the window", async () => {
      const attempt = (id: string, now: number) => ({
        id,
        now,
        window: 100,
        keys: [
          { key: 'user:alice', limit: 3 },
          { key: 'ip:1', limit: 5 },
        ],
      });
      const outcomes = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((id) => store().reserveLoginAttempt(attempt(id, T0))),
      );
      expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
      expect(outcomes.filter((o) => !o.ok)).toEqual([
        { ok: false, retryAfter: 100 },
        { ok: false, retryAfter: 100 },
      ]);
      // a released attempt no longer counts
      await store().releaseLoginAttempt('a', ['user:alice', 'ip:1']);
      expect(await store().reserveLoginAttempt(attempt('f', T0 + 40))).toEqual({ ok: true });
      // the oldest counted attempt (T0) ages out at T0 + 100
      expect(await store().reserveLoginAttempt(attempt('g', T0 + 60))).toEqual({ ok: false, retryAfter: 40 });
      expect(await store().reserveLoginAttempt(attempt('h', T0 + 100))).toEqual({ ok: true });
      // another user on the same address shares the address's limit: f and h count, then i, j, k
      const other = (id: string) => ({
        id,
        now: T0 + 100,
        window: 100,
        keys: [
          { key: 'user:bob', limit: 5 },
          { key: 'ip:1', limit: 5 },
        ],
      });
      for (const id of ['i', 'j', 'k']) expect(await store().reserveLoginAttempt(other(id))).toEqual({ ok: true });
      expect((await store().reserveLoginAttempt(other('l'))).ok).toBe(false);
      await store().clearLoginAttempts('ip:1');
      expect(await store().reserveLoginAttempt(other('m'))).toEqual({ ok: true });
    });

    it('counts client-authentication failures under keys of their own, apart from the logins of the same address', async () => {
      const failure = (id: string, keys: string[]) => ({
        id,
        now: T0,
        window: 100,
        keys: keys.map((key) => ({ key, limit: 2 })),
      });
      // a malformed request has no client id: its address alone is counted
      expect(await store().reserveLoginAttempt(failure('a', ['client-ip:9']))).toEqual({ ok: true });
      expect(await store().reserveLoginAttempt(failure('b', ['client-ip:9', 'client:svc']))).toEqual({ ok: true });
      expect((await store().reserveLoginAttempt(failure('c', ['client-ip:9', 'client:other']))).ok).toBe(false);
      // the same address's logins and the same name's user are other keys
      expect(await store().reserveLoginAttempt(failure('d', ['ip:9', 'user:svc']))).toEqual({ ok: true });
      expect(await store().reserveLoginAttempt(failure('e', ['client-ip:10', 'client:svc']))).toEqual({ ok: true });
      expect((await store().reserveLoginAttempt(failure('f', ['client-ip:11', 'client:svc']))).ok).toBe(false);
    });

    it('reads how long until every key is below its limit without counting anything', async () => {
      const probe = (now: number, keys: string[]) => ({
        now,
        window: 100,
        keys: keys.map((key) => ({ key, limit: 2 })),
      });
      expect(await store().loginAttemptsWait(probe(T0, ['client:svc']))).toBe(0);
      await store().reserveLoginAttempt({ id: 'a', ...probe(T0, ['client:svc']) });
      // reading counted nothing: one attempt, below the limit of 2
      expect(await store().loginAttemptsWait(probe(T0 + 1, ['client:svc']))).toBe(0);
      expect(await store().loginAttemptsWait(probe(T0 + 1, ['client:svc']))).toBe(0);
      await store().reserveLoginAttempt({ id: 'b', ...probe(T0 + 10, ['client:svc']) });
      // at the limit: until the older of the two leaves the window (T0 + 100)
      expect(await store().loginAttemptsWait(probe(T0 + 20, ['client-ip:1', 'client:svc']))).toBe(80);
      expect(await store().loginAttemptsWait(probe(T0 + 20, ['client-ip:1']))).toBe(0);
      expect(await store().loginAttemptsWait(probe(T0 + 100, ['client:svc']))).toBe(0);
    });

    it('upserts keys by kid, with the sealed private key as bytes or null', async () => {
      const k1 = key({});
      const k2 = key({ kid: 'k2', alg: 'EdDSA', createdAt: T0 + 1 });
      await store().putKey(k1);
      await store().putKey(k2);
      const sorted = async () =>
        [...(await store().listKeys())].sort((a, b) => a.kid.localeCompare(b.kid)).map(plainKey);
      expect(await sorted()).toEqual([plainKey(k1), plainKey(k2)]);
      const retired = {
        ...k1,
        state: 'retired' as const,
        activatedAt: T0 + 5,
        retiringAt: T0 + 6,
        retiredAt: T0 + 7,
        sealedPrivateKey: null,
      };
      await store().putKey(retired);
      expect(await sorted()).toEqual([plainKey(retired), plainKey(k2)]);
      const back = (await store().listKeys()).find((k) => k.kid === 'k2');
      expect(back?.sealedPrivateKey).toBeInstanceOf(Uint8Array);
    });

    it('appends audit entries and lists them newest first, filtered and paged', async () => {
      const entries = [
        { at: T0, type: 'session.created', actor: 'alice', subject: 's1', detail: { ip: '10.0.0.1' } },
        { at: T0 + 1, type: 'session.revoked', actor: 'admin', subject: 's1', detail: { reason: 'logout' } },
        { at: T0 + 2, type: 'key.rotated', actor: 'admin', subject: 'k2', detail: { from: 'k1', nested: { n: 1 } } },
        { at: T0 + 3, type: 'session.created', actor: 'bob', subject: 's2', detail: {} },
      ];
      const appended = [];
      for (const e of entries) appended.push(await store().appendAudit(e));
      appended.forEach((a, i) => expect(a).toEqual({ ...entries[i], id: a.id }));
      expect(new Set(appended.map((a) => a.id)).size).toBe(4);
      const newestFirst = [...appended].reverse();
      expect(await store().listAudit({})).toEqual(newestFirst);
      expect(await store().listAudit({ limit: 2 })).toEqual(newestFirst.slice(0, 2));
      expect(await store().listAudit({ beforeId: appended[2]!.id })).toEqual(newestFirst.slice(2));
      expect(await store().listAudit({ type: 'session.created' })).toEqual([appended[3], appended[0]]);
      expect(await store().listAudit({ text: 'ADMIN' })).toEqual([appended[2], appended[1]]);
      expect(await store().listAudit({ text: 'logout' })).toEqual([appended[1]]);
      expect(await store().listAudit({ text: '%' })).toEqual([]);
      expect(await store().listAudit({ type: 'session.created', text: 'bob', limit: 5 })).toEqual([appended[3]]);
    });

    it('prunes audit entries recorded before a time (retention), keeping the rest in order', async () => {
      expect(await store().pruneAudit(T0)).toBe(0);
      const at = [T0, T0 + 100, T0 + 200, T0 + 300];
      const appended = [];
      for (const t of at)
        appended.push(
          await store().appendAudit({ at: t, type: 'login.succeeded', actor: 'u1', subject: 's1', detail: {} }),
        );
      expect(await store().pruneAudit(T0 + 150)).toBe(2);
      expect(await store().listAudit({})).toEqual([appended[3], appended[2]]);
      expect(await store().pruneAudit(T0 + 150)).toBe(0);
      expect(await store().pruneAudit(T0 + 1000)).toBe(2);
      expect(await store().listAudit({})).toEqual([]);
      // ids keep growing after a prune
      const next = await store().appendAudit({
        at: T0 + 1000,
        type: 'login.succeeded',
        actor: 'u1',
        subject: 's1',
        detail: {},
      });
      expect(next.id).toBeGreaterThan(appended[3]!.id);
    });

    it('keeps settings as JSON values by key', async () => {
      expect(await store().getSettings()).toEqual({});
      await store().putSetting('accessTokenTtl', 60);
      await store().putSetting('alg', 'ES256');
      await store().putSetting('nested', { a: [1, 2], b: null, c: true });
      await store().putSetting('accessTokenTtl', 120);
      expect(await store().getSettings()).toEqual({
        accessTokenTtl: 120,
        alg: 'ES256',
        nested: { a: [1, 2], b: null, c: true },
      });
    });

    it('lets exactly one of many concurrent claims seed the deployment, and none after it', async () => {
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store().claimSeeding(1000 + i)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store().claimSeeding(2000)).toBe(false);
      expect(await store().getSettings()).toEqual({});
    });
  });
}

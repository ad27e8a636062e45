import { describe, expect, it } from 'vitest';
import type { KeyRecord, RevocationRecord } from '../../src/main/store/store';
import { T0, useStore, type OpenStore } from './contract-fixtures';

const revocation = (over: Partial<RevocationRecord>): RevocationRecord => ({
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
  describe('revocations, keys, audit, settings, clients', () => {
    const store = useStore(open);

    it('puts, replaces, lists, deletes and prunes revocations', async () => {
      const jti = revocation({});
      const sid = revocation({ kind: 'sid', subject: 's1', pruneAfter: T0 + 100 });
      const user = revocation({ kind: 'user', subject: 'u1', value: 4, pruneAfter: T0 + 200 });
      for (const r of [jti, sid, user]) await store().putRevocation(r);
      const sameSubjectOtherKind = revocation({ kind: 'sid', subject: 'j1', pruneAfter: T0 + 300 });
      await store().putRevocation(sameSubjectOtherKind);
      const bumped = { ...user, value: 5, reason: 'bump' };
      await store().putRevocation(bumped);
      const byKey = (rs: RevocationRecord[]) => [...rs].sort((a, b) => `${a.kind}:${a.subject}`.localeCompare(`${b.kind}:${b.subject}`));
      expect(byKey(await store().listRevocations())).toEqual(byKey([jti, sid, bumped, sameSubjectOtherKind]));

      expect(await store().deleteRevocation('sid', 'j1')).toBe(true);
      expect(await store().deleteRevocation('sid', 'j1')).toBe(false);
      // prune drops entries whose pruneAfter is at or before now
      expect(await store().pruneRevocations(T0 + 100)).toBe(2);
      expect(await store().listRevocations()).toEqual([bumped]);
      expect(await store().pruneRevocations(T0 + 100)).toBe(0);
    });

    it('upserts keys by kid, with the sealed private key as bytes or null', async () => {
      const k1 = key({});
      const k2 = key({ kid: 'k2', alg: 'EdDSA', createdAt: T0 + 1 });
      await store().putKey(k1);
      await store().putKey(k2);
      const sorted = async () => [...(await store().listKeys())].sort((a, b) => a.kid.localeCompare(b.kid)).map(plainKey);
      expect(await sorted()).toEqual([plainKey(k1), plainKey(k2)]);
      const retired = { ...k1, state: 'retired' as const, activatedAt: T0 + 5, retiringAt: T0 + 6, retiredAt: T0 + 7, sealedPrivateKey: null };
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
      for (const t of at) appended.push(await store().appendAudit({ at: t, type: 'login.succeeded', actor: 'u1', subject: 's1', detail: {} }));
      expect(await store().pruneAudit(T0 + 150)).toBe(2);
      expect(await store().listAudit({})).toEqual([appended[3], appended[2]]);
      expect(await store().pruneAudit(T0 + 150)).toBe(0);
      expect(await store().pruneAudit(T0 + 1000)).toBe(2);
      expect(await store().listAudit({})).toEqual([]);
      // ids keep growing after a prune
      const next = await store().appendAudit({ at: T0 + 1000, type: 'login.succeeded', actor: 'u1', subject: 's1', detail: {} });
      expect(next.id).toBeGreaterThan(appended[3]!.id);
    });

    it('keeps settings as JSON values by key', async () => {
      expect(await store().getSettings()).toEqual({});
      await store().putSetting('accessTokenTtl', 60);
      await store().putSetting('alg', 'ES256');
      await store().putSetting('nested', { a: [1, 2], b: null, c: true });
      await store().putSetting('accessTokenTtl', 120);
      expect(await store().getSettings()).toEqual({ accessTokenTtl: 120, alg: 'ES256', nested: { a: [1, 2], b: null, c: true } });
    });

    it('puts and gets clients', async () => {
      const client = { id: 'demo-resource', secretHash: 'aGFzaA', createdAt: T0 };
      await store().putClient(client);
      expect(await store().getClient('demo-resource')).toEqual(client);
      await store().putClient({ ...client, secretHash: 'bmV3' });
      expect((await store().getClient('demo-resource'))?.secretHash).toBe('bmV3');
      expect(await store().getClient('nope')).toBeNull();
    });
  });
}

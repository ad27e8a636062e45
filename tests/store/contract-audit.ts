import { describe, expect, it } from 'vitest';
import { T0, useStore, type OpenStore } from './contract-fixtures';

/** The audit log: AuditStore (store/ports/audit.ts). */
export function describeAudit(open: OpenStore): void {
  describe('audit', () => {
    const store = useStore(open);

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
  });
}

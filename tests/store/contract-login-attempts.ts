import { describe, expect, it } from 'vitest';
import { T0, useStore, type OpenStore } from './contract-fixtures';

/** Attempts counted against keys: LoginAttemptStore (store/ports/login-attempts.ts). */
export function describeLoginAttempts(open: OpenStore): void {
  describe('login attempts', () => {
    const store = useStore(open);

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
  });
}

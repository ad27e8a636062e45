import { describe, expect, it } from 'vitest';
import type { SessionRecord, SessionRow, SessionSortField, Store } from '../../src/main/store/store';
import { makeSession, makeToken, makeUser, stored, T0, useStore, type OpenStore } from './contract-fixtures';

/** Three users and twelve sessions with distinct times, addresses and devices. */
async function seedList(store: Store) {
  const users = [
    makeUser({ username: 'alice' }),
    makeUser({ username: 'bob' }),
    makeUser({ username: 'a_b' }),
    makeUser({ username: 'axb' }),
  ];
  for (const u of users) await store.createUser(u);
  const devices = ['Firefox on Linux', 'Safari on macOS', 'Chrome on Windows'];
  const sessions: SessionRow[] = [];
  for (let i = 0; i < 12; i++) {
    const user = users[i % users.length]!;
    const s: SessionRecord = makeSession(user.id, {
      createdAt: T0 + i * 10,
      lastSeenAt: T0 + ((i * 7) % 12) * 10 + 5,
      idleExpiresAt: T0 + 5000 - i,
      absoluteExpiresAt: T0 + 9000 + ((i * 5) % 12),
      ip: `10.0.${i % 3}.${i}`,
      device: devices[i % 3]!,
      userAgent: `agent-${i}`,
      status: i % 4 === 3 ? 'revoked' : 'active',
      revokedAt: i % 4 === 3 ? T0 : null,
      revokedReason: i % 4 === 3 ? 'test' : null,
    });
    await store.createSession(s, stored(makeToken(s.id)));
    sessions.push({ ...s, username: user.username });
  }
  return { users, sessions };
}

const FIELDS: SessionSortField[] = ['createdAt', 'lastSeenAt', 'idleExpiresAt', 'absoluteExpiresAt', 'username'];

/** The order every adapter must produce: by the field, then by session id, both in `order`. */
function expectedOrder(rows: SessionRow[], field: SessionSortField, order: 'asc' | 'desc'): string[] {
  const sign = order === 'asc' ? 1 : -1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  return [...rows].sort((a, b) => sign * (cmp(a[field], b[field]) || cmp(a.id, b.id))).map((r) => r.id);
}

export function describeSessionList(open: OpenStore): void {
  describe('listSessions', () => {
    const store = useStore(open);

    it('returns rows joined with the username, newest lastSeenAt first by default', async () => {
      const { sessions } = await seedList(store());
      const { items, total } = await store().listSessions({});
      expect(total).toBe(12);
      expect(items.map((r) => r.id)).toEqual(expectedOrder(sessions, 'lastSeenAt', 'desc'));
      const first = sessions.find((s) => s.id === items[0]!.id);
      expect(items[0]).toEqual(first);
    });

    it('sorts by every field in both orders, ties broken by id', async () => {
      const { sessions } = await seedList(store());
      for (const sort of FIELDS) {
        for (const order of ['asc', 'desc'] as const) {
          const { items } = await store().listSessions({ sort, order, limit: 100 });
          expect(
            items.map((r) => r.id),
            `${sort} ${order}`,
          ).toEqual(expectedOrder(sessions, sort, order));
        }
      }
    });

    it('pages with offset and limit while total counts every match', async () => {
      const { sessions } = await seedList(store());
      const ids: string[] = [];
      for (let offset = 0; offset < 12; offset += 5) {
        const page = await store().listSessions({ sort: 'createdAt', order: 'asc', offset, limit: 5 });
        expect(page.total).toBe(12);
        expect(page.items.length).toBe(Math.min(5, 12 - offset));
        ids.push(...page.items.map((r) => r.id));
      }
      expect(ids).toEqual(expectedOrder(sessions, 'createdAt', 'asc'));
      const beyond = await store().listSessions({ offset: 50, limit: 5 });
      expect(beyond).toEqual({ items: [], total: 12 });
    });

    it('filters by status and user, with the total of the filtered set', async () => {
      const { users, sessions } = await seedList(store());
      const revoked = await store().listSessions({ status: 'revoked' });
      expect(revoked.total).toBe(3);
      expect(revoked.items.every((r) => r.status === 'revoked')).toBe(true);
      const bob = users[1]!;
      const ofBob = await store().listSessions({ userId: bob.id, status: 'active', limit: 1 });
      const expected = sessions.filter((s) => s.userId === bob.id && s.status === 'active');
      expect(ofBob.total).toBe(expected.length);
      expect(ofBob.items).toHaveLength(1);
      expect(ofBob.items[0]!.username).toBe('bob');
    });

    it('matches text case-insensitively in username, ip, device, user agent and id', async () => {
      const { sessions } = await seedList(store());
      const count = async (text: string) => (await store().listSessions({ text, limit: 100 })).total;
      expect(await count('ALIC')).toBe(3);
      expect(await count('10.0.2.')).toBe(4);
      expect(await count('safari ON mac')).toBe(4);
      expect(await count('AGENT-11')).toBe(1);
      const target = sessions[5]!;
      const byId = await store().listSessions({ text: target.id });
      expect(byId.items.map((r) => r.id)).toEqual([target.id]);
    });

    it('treats LIKE wildcards and SQL-looking text literally', async () => {
      await seedList(store());
      const usernames = async (text: string) => [
        ...new Set((await store().listSessions({ text, limit: 100 })).items.map((r) => r.username)),
      ];
      expect(await usernames('a_b')).toEqual(['a_b']);
      expect(await usernames('_')).toEqual(['a_b']);
      expect(await store().listSessions({ text: '%' })).toEqual({ items: [], total: 0 });
      expect(await store().listSessions({ text: "%' OR 1=1 --" })).toEqual({ items: [], total: 0 });
      expect(await store().listSessions({ text: '\\' })).toEqual({ items: [], total: 0 });
      expect((await store().listSessions({})).total).toBe(12);
    });
  });
}

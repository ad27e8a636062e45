import { describe, expect, it } from 'vitest';
import type { SessionRecord, SessionRow, SessionSortField, Store } from '../../src/main/store/store';
import { parseSessionSearch, sessionMatches } from '../../src/shared/session-search';
import { makeSession, makeToken, makeUser, stored, T0, useStore, type OpenStore } from './contract-fixtures';

/** Lists what the search box's text finds (parsed as the admin handler does). */
async function find(store: Store, text: string) {
  const parsed = parseSessionSearch(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return store.listSessions({ search: parsed.terms, limit: 100 });
}

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
      // "Bob" in the id of one of alice's sessions, and in the user agent of another
      ...(i === 0 ? { id: `Bob-0-${Math.random().toString(36).slice(2, 8)}` } : {}),
      createdAt: T0 + i * 10,
      lastSeenAt: T0 + ((i * 7) % 12) * 10 + 5,
      idleExpiresAt: T0 + 5000 - i,
      absoluteExpiresAt: T0 + 9000 + ((i * 5) % 12),
      ip: `10.0.${i % 3}.${i}`,
      device: devices[i % 3]!,
      userAgent: i === 4 ? 'BobBrowser/1.0' : `agent-${i}`,
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

    it('matches each field by its rule: user and device a substring, ip and sid a prefix', async () => {
      const { sessions } = await seedList(store());
      const count = async (text: string) => (await find(store(), text)).total;
      expect(await count('user:ALIC')).toBe(3);
      expect(await count('user:al')).toBe(3); // shorter than a trigram
      expect(await count('user:ice')).toBe(3); // a substring anywhere in the name
      expect(await count('device:"safari ON mac"')).toBe(4);
      expect(await count('device:on')).toBe(12);
      expect(await count('device:fox')).toBe(4);
      expect(await count('ip:10.0.2.')).toBe(4);
      expect(await count('ip:10.0.1.1')).toBe(2); // 10.0.1.1 and 10.0.1.10
      expect(await count('ip:10')).toBe(12);
      expect(await count('ip:0.2.')).toBe(0); // a prefix, not a substring
      expect(await count('ip:0.')).toBe(0);
      const target = sessions[5]!;
      expect((await find(store(), `sid:${target.id}`)).items.map((r) => r.id)).toEqual([target.id]);
      // a prefix, case-sensitive (ids are base64url), and never the middle of an id
      expect((await find(store(), 'sid:Bob-0')).items.map((r) => r.id)).toEqual([sessions[0]!.id]);
      expect(await count('sid:B')).toBe(1);
      expect(await count('sid:bob-0')).toBe(0);
      expect(await count('sid:ob-0')).toBe(0);
      expect(await count(`sid:${target.id.slice(0, -1)}`)).toBe(1);
      expect(await count(`sid:${target.id}x`)).toBe(0);
    });

    it('matches a plain word in the user name, device or ip, never in a session id or user agent', async () => {
      const { sessions } = await seedList(store());
      const ids = async (text: string) => (await find(store(), text)).items.map((r) => r.id).sort();
      const of = (pred: (s: SessionRow) => boolean) =>
        sessions
          .filter(pred)
          .map((r) => r.id)
          .sort();
      // session 0 (alice's) has "Bob" in its id and session 4 (alice's too) in its user agent
      expect(await ids('bob')).toEqual(of((s) => s.username === 'bob'));
      expect(await ids('BO')).toEqual(of((s) => s.username === 'bob'));
      expect(await ids('agent-11')).toEqual([]);
      expect(await ids('BobBrowser')).toEqual([]);
      expect(await ids(sessions[7]!.id)).toEqual([]);
      expect(await ids('safari')).toEqual(of((s) => s.device.startsWith('Safari')));
      expect(await ids('.0.2.')).toEqual(of((s) => s.ip.includes('.0.2.')));
      expect(await ids('0.1.1')).toEqual(of((s) => s.ip.includes('0.1.1'))); // a substring, unlike ip:
      expect(await ids('x')).toEqual(of((s) => s.username === 'axb' || s.device.includes('x')));
    });

    it('needs every term to match (AND), in any combination of fields', async () => {
      const { sessions } = await seedList(store());
      const queries = [
        'user:alice device:firefox',
        'user:alice device:safari',
        'alice firefox',
        'user:bob ip:10.0.1.',
        'ip:10.0. ip:10.0.2',
        'user:a device:"on Windows" 10',
        'a_b on',
        'user:alice user:bob',
        `sid:${sessions[3]!.id.slice(0, 4)} user:${sessions[3]!.username}`,
        'device:Linux ip:10.0.0 user:al',
      ];
      let some = 0;
      for (const text of queries) {
        const parsed = parseSessionSearch(text);
        if (!parsed.ok) throw new Error(parsed.message);
        const expected = sessions
          .filter((s) => sessionMatches(parsed.terms, s))
          .map((r) => r.id)
          .sort();
        const got = (await find(store(), text)).items.map((r) => r.id).sort();
        expect(got, text).toEqual(expected);
        if (expected.length) some++;
      }
      expect(some).toBeGreaterThan(5);
      expect((await find(store(), 'user:alice user:bob')).total).toBe(0);
      expect((await find(store(), 'user:alice device:firefox')).total).toBe(1);
    });

    it('combines a search with status, user, sort and paging', async () => {
      const { users, sessions } = await seedList(store());
      const alice = users[0]!;
      const parsed = parseSessionSearch('device:ri'); // Safari, below a trigram
      if (!parsed.ok) throw new Error(parsed.message);
      const page = await store().listSessions({
        search: parsed.terms,
        status: 'active',
        sort: 'createdAt',
        order: 'asc',
        offset: 1,
        limit: 2,
      });
      const all = sessions.filter((s) => s.status === 'active' && s.device.includes('ri'));
      expect(page.total).toBe(all.length);
      expect(page.items.map((r) => r.id)).toEqual(expectedOrder(all, 'createdAt', 'asc').slice(1, 3));
      const mine = await store().listSessions({ search: parsed.terms, userId: alice.id, limit: 100 });
      expect(mine.items.map((r) => r.id)).toEqual(
        sessions.filter((s) => s.userId === alice.id && s.device.includes('ri')).map((r) => r.id),
      );
    });

    it('pages a search in every sort and order, whether its matches are dense or rare', async () => {
      const { sessions } = await seedList(store());
      // dense: every session, and two thirds; rare: one or two (adapters may read them differently)
      for (const text of ['on', 'device:on', 'ip:10.0.', 'user:a', 'device:i', 'user:bob', 'a_b']) {
        const parsed = parseSessionSearch(text);
        if (!parsed.ok) throw new Error(parsed.message);
        const matching = sessions.filter((s) => sessionMatches(parsed.terms, s));
        for (const sort of FIELDS)
          for (const order of ['asc', 'desc'] as const) {
            const ids: string[] = [];
            for (let offset = 0; offset < matching.length; offset += 2) {
              const page = await store().listSessions({ search: parsed.terms, sort, order, offset, limit: 2 });
              expect(page.total, `${text} ${sort} ${order}`).toBe(matching.length);
              ids.push(...page.items.map((r) => r.id));
            }
            expect(ids, `${text} ${sort} ${order}`).toEqual(expectedOrder(matching, sort, order));
          }
      }
    });

    it('treats LIKE wildcards, FTS syntax and SQL-looking text literally', async () => {
      await seedList(store());
      const usernames = async (text: string) => [...new Set((await find(store(), text)).items.map((r) => r.username))];
      expect(await usernames('a_b')).toEqual(['a_b']);
      expect(await usernames('user:_')).toEqual(['a_b']);
      expect(await usernames('_')).toEqual(['a_b']);
      for (const text of [
        '%',
        "%' OR 1=1 --",
        '\\',
        'ip:%',
        'ip:_0',
        'device:%on',
        'sid:%',
        'sid:_',
        'a OR b',
        'NEAR(ali',
      ])
        expect(await find(store(), text), text).toEqual({ items: [], total: 0 });
      // values a parser never produces still reach the store literally
      const terms = (value: string) => [{ field: 'any' as const, value }];
      expect(await store().listSessions({ search: terms('ali"ce') })).toEqual({ items: [], total: 0 });
      expect(await store().listSessions({ search: terms('"') })).toEqual({ items: [], total: 0 });
      expect((await store().listSessions({ search: [] })).total).toBe(12);
      expect((await store().listSessions({})).total).toBe(12);
    });
  });
}

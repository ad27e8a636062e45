import { describe, expect, it } from 'vitest';
import {
  makeSession,
  makeToken,
  makeUser,
  seedSession,
  stored,
  T0,
  useStore,
  type OpenStore,
} from './contract-fixtures';

export function describeUsersAndIssuedTokens(open: OpenStore): void {
  describe('users', () => {
    const store = useStore(open);

    it('stores a user and finds it by id and by username', async () => {
      const user = makeUser({ username: 'alice', roles: ['admin', 'user'], tokenVersion: 3 });
      await store().createUser(user);
      expect(await store().getUserById(user.id)).toEqual(user);
      expect(await store().getUserByUsername('alice')).toEqual(user);
      expect(await store().getUserById('nope')).toBeNull();
      expect(await store().getUserByUsername('bob')).toBeNull();
    });

    it('refuses a second user with the same username and keeps the first', async () => {
      const alice = makeUser({ username: 'alice' });
      await store().createUser(alice);
      await expect(store().createUser(makeUser({ username: 'alice' }))).rejects.toThrow();
      expect(await store().getUserByUsername('alice')).toEqual(alice);
      expect(await store().listUsers()).toEqual([alice]);
    });

    it('lists every user and bumps the token version of one, with its denylist entry in the same step', async () => {
      const a = makeUser({ username: 'a', roles: [] });
      const b = makeUser({ username: 'b', tokenVersion: 6 });
      await store().createUser(a);
      await store().createUser(b);
      const all = await store().listUsers();
      expect([...all].sort((x, y) => x.username.localeCompare(y.username))).toEqual([a, b]);
      expect(await store().bumpTokenVersion(b.id, 'password changed', T0 + 5, T0 + 905)).toEqual({
        ...b,
        tokenVersion: 7,
      });
      expect((await store().getUserById(b.id))?.tokenVersion).toBe(7);
      expect((await store().getUserById(a.id))?.tokenVersion).toBe(0);
      expect(await store().getDenylistEntry('user', b.id)).toEqual({
        kind: 'user',
        subject: b.id,
        value: 7,
        reason: 'password changed',
        createdAt: T0 + 5,
        pruneAfter: T0 + 905,
      });
      expect(await store().bumpTokenVersion('nobody', 'x', T0, T0)).toBeNull();
      expect(await store().getDenylistEntry('user', 'nobody')).toBeNull();
    });
  });

  describe('issued tokens', () => {
    const store = useStore(open);

    it('records tokens and lists those of one session', async () => {
      const { session } = await seedSession(store());
      const t1 = { jti: 'j1', sessionId: session.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 };
      const t2 = { jti: 'j2', sessionId: session.id, kid: 'k2', issuedAt: T0 + 30, expiresAt: T0 + 90 };
      const other = { jti: 'j3', sessionId: 'another-session', kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 };
      for (const t of [t1, t2, other]) await store().recordIssuedToken(t);
      expect(await store().listIssuedTokens(session.id)).toEqual([t1, t2]);
      expect(await store().listIssuedTokens('nope')).toEqual([]);
    });

    it('counts live tokens of a key and their distinct sessions', async () => {
      const { user, session: s1 } = await seedSession(store());
      const s2 = makeSession(user.id);
      await store().createSession(s2, stored(makeToken(s2.id)));
      const tokens = [
        { jti: 'a', sessionId: s1.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 },
        { jti: 'b', sessionId: s1.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 120 },
        { jti: 'c', sessionId: s2.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 120 },
        { jti: 'd', sessionId: s2.id, kid: 'k2', issuedAt: T0, expiresAt: T0 + 120 },
      ];
      for (const t of tokens) await store().recordIssuedToken(t);
      expect(await store().countLiveTokensByKid('k1', T0)).toEqual({ tokens: 3, sessions: 2 });
      // a token whose expiry equals now is no longer live
      expect(await store().countLiveTokensByKid('k1', T0 + 60)).toEqual({ tokens: 2, sessions: 2 });
      expect(await store().countLiveTokensByKid('k1', T0 + 120)).toEqual({ tokens: 0, sessions: 0 });
      expect(await store().countLiveTokensByKid('k9', T0)).toEqual({ tokens: 0, sessions: 0 });
    });

    it('prunes issued tokens that expired strictly before a time', async () => {
      const { session } = await seedSession(store());
      for (const [jti, expiresAt] of [
        ['a', T0 + 10],
        ['b', T0 + 20],
        ['c', T0 + 30],
      ] as const) {
        await store().recordIssuedToken({ jti, sessionId: session.id, kid: 'k1', issuedAt: T0, expiresAt });
      }
      expect(await store().pruneIssuedTokens(T0 + 20)).toBe(1);
      expect((await store().listIssuedTokens(session.id)).map((t) => t.jti)).toEqual(['b', 'c']);
      expect(await store().pruneIssuedTokens(T0 + 20)).toBe(0);
    });
  });
}

import { describe, expect, it } from 'vitest';
import { makeUser, T0, useStore, type OpenStore } from './contract-fixtures';

export function describeUsers(open: OpenStore): void {
  describe('users', () => {
    const store = useStore(open);

    it('stores a user and finds it by id and by username', async () => {
      const user = makeUser({
        username: 'alice',
        roles: ['admin', 'user'],
        tokenVersion: 3,
        claims: { email: 'alice@example.com', email_verified: true, address: { locality: 'Lyon' }, groups: ['a'] },
      });
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
      const b = makeUser({ username: 'b', tokenVersion: 6, claims: { name: 'B' } });
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

    it('updates only the fields given: password hash, roles, disabled', async () => {
      const user = makeUser({ roles: ['user'], claims: { team: 'x' }, tokenVersion: 2 });
      await store().createUser(user);
      const disabled = await store().updateUser(user.id, { disabled: true });
      expect(disabled).toEqual({ ...user, disabled: true });
      const changed = await store().updateUser(user.id, { passwordHash: 'scrypt$new', roles: ['admin', 'user'] });
      expect(changed).toEqual({ ...user, disabled: true, passwordHash: 'scrypt$new', roles: ['admin', 'user'] });
      expect(await store().getUserById(user.id)).toEqual(changed);
      expect(await store().getUserByUsername(user.username)).toEqual(changed);
      expect(await store().updateUser(user.id, { disabled: false })).toEqual({ ...changed, disabled: false });
      expect(await store().updateUser('nobody', { disabled: true })).toBeNull();
      expect(await store().getUserById('nobody')).toBeNull();
    });

    it('reads a user created without claims as having none', async () => {
      const user = makeUser();
      expect(user.claims).toEqual({});
      await store().createUser(user);
      expect((await store().getUserById(user.id))?.claims).toEqual({});
    });

    it('replaces the custom claims and raises the token version with its user denylist entry, together', async () => {
      const user = makeUser({ tokenVersion: 2, claims: { email: 'old@example.com', name: 'Old' } });
      const other = makeUser({ claims: { name: 'Other' } });
      await store().createUser(user);
      await store().createUser(other);
      const claims = { email: 'new@example.com', phone_number: '+33 1 23 45 67 89', nested: { a: [1, null, 'x'] } };
      const changed = await store().setUserClaims(user.id, claims, 'claims changed', T0 + 5, T0 + 905);
      // replaced, not merged: `name` is gone
      expect(changed).toEqual({ ...user, claims, tokenVersion: 3 });
      expect(await store().getUserById(user.id)).toEqual(changed);
      expect(await store().getDenylistEntry('user', user.id)).toEqual({
        kind: 'user',
        subject: user.id,
        value: 3,
        reason: 'claims changed',
        createdAt: T0 + 5,
        pruneAfter: T0 + 905,
      });
      expect(await store().getUserById(other.id)).toEqual(other);
      // a later plain bump keeps the claims
      expect(await store().bumpTokenVersion(user.id, 'password changed', T0 + 6, T0 + 906)).toEqual({
        ...changed,
        tokenVersion: 4,
      });
      expect(await store().setUserClaims(user.id, {}, 'cleared', T0 + 7, T0 + 907)).toEqual({
        ...user,
        claims: {},
        tokenVersion: 5,
      });
    });

    it('answers null for the claims of an unknown user and writes nothing', async () => {
      expect(await store().setUserClaims('nobody', { name: 'x' }, 'x', T0, T0 + 60)).toBeNull();
      expect(await store().getUserById('nobody')).toBeNull();
      expect(await store().getDenylistEntry('user', 'nobody')).toBeNull();
    });

    it('refuses claims that are not a JSON object and changes nothing', async () => {
      const user = makeUser({ claims: { name: 'Kept' } });
      await store().createUser(user);
      for (const bad of [[], null, 'name', 3]) {
        await expect(
          store().setUserClaims(user.id, bad as unknown as Record<string, unknown>, 'x', T0, T0 + 60),
        ).rejects.toThrow();
      }
      expect(await store().getUserById(user.id)).toEqual(user);
      expect(await store().getDenylistEntry('user', user.id)).toBeNull();
      await expect(
        store().createUser(makeUser({ claims: [] as unknown as Record<string, unknown> })),
      ).rejects.toThrow();
    });

    it('pairs each claims change with its own version: of 10 concurrent changes, the claims kept got the highest', async () => {
      const user = makeUser();
      await store().createUser(user);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store().setUserClaims(user.id, { n: i }, `change ${i}`, T0 + i, T0 + 900)),
      );
      // every change raised the version once, each to a version of its own
      expect(results.map((r) => r?.tokenVersion).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      // each call answers with the claims it wrote, beside the version it raised
      results.forEach((r, i) => expect(r?.claims).toEqual({ n: i }));
      const last = results.findIndex((r) => r?.tokenVersion === 10);
      expect(await store().getUserById(user.id)).toEqual(results[last]);
      // and the denylist entry is the one written with that version
      expect(await store().getDenylistEntry('user', user.id)).toMatchObject({ value: 10, reason: `change ${last}` });
    });
  });
}

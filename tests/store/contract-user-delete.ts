import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/main/store/store';
import {
  ABSOLUTE,
  makeClient,
  makeSession,
  makeToken,
  makeUser,
  PRUNE,
  seedSession,
  stored,
  T0,
  useStore,
  type OpenStore,
} from './contract-fixtures';
import { rotation } from './contract-refresh-families';

/** Everything the store holds about one session, as the console reads it. */
const sessionState = async (store: Store, sessionId: string) => ({
  session: await store.getSession(sessionId),
  family: await store.getRefreshFamily(sessionId),
  issued: await store.listIssuedTokens(sessionId),
  clients: await store.listSessionClients(sessionId),
  deliveries: await store.listLogoutDeliveries(sessionId),
  sid: await store.getDenylistEntry('sid', sessionId),
});

/**
 * A user with two sessions: a login-API one whose family was rotated (a parent chain) and a
 * browser login with a family for rp-a, each with issued tokens, clients and a browser session.
 */
async function userWithHistory(store: Store, username: string) {
  const user = makeUser({ username });
  await store.createUser(user);
  const api = makeSession(user.id);
  const first = makeToken(api.id);
  await store.createSession(api, stored(first));
  const r1 = rotation(first, first.secret, T0 + 10);
  expect((await store.rotateRefreshToken(r1.input)).kind).toBe('rotated');
  expect((await store.rotateRefreshToken(rotation(r1.next, r1.next.secret, T0 + 20).input)).kind).toBe('rotated');

  const browser = makeSession(user.id, { createdAt: T0 + 1 });
  await store.createSession(browser, null);
  await store.startRefreshFamily(stored(makeToken(browser.id, { clientId: 'rp-a', scope: 'openid' })), T0 + 2);
  await store.addSessionClient(browser.id, 'rp-a', T0 + 2);
  await store.putBrowserSession(`cookie-${username}`, browser.id, T0 + 1);

  for (const [i, s] of [api, browser].entries()) {
    await store.recordIssuedToken({
      jti: `${username}-j${i}`,
      sessionId: s.id,
      kid: 'k1',
      issuedAt: T0,
      expiresAt: T0 + 900,
    });
  }
  return { user, sessions: [api, browser] };
}

export function describeUserDeletion(open: OpenStore): void {
  describe('deleteUser', () => {
    const store = useStore(open);

    it('deletes the user with every session and what hangs off them, keeping denylist entries and logout deliveries', async () => {
      await store().putClient(makeClient({ id: 'rp-a', backchannelLogoutUri: 'https://a.example/bc' }));
      const doomed = await userWithHistory(store(), 'doomed');
      const kept = await userWithHistory(store(), 'kept');
      const keptBefore = await Promise.all(kept.sessions.map((s) => sessionState(store(), s.id)));
      // the caller ends the sessions first
      expect(await store().revokeUserSessions(doomed.user.id, 'user deleted', T0 + 30, PRUNE)).toHaveLength(2);
      const [api, browser] = doomed.sessions.map((s) => s.id) as [string, string];
      const deliveries = await store().listLogoutDeliveries(browser);
      expect(deliveries).toMatchObject([{ clientId: 'rp-a', status: 'pending', userId: doomed.user.id }]);

      expect(await store().deleteUser(doomed.user.id)).toBe(true);

      expect(await store().getUserById(doomed.user.id)).toBeNull();
      expect(await store().getUserByUsername('doomed')).toBeNull();
      expect((await store().listUsers()).map((u) => u.id)).toEqual([kept.user.id]);
      for (const sid of [api, browser]) {
        const state = await sessionState(store(), sid);
        expect(state).toMatchObject({ session: null, family: [], issued: [], clients: [] });
        // what outlives the user: the sid entries and the deliveries
        expect(state.sid).toMatchObject({ kind: 'sid', subject: sid, reason: 'user deleted' });
      }
      expect(await store().listLogoutDeliveries(browser)).toEqual(deliveries);
      expect(await store().getBrowserSession('cookie-doomed')).toBeNull();
      expect(await store().listSessions({ userId: doomed.user.id })).toEqual({ items: [], total: 0 });
      expect((await store().listSessions({})).items.map((s) => s.id).sort()).toEqual(
        kept.sessions.map((s) => s.id).sort(),
      );
      expect(await store().countLiveTokensByKid('k1', T0)).toEqual({ tokens: 2, sessions: 2 });

      // the other user is untouched
      expect(await Promise.all(kept.sessions.map((s) => sessionState(store(), s.id)))).toEqual(keptBefore);
      expect(await store().getBrowserSession('cookie-kept')).toBe(kept.sessions[1]!.id);
      expect(await store().getUserByUsername('kept')).toEqual(kept.user);
      // and nothing of the deleted user's is left for a prune to find: only the other user's tokens
      expect(await store().pruneBrowserSessions()).toBe(0);
      expect(await store().pruneIssuedTokens(T0 + 10_000)).toBe(2);

      // the deliveries still work as the dispatcher uses them
      const [claimed] = await store().claimLogoutDeliveries(T0 + 30, 10, T0 + 60);
      expect(claimed?.id).toBe(deliveries[0]!.id);
      expect(
        await store().finishLogoutAttempt(claimed!.id, {
          status: 'delivered',
          nextAttemptAt: T0 + 31,
          lastAttemptAt: T0 + 31,
          lastError: null,
          latencyMs: 3,
          deliveredAt: T0 + 31,
        }),
      ).toMatchObject({ status: 'delivered', attempts: 1, sessionId: browser });

      // the username is free again, and the id answers false from now on
      await store().createUser(makeUser({ username: 'doomed' }));
      expect(await store().deleteUser(doomed.user.id)).toBe(false);
    });

    it('answers false for an unknown user and true for a user without sessions', async () => {
      expect(await store().deleteUser('nobody')).toBe(false);
      const lonely = makeUser();
      await store().createUser(lonely);
      expect(await store().deleteUser(lonely.id)).toBe(true);
      expect(await store().getUserById(lonely.id)).toBeNull();
      expect(await store().listUsers()).toEqual([]);
    });

    it('deletes sessions that were never revoked too (the caller is expected to revoke first)', async () => {
      const { user, session, token } = await seedSession(store());
      expect(await store().deleteUser(user.id)).toBe(true);
      expect(await store().getSession(session.id)).toBeNull();
      expect(await store().getRefreshToken(token.id)).toBeNull();
      expect(await store().expireSessions(T0 + 10 * ABSOLUTE)).toEqual([]);
      expect(await store().listSessions({ status: 'active' })).toEqual({ items: [], total: 0 });
    });
  });
}

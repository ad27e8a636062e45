import { describe, expect, it } from 'vitest';
import {
  ABSOLUTE,
  IDLE,
  makeSession,
  makeToken,
  PRUNE,
  seedSession,
  stored,
  T0,
  useStore,
  type OpenStore,
} from './contract-fixtures';

export function describeSessions(open: OpenStore): void {
  describe('sessions', () => {
    const store = useStore(open);

    it('creates a session together with the first token of its family', async () => {
      const { session, token } = await seedSession(store());
      expect(await store().getSession(session.id)).toEqual(session);
      expect(await store().getRefreshFamily(session.id)).toEqual([stored(token)]);
      expect(await store().getSession('nope')).toBeNull();
      expect(await store().getRefreshFamily('nope')).toEqual([]);
      expect(await store().getRefreshToken(token.id)).toEqual(stored(token));
      expect(await store().getRefreshToken('nope')).toBeNull();
    });

    it('reads many sessions at once: those that exist, whatever their state, an id asked twice once', async () => {
      const { user, session: a } = await seedSession(store());
      const b = makeSession(user.id);
      await store().createSession(b, stored(makeToken(b.id)));
      const revoked = await store().revokeSession(b.id, 'test', T0 + 1, PRUNE);
      const found = await store().getSessions([b.id, 'nope', a.id, a.id]);
      expect([...found].sort((x, y) => x.id.localeCompare(y.id))).toEqual(
        [a, revoked!].sort((x, y) => x.id.localeCompare(y.id)),
      );
      expect(await store().getSessions([])).toEqual([]);
      expect(await store().getSessions(['nope'])).toEqual([]);
    });

    it("keeps the client and scope the caller gives the family's first token", async () => {
      const bound = await seedSession(store(), {}, { clientId: 'rp-one', scope: 'openid email offline_access' });
      expect(await store().getRefreshToken(bound.token.id)).toEqual(stored(bound.token));
      expect(await store().getRefreshToken(bound.token.id)).toMatchObject({
        clientId: 'rp-one',
        scope: 'openid email offline_access',
      });
      const login = await seedSession(store());
      expect(await store().getRefreshFamily(login.session.id)).toEqual([
        { ...stored(login.token), clientId: null, scope: '' },
      ]);
    });

    it('writes nothing when the first token cannot be stored', async () => {
      const { user, token } = await seedSession(store());
      const second = makeSession(user.id);
      // same token id as an existing one: the whole createSession must fail
      await expect(store().createSession(second, { ...stored(token), sessionId: second.id })).rejects.toThrow();
      expect(await store().getSession(second.id)).toBeNull();
    });

    it('touch bumps last seen and idle expiry, never past the absolute expiry', async () => {
      const { session } = await seedSession(store());
      const touched = await store().touchSession(session.id, T0 + 60, T0 + 60 + IDLE);
      expect(touched).toEqual({ ...session, lastSeenAt: T0 + 60, idleExpiresAt: T0 + 60 + IDLE });
      const capped = await store().touchSession(session.id, T0 + 120, T0 + ABSOLUTE + 999);
      expect(capped?.idleExpiresAt).toBe(T0 + ABSOLUTE);
      expect(await store().getSession(session.id)).toEqual(capped);
      expect(await store().touchSession('nope', T0, T0 + IDLE)).toBeNull();
    });

    it('touch refuses a revoked session and expires one past its idle expiry', async () => {
      const a = await seedSession(store());
      await store().revokeSession(a.session.id, 'admin', T0 + 1, PRUNE);
      expect(await store().touchSession(a.session.id, T0 + 2, T0 + 2 + IDLE)).toBeNull();
      const b = await seedSession(store());
      expect(await store().touchSession(b.session.id, T0 + IDLE, T0 + 2 * IDLE)).toBeNull();
      expect((await store().getSession(b.session.id))?.status).toBe('expired');
    });

    it('revokes an active session and its live refresh tokens, once', async () => {
      const { session, token } = await seedSession(store());
      const revoked = await store().revokeSession(session.id, 'logout', T0 + 5, PRUNE);
      expect(revoked).toEqual({ ...session, status: 'revoked', revokedAt: T0 + 5, revokedReason: 'logout' });
      expect(await store().getSession(session.id)).toEqual(revoked);
      expect(await store().getRefreshFamily(session.id)).toEqual([{ ...stored(token), status: 'revoked' }]);
      expect(await store().revokeSession(session.id, 'again', T0 + 6, PRUNE)).toBeNull();
      expect((await store().getSession(session.id))?.revokedReason).toBe('logout');
      expect(await store().revokeSession('nope', 'x', T0, PRUNE)).toBeNull();
    });

    it("writes a revoked session's sid denylist entry in the same step, and only when it revoked it", async () => {
      const { session } = await seedSession(store());
      await store().revokeSession(session.id, 'logout', T0 + 5, PRUNE);
      expect(await store().getDenylistEntry('sid', session.id)).toEqual({
        kind: 'sid',
        subject: session.id,
        value: 0,
        reason: 'logout',
        createdAt: T0 + 5,
        pruneAfter: PRUNE,
      });
      await store().revokeSession(session.id, 'again', T0 + 6, PRUNE + 1);
      expect((await store().getDenylistEntry('sid', session.id))?.reason).toBe('logout');
      const expired = await seedSession(store(), { idleExpiresAt: T0 + 10 });
      await store().expireSessions(T0 + 10);
      await store().revokeSession(expired.session.id, 'late', T0 + 11, PRUNE);
      expect(await store().getDenylistEntry('sid', expired.session.id)).toBeNull();
      const { user } = await seedSession(store());
      const [both] = await store().revokeUserSessions(user.id, 'password reset', T0 + 20, PRUNE);
      expect(await store().getDenylistEntry('sid', both!.id)).toMatchObject({
        reason: 'password reset',
        createdAt: T0 + 20,
      });
    });

    it('does not revoke an expired session', async () => {
      const { session } = await seedSession(store());
      await store().expireSessions(T0 + ABSOLUTE);
      expect(await store().revokeSession(session.id, 'admin', T0 + ABSOLUTE + 1, PRUNE)).toBeNull();
      expect((await store().getSession(session.id))?.status).toBe('expired');
    });

    it('revokes every active session of one user only', async () => {
      const { user, session: first } = await seedSession(store());
      const second = makeSession(user.id, { createdAt: T0 + 1 });
      await store().createSession(second, stored(makeToken(second.id)));
      const already = makeSession(user.id);
      await store().createSession(already, stored(makeToken(already.id)));
      await store().revokeSession(already.id, 'earlier', T0 + 2, PRUNE);
      const other = await seedSession(store());

      const revoked = await store().revokeUserSessions(user.id, 'password reset', T0 + 10, PRUNE);
      expect(revoked.map((s) => s.id).sort()).toEqual([first.id, second.id].sort());
      expect(revoked.every((s) => s.status === 'revoked' && s.revokedReason === 'password reset')).toBe(true);
      expect((await store().getSession(already.id))?.revokedReason).toBe('earlier');
      expect((await store().getSession(other.session.id))?.status).toBe('active');
      const family = await store().getRefreshFamily(second.id);
      expect(family.map((t) => t.status)).toEqual(['revoked']);
      expect(await store().revokeUserSessions(user.id, 'again', T0 + 11, PRUNE)).toEqual([]);
    });

    it('expires active sessions at or past their idle or absolute expiry', async () => {
      const idle = await seedSession(store(), { idleExpiresAt: T0 + 100, absoluteExpiresAt: T0 + 1000 });
      const absolute = await seedSession(store(), { idleExpiresAt: T0 + 900, absoluteExpiresAt: T0 + 200 });
      const live = await seedSession(store(), { idleExpiresAt: T0 + 201, absoluteExpiresAt: T0 + 1000 });
      const revoked = await seedSession(store(), { idleExpiresAt: T0 + 100 });
      await store().revokeSession(revoked.session.id, 'admin', T0 + 50, PRUNE);

      const expired = await store().expireSessions(T0 + 200);
      expect(expired.map((s) => s.id).sort()).toEqual([idle.session.id, absolute.session.id].sort());
      for (const s of expired) {
        expect(s).toMatchObject({ status: 'expired', revokedAt: null, revokedReason: null });
        expect(await store().getSession(s.id)).toEqual(s);
      }
      expect((await store().getSession(live.session.id))?.status).toBe('active');
      expect((await store().getSession(revoked.session.id))?.status).toBe('revoked');
      expect(await store().expireSessions(T0 + 200)).toEqual([]);
    });
  });

  describe('session clients', () => {
    const store = useStore(open);

    it('records each client of a session once, keeping the first time, oldest first', async () => {
      const { user, session } = await seedSession(store());
      const other = makeSession(user.id);
      await store().createSession(other, stored(makeToken(other.id)));
      await store().addSessionClient(session.id, 'rp-b', T0 + 20);
      await store().addSessionClient(session.id, 'rp-a', T0 + 10);
      await store().addSessionClient(session.id, 'rp-b', T0 + 30);
      await store().addSessionClient(session.id, 'rp-c', T0 + 20);
      await store().addSessionClient(other.id, 'rp-a', T0 + 40);
      expect(await store().listSessionClients(session.id)).toEqual([
        { sessionId: session.id, clientId: 'rp-a', firstAt: T0 + 10 },
        // equal times: by client id
        { sessionId: session.id, clientId: 'rp-b', firstAt: T0 + 20 },
        { sessionId: session.id, clientId: 'rp-c', firstAt: T0 + 20 },
      ]);
      expect(await store().listSessionClients(other.id)).toEqual([
        { sessionId: other.id, clientId: 'rp-a', firstAt: T0 + 40 },
      ]);
      expect(await store().listSessionClients('nope')).toEqual([]);
    });

    it('keeps the clients of a session that is no longer active', async () => {
      const { session } = await seedSession(store());
      await store().addSessionClient(session.id, 'rp-a', T0 + 1);
      await store().revokeSession(session.id, 'logout', T0 + 2, PRUNE);
      expect(await store().listSessionClients(session.id)).toEqual([
        { sessionId: session.id, clientId: 'rp-a', firstAt: T0 + 1 },
      ]);
    });

    it('refuses a client of an unknown session', async () => {
      await expect(store().addSessionClient('no-such-session', 'rp-a', T0)).rejects.toThrow();
      expect(await store().listSessionClients('no-such-session')).toEqual([]);
    });
  });
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import type { UserRecord } from '../../src/main/store/store';
import { addUser, CLIENT, openTestGatehouse, T0, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
let g: Gatehouse;
let alice: UserRecord;
let bob: UserRecord;

beforeEach(async () => {
  fx = await openTestGatehouse();
  g = fx.gatehouse;
  alice = await addUser(g, 'alice');
  bob = await addUser(g, 'bob');
});
afterEach(() => fx.close());

const start = (user: UserRecord = alice) => g.sessions.startSession(user, CLIENT, 'admin');
const invalidGrant = { name: 'AuthError', code: 'invalid_grant' };

describe('SessionService: idle and absolute expiry (defaults: idle 30 min, absolute 12 h)', () => {
  it('a refresh just before the idle timeout succeeds and slides the idle expiry', async () => {
    const { refreshToken, session } = await start();
    expect(session).toMatchObject({ idleExpiresAt: T0 + 1800, absoluteExpiresAt: T0 + 12 * 3600, status: 'active' });
    fx.clock.advance(1799);
    const next = await g.sessions.refresh(refreshToken, CLIENT);
    expect(next.session).toMatchObject({ id: session.id, idleExpiresAt: T0 + 1799 + 1800, lastSeenAt: T0 + 1799 });
  });

  it('idle expiry makes refresh fail', async () => {
    const { refreshToken } = await start();
    fx.clock.advance(1800);
    await expect(g.sessions.refresh(refreshToken, CLIENT)).rejects.toMatchObject(invalidGrant);
  });

  it('absolute expiry makes refresh fail even for a session kept busy', async () => {
    await g.settings.update({ absoluteTimeout: 3600 }, 'admin');
    let { refreshToken } = await start();
    for (let i = 0; i < 2; i++) {
      fx.clock.advance(1700);
      ({ refreshToken } = await g.sessions.refresh(refreshToken, CLIENT));
    }
    // 3580 s in: still inside both limits, and the access token is capped at the absolute expiry
    fx.clock.set(T0 + 3580);
    const last = await g.sessions.refresh(refreshToken, CLIENT);
    expect(last.access.expiresAt).toBe(T0 + 3600);
    expect(last.session.idleExpiresAt).toBeLessThanOrEqual(T0 + 3600);
    fx.clock.set(T0 + 3600);
    await expect(g.sessions.refresh(last.refreshToken, CLIENT)).rejects.toMatchObject(invalidGrant);
  });

  it('expireDueSessions marks idle- and absolute-expired sessions, and only those', async () => {
    await g.settings.update({ absoluteTimeout: 1000, idleTimeout: 600 }, 'admin');
    const idle = await start();
    fx.clock.advance(500);
    const busy = await start(bob);
    fx.clock.advance(101); // idle is 601 s old; busy is 101 s old
    expect(await g.sessions.expireDueSessions()).toBe(1);
    expect((await g.store.getSession(idle.session.id))?.status).toBe('expired');
    expect((await g.store.getSession(busy.session.id))?.status).toBe('active');
    await expect(g.sessions.refresh(idle.refreshToken, CLIENT)).rejects.toMatchObject(invalidGrant);
    expect(await g.sessions.expireDueSessions()).toBe(0);

    // keep busy alive by refreshing, until its absolute limit (created at T0+500, so T0+1500)
    let token = busy.refreshToken;
    for (const at of [T0 + 1000, T0 + 1400]) {
      fx.clock.set(at);
      token = (await g.sessions.refresh(token, CLIENT)).refreshToken;
    }
    fx.clock.set(T0 + 1500);
    expect(await g.sessions.expireDueSessions()).toBe(1);
    expect((await g.store.getSession(busy.session.id))?.status).toBe('expired');
    await expect(g.sessions.refresh(token, CLIENT)).rejects.toMatchObject(invalidGrant);
  });

  it('tick expires due sessions too', async () => {
    const { session } = await start();
    fx.clock.advance(1800);
    await g.tick();
    expect((await g.store.getSession(session.id))?.status).toBe('expired');
  });
});

describe('SessionService: rotation and reuse', () => {
  it('rotates: the old refresh token is single-use and its replay revokes the session', async () => {
    const first = await start();
    const second = await g.sessions.refresh(first.refreshToken, CLIENT);
    expect(await g.verifier.verify(second.access.token)).toMatchObject({ ok: true });
    await expect(g.sessions.refresh(first.refreshToken, CLIENT)).rejects.toMatchObject(invalidGrant);
    expect(await g.verifier.verify(second.access.token)).toMatchObject({ ok: false, code: 'session_revoked' });
    await expect(g.sessions.refresh(second.refreshToken, CLIENT)).rejects.toMatchObject(invalidGrant);
    expect(await g.store.getSession(first.session.id)).toMatchObject({
      status: 'revoked',
      revokedReason: 'refresh token reuse detected',
    });
    expect((await g.store.listAudit({ type: 'refresh.reuse_detected' })).map((e) => e.subject)).toEqual([
      first.session.id,
    ]);
  });

  it('refuses malformed and unknown refresh tokens', async () => {
    for (const token of [undefined, 42, '', 'a.b', `${'A'.repeat(22)}.${'B'.repeat(43)}`]) {
      await expect(g.sessions.refresh(token, CLIENT)).rejects.toMatchObject(invalidGrant);
    }
    // a right id with a wrong secret is not a reuse: the session stays active
    const { refreshToken, session } = await start();
    await expect(g.sessions.refresh(`${refreshToken.split('.')[0]}.${'A'.repeat(43)}`, CLIENT)).rejects.toMatchObject(
      invalidGrant,
    );
    expect((await g.store.getSession(session.id))?.status).toBe('active');
    await g.sessions.refresh(refreshToken, CLIENT);
  });
});

describe('SessionService: revocation', () => {
  it('revokeUserSessions revokes every active session of that user, and no one else', async () => {
    const a1 = await start();
    const a2 = await start();
    const b1 = await start(bob);
    const revoked = await g.sessions.revokeUserSessions(alice.id, 'password reset', 'admin');
    expect(revoked.map((s) => s.id).sort()).toEqual([a1.session.id, a2.session.id].sort());
    for (const pair of [a1, a2]) {
      expect(await g.verifier.verify(pair.access.token)).toMatchObject({ ok: false, code: 'session_revoked' });
      await expect(g.sessions.refresh(pair.refreshToken, CLIENT)).rejects.toMatchObject(invalidGrant);
      expect(await g.store.getSession(pair.session.id)).toMatchObject({
        status: 'revoked',
        revokedReason: 'password reset',
      });
    }
    expect(await g.verifier.verify(b1.access.token)).toMatchObject({ ok: true });
    expect(await g.store.listAudit({ type: 'user.sessions_revoked' })).toHaveLength(1);
    // a second call finds nothing left to revoke
    expect(await g.sessions.revokeUserSessions(alice.id, 'again', 'admin')).toEqual([]);
  });

  it('revokeUserSessions of an unknown user is not_found', async () => {
    await expect(g.sessions.revokeUserSessions('nobody', 'x', 'admin')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('revokeSession: not_found for an unknown id, invalid_state when not active', async () => {
    const { session } = await start();
    await g.sessions.revokeSession(session.id, 'test', 'admin');
    await expect(g.sessions.revokeSession(session.id, 'again', 'admin')).rejects.toMatchObject({
      code: 'invalid_state',
    });
    await expect(g.sessions.revokeSession('no-such-session', 'x', 'admin')).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('a revocation entry is kept until every token it affects has expired, then pruned', async () => {
    const { session, access } = await start();
    await g.sessions.revokeSession(session.id, 'test', 'admin');
    const horizon = g.settings.get().maxAccessTokenLifetime + g.settings.get().clockTolerance;
    fx.clock.advance(horizon - 1);
    await g.denylist.prune();
    expect(g.denylist.entries.isSessionRevoked(session.id)).toBe(true);
    expect(await g.store.getDenylistEntry('sid', session.id)).not.toBeNull();
    fx.clock.advance(1);
    await g.denylist.prune();
    expect(g.denylist.entries.isSessionRevoked(session.id)).toBe(false);
    expect(await g.store.getDenylistEntry('sid', session.id)).toBeNull();
    // by then the token cannot verify anyway
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: false, code: 'token_expired' });
  });
});

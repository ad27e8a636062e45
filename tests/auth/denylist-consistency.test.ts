import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import type { SessionStatus, UserRecord } from '../../src/main/store/store';
import { addUser, CLIENT, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
let g: Gatehouse;
let admin: AdminService;
let user: UserRecord;

beforeEach(async () => {
  fx = await openTestGatehouse();
  g = fx.gatehouse;
  admin = new AdminService({ gatehouse: g, authUrl: () => 'http://127.0.0.1', mode: 'headless', version: 'test' });
  user = await addUser(g, 'dana');
});
afterEach(() => fx.close());

interface Subject {
  sid: string;
  jti: string;
  token: string;
}

/** A session brought into each state the way it happens in use. */
const STATES: Record<SessionStatus, () => Promise<Subject>> = {
  active: async () => {
    const { session, access } = await g.sessions.startSession(user, CLIENT, 'admin');
    return { sid: session.id, jti: access.jti, token: access.token };
  },
  revoked: async () => {
    const s = await STATES.active();
    await g.sessions.revokeSession(s.sid, 'test', 'admin');
    return s;
  },
  expired: async () => {
    const s = await STATES.active();
    fx.clock.advance(g.settings.get().idleTimeout);
    await g.sessions.expireDueSessions();
    return s;
  },
};

/** Every operation the admin API offers on the denylist or on what it mirrors. */
const OPERATIONS: Record<string, (s: Subject) => Promise<unknown>> = {
  'denylist.remove sid': (s) => admin.handle('denylist.remove', { kind: 'sid', subject: s.sid }),
  'denylist.remove user': () => admin.handle('denylist.remove', { kind: 'user', subject: user.id }),
  'denylist.add token': (s) => admin.handle('denylist.add', { token: s.token }),
  'denylist.add jti': (s) => admin.handle('denylist.add', { kind: 'jti', jti: s.jti }),
  'denylist.add sid': (s) => admin.handle('denylist.add', { kind: 'sid', sessionId: s.sid }),
  'denylist.add user': () => admin.handle('denylist.add', { kind: 'user', userId: user.id }),
  'denylist.remove jti': (s) => admin.handle('denylist.remove', { kind: 'jti', subject: s.jti }),
  'sessions.revoke': (s) => admin.handle('sessions.revoke', { sessionId: s.sid }),
  'sessions.revokeUser': () => admin.handle('sessions.revokeUser', { userId: user.id }),
  'users.bumpVersion': () => admin.handle('users.bumpVersion', { userId: user.id }),
  'maintenance tick': () => g.tick(),
};

/** The sets say "revoked" exactly for the sessions the store says are revoked, now and after a rebuild. */
async function expectAgreement(sid: string): Promise<void> {
  const status = (await g.store.getSession(sid))?.status;
  const stored = (await g.store.getDenylistEntry('sid', sid)) !== null;
  expect({ status, inMemory: g.denylist.entries.isSessionRevoked(sid), stored }).toEqual({
    status,
    inMemory: status === 'revoked',
    stored: status === 'revoked',
  });
  await g.denylist.load();
  expect(g.denylist.entries.isSessionRevoked(sid)).toBe(status === 'revoked');
  expect(g.denylist.entries.minVersion(user.id)).toBe((await g.store.getUserById(user.id))!.tokenVersion);
}

describe('the denylist never disagrees with the sessions and users it mirrors', () => {
  for (const [state, enter] of Object.entries(STATES)) {
    for (const [name, operate] of Object.entries(OPERATIONS)) {
      it(`a ${state} session after ${name}`, async () => {
        const subject = await enter();
        await operate(subject);
        await expectAgreement(subject.sid);
      });
    }
  }

  it("refuses to remove a revoked session's entry with invalid_state, and its tokens stay refused", async () => {
    const s = await STATES.revoked();
    expect(await admin.handle('denylist.remove', { kind: 'sid', subject: s.sid })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(await g.verifier.verify(s.token)).toMatchObject({ ok: false, code: 'session_revoked' });
  });

  it('refuses to remove a token-version entry with invalid_state, and old tokens stay refused', async () => {
    const s = await STATES.active();
    await admin.handle('users.bumpVersion', { userId: user.id });
    expect(await admin.handle('denylist.remove', { kind: 'user', subject: user.id })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
    expect(await g.verifier.verify(s.token)).toMatchObject({ ok: false, code: 'version_stale' });
  });

  it('still lets a denylisted jti be removed, and its token pass again', async () => {
    const s = await STATES.active();
    await admin.handle('denylist.add', { token: s.token });
    expect(await g.verifier.verify(s.token)).toMatchObject({ ok: false, code: 'jti_revoked' });
    expect(await admin.handle('denylist.remove', { kind: 'jti', subject: s.jti })).toEqual({
      ok: true,
      value: { removed: true },
    });
    expect(await g.verifier.verify(s.token)).toMatchObject({ ok: true });
  });
});

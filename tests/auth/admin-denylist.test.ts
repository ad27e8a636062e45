/**
 * `denylist.add` by each of its ways (token, jti without the token, session, user), the names the
 * denylist and the audit log answer beside their ids, and the batched reads that name a page.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import type { UserRecord } from '../../src/main/store/store';
import type { AdminMethod, AdminResponses } from '../../src/shared/admin-api';
import { addUser, CLIENT, openTestGatehouse, T0, type GatehouseFixture } from '../support/gatehouse-fixture';
import { startLogoutReceiver } from '../support/logout-receiver';

let fx: GatehouseFixture;
let g: Gatehouse;
let admin: AdminService;
let dana: UserRecord;

beforeEach(async () => {
  fx = await openTestGatehouse();
  g = fx.gatehouse;
  admin = new AdminService({ gatehouse: g, authUrl: () => 'http://127.0.0.1', mode: 'headless', version: 'test' });
  dana = await addUser(g, 'dana');
});
afterEach(() => fx.close());

/** The answer's value; fails the test on an error answer. */
async function ok<M extends AdminMethod>(method: M, request: unknown): Promise<AdminResponses[M]> {
  const result = await admin.handle(method, request);
  if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
  return result.value;
}
const refusal = async (method: AdminMethod, request: unknown) => {
  const result = await admin.handle(method, request);
  return result.ok ? null : result.error;
};

const horizon = () => g.settings.get().maxAccessTokenLifetime + g.settings.get().clockTolerance;
const tolerance = () => g.settings.get().clockTolerance;

describe('denylist.add by jti, without the token', () => {
  it("a logged token's jti: kept until the token's own expiry, named after its user, refused at once", async () => {
    const { session, access } = await g.sessions.startSession(dana, CLIENT, 'admin');
    fx.clock.advance(10);
    const entry = await ok('denylist.add', { kind: 'jti', jti: access.jti, reason: 'seen in a proxy log' });
    expect(entry).toEqual({
      kind: 'jti',
      subject: access.jti,
      value: 0,
      reason: 'seen in a proxy log',
      createdAt: T0 + 10,
      pruneAfter: access.expiresAt + tolerance(),
      name: 'dana',
    });
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: false, code: 'jti_revoked' });
    const [audit] = await g.store.listAudit({ type: 'token.denylisted' });
    expect(audit).toMatchObject({
      actor: 'admin',
      subject: access.jti,
      detail: {
        sid: session.id,
        sub: dana.id,
        reason: 'seen in a proxy log',
        until: 'token expiry (issued-token log)',
      },
    });
  });

  it('an unknown jti: kept for the token horizon (max lifetime + tolerance from now), with no name', async () => {
    const entry = await ok('denylist.add', { kind: 'jti', jti: 'jti-from-a-partner-report' });
    expect(entry).toMatchObject({ pruneAfter: T0 + horizon(), name: null, reason: 'denylisted by admin' });
    expect((await g.store.listAudit({ type: 'token.denylisted' }))[0]!.detail).toEqual({
      reason: 'denylisted by admin',
      until: 'token horizon',
    });
    expect(g.denylist.entries.isJtiRevoked('jti-from-a-partner-report')).toBe(true);
  });

  it("a given expiresAt sets the entry's end, capped at the horizon; an expired one is refused", async () => {
    expect(await ok('denylist.add', { kind: 'jti', jti: 'soon', expiresAt: T0 + 100 })).toMatchObject({
      pruneAfter: T0 + 100 + tolerance(),
    });
    expect(await ok('denylist.add', { kind: 'jti', jti: 'far', expiresAt: T0 + 86_400 * 30 })).toMatchObject({
      pruneAfter: T0 + horizon(),
    });
    expect(await refusal('denylist.add', { kind: 'jti', jti: 'past', expiresAt: T0 - 60 })).toMatchObject({
      code: 'invalid_state',
      message: expect.stringContaining('nothing to denylist'),
    });
    expect(await g.store.getDenylistEntry('jti', 'past')).toBeNull();
  });

  it('the log knows better than a given expiresAt; a jti already denylisted is a conflict', async () => {
    const { access } = await g.sessions.startSession(dana, CLIENT, 'admin');
    expect(await ok('denylist.add', { kind: 'jti', jti: access.jti, expiresAt: T0 + 1 })).toMatchObject({
      pruneAfter: access.expiresAt + tolerance(),
    });
    expect(await refusal('denylist.add', { kind: 'jti', jti: access.jti })).toMatchObject({ code: 'conflict' });
  });

  it('a pasted token still works, with or without kind, and the request is strict', async () => {
    const a = await g.sessions.startSession(dana, CLIENT, 'admin');
    const b = await g.sessions.startSession(dana, CLIENT, 'admin');
    expect(await ok('denylist.add', { token: a.access.token })).toMatchObject({ subject: a.access.jti, name: 'dana' });
    expect(await ok('denylist.add', { kind: 'token', token: b.access.token })).toMatchObject({
      subject: b.access.jti,
      pruneAfter: b.access.expiresAt + tolerance(),
    });
    for (const bad of [
      { kind: 'sid', sessionId: a.session.id, token: a.access.token },
      { kind: 'jti' },
      { kind: 'nope', subject: 'x' },
      { jti: 'x' },
    ])
      expect(await refusal('denylist.add', bad)).toMatchObject({ code: 'invalid_request' });
  });
});

describe('denylist.add by session', () => {
  it("revokes the session: its state, its sid entry and the app's back-channel logout agree", async () => {
    const issuer = g.settings.get().issuer;
    const receiver = await startLogoutReceiver(issuer, 'app', () => fx.clock.now(), { jwks: g.ring.jwks() as never });
    try {
      await g.clients.apply(
        {
          clientId: 'app',
          name: 'App',
          redirectUris: ['http://localhost:5177/cb'],
          postLogoutRedirectUris: [],
          grantTypes: ['authorization_code'],
          tokenEndpointAuthMethod: 'none',
          backchannelLogoutUri: receiver.uri,
          audience: null,
        },
        'test',
      );
      const { session, access } = await g.sessions.startSession(dana, CLIENT, 'admin');
      await g.store.addSessionClient(session.id, 'app', fx.clock.now());
      const entry = await ok('denylist.add', { kind: 'sid', sessionId: session.id, reason: 'laptop stolen' });
      expect(entry).toEqual({
        kind: 'sid',
        subject: session.id,
        value: 0,
        reason: 'laptop stolen',
        createdAt: T0,
        pruneAfter: T0 + horizon(),
        name: 'dana',
      });
      expect(await g.store.getSession(session.id)).toMatchObject({ status: 'revoked', revokedReason: 'laptop stolen' });
      expect(await g.verifier.verify(access.token)).toMatchObject({ ok: false, code: 'session_revoked' });
      const notice = await receiver.waitForSid(session.id);
      expect(notice.claims).toMatchObject({ sub: dana.id, sid: session.id });
      expect(receiver.rejected).toEqual([]);
      expect((await g.store.listAudit({ type: 'session.revoked' }))[0]).toMatchObject({
        actor: 'admin',
        subject: session.id,
      });
    } finally {
      await g.logout.settle();
      await receiver.close();
    }
  });

  it('refuses an unknown session (not_found) and an ended one (invalid_state), writing no entry', async () => {
    expect(await refusal('denylist.add', { kind: 'sid', sessionId: 'no-such-session' })).toMatchObject({
      code: 'not_found',
    });
    expect(await g.store.getDenylistEntry('sid', 'no-such-session')).toBeNull();

    const revoked = await g.sessions.startSession(dana, CLIENT, 'admin');
    await g.sessions.revokeSession(revoked.session.id, 'first', 'admin');
    expect(await refusal('denylist.add', { kind: 'sid', sessionId: revoked.session.id })).toMatchObject({
      code: 'invalid_state',
      message: expect.stringContaining('already revoked'),
    });
    expect(await g.store.getDenylistEntry('sid', revoked.session.id)).toMatchObject({ reason: 'first' });

    const expired = await g.sessions.startSession(dana, CLIENT, 'admin');
    fx.clock.advance(g.settings.get().idleTimeout);
    await g.sessions.expireDueSessions();
    expect(await refusal('denylist.add', { kind: 'sid', sessionId: expired.session.id })).toMatchObject({
      code: 'invalid_state',
      message: expect.stringContaining('has ended (expired)'),
    });
    expect(await g.store.getDenylistEntry('sid', expired.session.id)).toBeNull();
  });
});

describe('denylist.add by user', () => {
  it("raises the user's token version: the entry names the user and their older tokens are refused", async () => {
    const { access } = await g.sessions.startSession(dana, CLIENT, 'admin');
    const entry = await ok('denylist.add', { kind: 'user', userId: dana.id, reason: 'account shared' });
    expect(entry).toEqual({
      kind: 'user',
      subject: dana.id,
      value: 1,
      reason: 'account shared',
      createdAt: T0,
      pruneAfter: T0 + horizon(),
      name: 'dana',
    });
    expect((await g.store.getUserById(dana.id))!.tokenVersion).toBe(1);
    expect(await g.verifier.verify(access.token)).toMatchObject({ ok: false, code: 'version_stale' });
    expect(await refusal('denylist.add', { kind: 'user', userId: 'nobody' })).toMatchObject({ code: 'not_found' });
  });
});

describe('names', () => {
  it('a page names every kind of entry in a few batched reads, never one per entry', async () => {
    const erin = await addUser(g, 'erin');
    const sessions = await Promise.all(
      Array.from({ length: 5 }, (_, i) => g.sessions.startSession(i % 2 ? erin : dana, CLIENT, 'admin')),
    );
    for (const s of sessions.slice(0, 3)) await ok('denylist.add', { kind: 'sid', sessionId: s.session.id });
    for (const s of sessions.slice(3)) await ok('denylist.add', { kind: 'jti', jti: s.access.jti });
    await ok('denylist.add', { kind: 'jti', jti: 'unlogged' });
    await ok('denylist.add', { kind: 'user', userId: erin.id });
    const client = await ok('clients.create', {
      name: 'Billing API',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'client_secret_basic',
    });
    await ok('clients.update', { clientId: client.clientId, enabled: false });

    const spies = {
      getSession: vi.spyOn(g.store, 'getSession'),
      getUserById: vi.spyOn(g.store, 'getUserById'),
      getSessions: vi.spyOn(g.store, 'getSessions'),
      getIssuedTokens: vi.spyOn(g.store, 'getIssuedTokens'),
      listUsers: vi.spyOn(g.store, 'listUsers'),
    };
    const page = await ok('denylist.list', {});
    const names = Object.fromEntries(page.items.map((e) => [`${e.kind}:${e.subject}`, e.name]));
    expect(names).toEqual({
      [`sid:${sessions[0]!.session.id}`]: 'dana',
      [`sid:${sessions[1]!.session.id}`]: 'erin',
      [`sid:${sessions[2]!.session.id}`]: 'dana',
      [`jti:${sessions[3]!.access.jti}`]: 'erin',
      [`jti:${sessions[4]!.access.jti}`]: 'dana',
      'jti:unlogged': null,
      [`user:${erin.id}`]: 'erin',
      [`client:${client.clientId}`]: 'Billing API',
    });
    expect(spies.getSession).not.toHaveBeenCalled();
    expect(spies.getUserById).not.toHaveBeenCalled();
    expect(spies.getSessions).toHaveBeenCalledTimes(1);
    expect(spies.getIssuedTokens).toHaveBeenCalledTimes(1);
    expect(spies.listUsers).toHaveBeenCalledTimes(1);
  });

  it("a deleted user's entries keep their ids and have no name", async () => {
    const { session } = await g.sessions.startSession(dana, CLIENT, 'admin');
    await ok('denylist.add', { kind: 'user', userId: dana.id });
    await ok('users.delete', { userId: dana.id });
    const page = await ok('denylist.list', {});
    expect(page.items.map((e) => [e.kind, e.subject, e.name])).toEqual(
      expect.arrayContaining([
        ['user', dana.id, null],
        ['sid', session.id, null],
      ]),
    );
  });

  it("audit.list names the actor and subject that are user ids, and a deleted user's from the page", async () => {
    const erin = await addUser(g, 'erin');
    await ok('denylist.add', { kind: 'user', userId: dana.id });
    await g.audit.record('session.refreshed', erin.id, 'some-session');
    await ok('users.create', { username: 'frank', password: 'frank-Passw0rd!' });
    const frank = (await g.store.getUserByUsername('frank'))!;
    await ok('users.delete', { userId: frank.id });

    const entries = await ok('audit.list', {});
    const bumped = entries.find((e) => e.type === 'user.version_bumped')!;
    expect(bumped).toMatchObject({ actor: 'admin', subject: dana.id, subjectName: 'dana' });
    expect(bumped).not.toHaveProperty('actorName');
    expect(entries.find((e) => e.type === 'session.refreshed')).toMatchObject({ actorName: 'erin' });
    expect(entries.find((e) => e.type === 'session.refreshed')).not.toHaveProperty('subjectName');
    expect(entries.find((e) => e.type === 'user.deleted')).toMatchObject({ subject: frank.id, subjectName: 'frank' });
  });
});

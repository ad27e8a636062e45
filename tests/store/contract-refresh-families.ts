import { describe, expect, it } from 'vitest';
import type { RefreshTokenRecord, RotateRefreshInput, Store } from '../../src/main/store/store';
import {
  ABSOLUTE,
  hashSecret,
  IDLE,
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

/**
 * The rotation request of `token` (as presented with `secret`, by the token's own client) at `now`.
 * The replacement carries the token's client and scope, as a caller would send them.
 */
export function rotation(
  token: RefreshTokenRecord,
  secret: string,
  now: number,
  over: Partial<RotateRefreshInput> = {},
) {
  const next = makeToken(token.sessionId, {
    parentId: token.id,
    createdAt: now,
    expiresAt: now + ABSOLUTE,
    clientId: token.clientId,
    scope: token.scope,
  });
  const input: RotateRefreshInput = {
    tokenId: token.id,
    secretHash: hashSecret(secret),
    now,
    next: stored(next),
    idleExpiresAt: now + IDLE,
    reuseReason: 'refresh token reuse',
    reusePruneAfter: now + 905,
    clientId: token.clientId,
    graceSeconds: 0,
    ...over,
  };
  return { input, next };
}

const RP = { clientId: 'rp-one', scope: 'openid profile offline_access' };

async function rotateOnce(store: Store, token: RefreshTokenRecord & { secret: string }) {
  const r = rotation(token, token.secret, T0 + 60);
  expect((await store.rotateRefreshToken(r.input)).kind).toBe('rotated');
  return r;
}

const snapshot = async (store: Store, sessionId: string) => ({
  session: await store.getSession(sessionId),
  family: await store.getRefreshFamily(sessionId),
});

/** The refresh-token families: RefreshFamilyStore (store/ports/refresh-families.ts). */
export function describeRefreshFamilies(open: OpenStore): void {
  describe('startRefreshFamily', () => {
    const store = useStore(open);

    it('creates a session without a refresh token (a browser login), then starts one family per client in it', async () => {
      const user = makeUser();
      await store().createUser(user);
      const session = makeSession(user.id);
      await store().createSession(session, null);
      expect(await store().getSession(session.id)).toEqual(session);
      expect(await store().getRefreshFamily(session.id)).toEqual([]);

      const a = makeToken(session.id, { clientId: 'rp-a', scope: 'openid', createdAt: T0 + 5 });
      const b = makeToken(session.id, { clientId: 'rp-b', scope: 'openid offline_access', createdAt: T0 + 6 });
      expect(await store().startRefreshFamily(stored(a), T0 + 5)).toEqual(session);
      expect(await store().startRefreshFamily(stored(b), T0 + 6)).toEqual(session);
      expect(await store().getRefreshFamily(session.id)).toEqual([stored(a), stored(b)]);
      // each family records its client in the session, at the time it started
      expect(await store().listSessionClients(session.id)).toEqual([
        { sessionId: session.id, clientId: 'rp-a', firstAt: T0 + 5 },
        { sessionId: session.id, clientId: 'rp-b', firstAt: T0 + 6 },
      ]);
      // revoking the session ends every client's family
      await store().revokeSession(session.id, 'logout', T0 + 10, PRUNE);
      expect((await store().getRefreshFamily(session.id)).map((t) => t.status)).toEqual(['revoked', 'revoked']);
    });

    it('starts no family in a session that ended or is past its expiry (and expires it)', async () => {
      const { session: revoked } = await seedSession(store());
      await store().revokeSession(revoked.id, 'x', T0 + 1, PRUNE);
      const late = makeToken(revoked.id, { clientId: 'rp' });
      expect(await store().startRefreshFamily(stored(late), T0 + 2)).toBeNull();
      expect(await store().getRefreshToken(late.id)).toBeNull();

      const { session: idle } = await seedSession(store());
      const past = makeToken(idle.id, { clientId: 'rp' });
      expect(await store().startRefreshFamily(stored(past), idle.idleExpiresAt)).toBeNull();
      expect(await store().getRefreshToken(past.id)).toBeNull();
      expect((await store().getSession(idle.id))!.status).toBe('expired');
      expect(await store().startRefreshFamily(stored(makeToken('no-such-session')), T0)).toBeNull();
    });
  });

  describe('rotateRefreshToken', () => {
    const store = useStore(open);

    it('rotates: old token used, new one live in the family, session bumped', async () => {
      const { session, token } = await seedSession(store());
      const { input, next } = rotation(token, token.secret, T0 + 60);
      const outcome = await store().rotateRefreshToken(input);
      const bumped = { ...session, lastSeenAt: T0 + 60, idleExpiresAt: T0 + 60 + IDLE };
      expect(outcome).toEqual({
        kind: 'rotated',
        session: bumped,
        user: await store().getUserById(session.userId),
        token: stored(next),
      });
      expect(await store().getSession(session.id)).toEqual(bumped);
      expect(await store().getRefreshFamily(session.id)).toEqual([
        { ...stored(token), status: 'rotated', usedAt: T0 + 60 },
        stored(next),
      ]);
      expect(await store().getRefreshToken(token.id)).toMatchObject({ status: 'rotated', usedAt: T0 + 60 });
      expect(await store().getRefreshToken(next.id)).toEqual(stored(next));
      // the new token rotates in turn
      const again = await store().rotateRefreshToken(rotation(next, next.secret, T0 + 120).input);
      expect(again.kind).toBe('rotated');
    });

    it('never moves idle expiry past absolute expiry', async () => {
      const { session, token } = await seedSession(store());
      const { input } = rotation(token, token.secret, T0 + 60, { idleExpiresAt: T0 + ABSOLUTE + 500 });
      const outcome = await store().rotateRefreshToken(input);
      expect(outcome.kind === 'rotated' && outcome.session.idleExpiresAt).toBe(session.absoluteExpiresAt);
    });

    it('answers unknown for a token id it never stored', async () => {
      const { token } = await seedSession(store());
      const { input } = rotation({ ...stored(token), id: 'no-such-token' }, token.secret, T0 + 1);
      expect(await store().rotateRefreshToken(input)).toEqual({ kind: 'invalid', reason: 'unknown' });
    });

    it('answers mismatch for a wrong secret and changes nothing', async () => {
      const { session, token } = await seedSession(store());
      const { next } = await rotateOnce(store(), token);
      const before = await snapshot(store(), session.id);
      // the live token, and the rotated one: without the right secret it is not reuse either
      for (const presented of [next, token]) {
        for (const secret of ['wrong', '', presented.secret + 'x', hashSecret(presented.secret)]) {
          const { input } = rotation(presented, secret, T0 + 90);
          expect(await store().rotateRefreshToken(input)).toEqual({ kind: 'invalid', reason: 'mismatch' });
        }
      }
      expect(await snapshot(store(), session.id)).toEqual(before);
    });

    it('detects reuse of a rotated token and revokes the whole family', async () => {
      const { session, token } = await seedSession(store());
      const first = await rotateOnce(store(), token);
      const replay = await store().rotateRefreshToken(rotation(token, token.secret, T0 + 90).input);
      expect(replay).toEqual({
        kind: 'reused',
        session: {
          ...session,
          lastSeenAt: T0 + 60,
          idleExpiresAt: T0 + 60 + IDLE,
          status: 'revoked',
          revokedAt: T0 + 90,
          revokedReason: 'refresh token reuse',
        },
      });
      expect(await store().getSession(session.id)).toEqual(replay.kind === 'reused' && replay.session);
      // the revocation and its sid denylist entry are one step
      expect(await store().getDenylistEntry('sid', session.id)).toEqual({
        kind: 'sid',
        subject: session.id,
        value: 0,
        reason: 'refresh token reuse',
        createdAt: T0 + 90,
        pruneAfter: T0 + 90 + 905,
      });
      const family = await store().getRefreshFamily(session.id);
      expect(family.map((t) => [t.id, t.status])).toEqual([
        [token.id, 'rotated'],
        [first.next.id, 'revoked'],
      ]);
      // the legitimate successor is dead too
      const successor = await store().rotateRefreshToken(rotation(first.next, first.next.secret, T0 + 100).input);
      expect(successor).toEqual({ kind: 'invalid', reason: 'revoked' });
    });

    it('within a grace window, takes back a rotated token whose successor was never used, and treats the superseded successor as reuse', async () => {
      const { session, token } = await seedSession(store());
      const first = await rotateOnce(store(), token);
      // the client lost the answer and presents the same token again, 10 s later, inside a 30 s window
      const again = rotation(token, token.secret, T0 + 70, { graceSeconds: 30 });
      expect((await store().rotateRefreshToken(again.input)).kind).toBe('rotated');
      const family = await store().getRefreshFamily(session.id);
      expect(family.map((t) => [t.id, t.status])).toEqual([
        [token.id, 'rotated'],
        [first.next.id, 'rotated'],
        [again.next.id, 'active'],
      ]);
      // whoever holds the superseded successor is now a reuser: the family dies
      const stale = await store().rotateRefreshToken(
        rotation(first.next, first.next.secret, T0 + 80, { graceSeconds: 30 }).input,
      );
      expect(stale.kind).toBe('reused');
      expect((await store().getSession(session.id))?.status).toBe('revoked');
    });

    it('treats a rotated token as reuse once the grace window has passed, or when its successor was already used', async () => {
      const late = await seedSession(store());
      await rotateOnce(store(), late.token);
      expect(
        (await store().rotateRefreshToken(rotation(late.token, late.token.secret, T0 + 91, { graceSeconds: 30 }).input))
          .kind,
      ).toBe('reused');

      const used = await seedSession(store());
      const first = await rotateOnce(store(), used.token);
      expect((await store().rotateRefreshToken(rotation(first.next, first.next.secret, T0 + 61).input)).kind).toBe(
        'rotated',
      );
      expect(
        (await store().rotateRefreshToken(rotation(used.token, used.token.secret, T0 + 62, { graceSeconds: 30 }).input))
          .kind,
      ).toBe('reused');
    });

    it('answers expired for a token at or past its expiry and keeps it', async () => {
      // the session outlives the token, so only the token has expired
      const far = T0 + 10 * ABSOLUTE;
      const { session, token } = await seedSession(store(), { idleExpiresAt: far, absoluteExpiresAt: far });
      const { input } = rotation(token, token.secret, token.expiresAt);
      expect(await store().rotateRefreshToken(input)).toEqual({ kind: 'invalid', reason: 'expired' });
      expect((await store().getRefreshFamily(session.id))[0]?.status).toBe('active');
      // and past it
      expect(await store().rotateRefreshToken(rotation(token, token.secret, token.expiresAt + 1).input)).toEqual({
        kind: 'invalid',
        reason: 'expired',
      });
      expect(await store().getRefreshFamily(session.id)).toEqual([stored(token)]);
    });

    it('answers revoked for a token of a revoked session', async () => {
      const { session, token } = await seedSession(store());
      await store().revokeSession(session.id, 'logout', T0 + 5, PRUNE);
      const { input } = rotation(token, token.secret, T0 + 10);
      expect(await store().rotateRefreshToken(input)).toEqual({ kind: 'invalid', reason: 'revoked' });
    });

    it('answers session_inactive once the session is idle or absolutely expired, and expires it', async () => {
      const cases = [
        { at: T0 + IDLE, over: {} },
        { at: T0 + ABSOLUTE, over: { idleExpiresAt: T0 + 2 * ABSOLUTE } },
      ];
      for (const { at, over } of cases) {
        const { session, token } = await seedSession(store(), over);
        const { input } = rotation(token, token.secret, at);
        expect(await store().rotateRefreshToken(input)).toEqual({ kind: 'invalid', reason: 'session_inactive' });
        expect((await store().getSession(session.id))?.status).toBe('expired');
        expect((await store().getRefreshFamily(session.id))[0]?.status).toBe('active');
      }
    });

    it('answers session_inactive for an active token of an expired session', async () => {
      const { session, token } = await seedSession(store());
      await store().expireSessions(T0 + IDLE);
      const { input } = rotation(token, token.secret, T0 + 10);
      expect(await store().rotateRefreshToken(input)).toEqual({ kind: 'invalid', reason: 'session_inactive' });
      expect((await store().getSession(session.id))?.status).toBe('expired');
    });

    it('gives the replacement the client and scope of the rotated token, whatever the caller put there', async () => {
      const { session, token } = await seedSession(store(), {}, RP);
      const r = rotation(token, token.secret, T0 + 60);
      const input = { ...r.input, next: { ...r.input.next, clientId: 'someone-else', scope: 'admin' } };
      const outcome = await store().rotateRefreshToken(input);
      expect(outcome.kind).toBe('rotated');
      expect(await store().getRefreshToken(r.next.id)).toEqual({ ...stored(r.next), ...RP });
      // the outcome carries the replacement as stored
      expect(outcome.kind === 'rotated' && outcome.token).toEqual({ ...stored(r.next), parentId: token.id, ...RP });
      // through the grace window's path too
      const again = rotation(token, token.secret, T0 + 70, { graceSeconds: 30 });
      const graced = { ...again.input, next: { ...again.input.next, clientId: null, scope: '' } };
      expect((await store().rotateRefreshToken(graced)).kind).toBe('rotated');
      expect(await store().getRefreshToken(again.next.id)).toEqual({ ...stored(again.next), ...RP });
      expect((await store().getRefreshFamily(session.id)).map((t) => [t.clientId, t.scope])).toEqual([
        [RP.clientId, RP.scope],
        [RP.clientId, RP.scope],
        [RP.clientId, RP.scope],
      ]);
      // a login-API family stays one
      const login = await seedSession(store());
      const l = rotation(login.token, login.token.secret, T0 + 60);
      const forged = { ...l.input, next: { ...l.input.next, clientId: RP.clientId, scope: RP.scope } };
      expect((await store().rotateRefreshToken(forged)).kind).toBe('rotated');
      expect(await store().getRefreshToken(l.next.id)).toMatchObject({ clientId: null, scope: '' });
    });

    it("keeps the family's claims request in every replacement, whatever the caller put there, and none where it had none", async () => {
      const claims = JSON.stringify({ userinfo: { email: { essential: true } }, id_token: { name: null } });
      const { session, token } = await seedSession(store(), {}, { ...RP, claims });
      const r = rotation(token, token.secret, T0 + 60);
      const outcome = await store().rotateRefreshToken({ ...r.input, next: { ...r.input.next, claims: null } });
      expect(outcome.kind === 'rotated' && outcome.token.claims).toBe(claims);
      const again = rotation(r.next, r.next.secret, T0 + 120);
      await store().rotateRefreshToken({ ...again.input, next: { ...again.input.next, claims: '{"forged":{}}' } });
      expect((await store().getRefreshFamily(session.id)).map((t) => t.claims)).toEqual([claims, claims, claims]);
      // a family started without one gets none, even if the caller sends one
      const plain = await seedSession(store(), {}, RP);
      const p = rotation(plain.token, plain.token.secret, T0 + 60);
      await store().rotateRefreshToken({ ...p.input, next: { ...p.input.next, claims } });
      expect(await store().getRefreshToken(p.next.id)).toMatchObject({ claims: null });
    });

    it("answers client_mismatch for another client's token and changes nothing, not even for a rotated one", async () => {
      const { session, token } = await seedSession(store(), {}, RP);
      const { next } = await rotateOnce(store(), token);
      const before = await snapshot(store(), session.id);
      // the live token and the rotated one, presented by another client or by the login API (null)
      for (const presented of [next, token]) {
        for (const clientId of ['rp-two', null, '', RP.clientId.toUpperCase()]) {
          for (const graceSeconds of [0, 30]) {
            const { input } = rotation(presented, presented.secret, T0 + 65, { clientId, graceSeconds });
            expect(await store().rotateRefreshToken(input)).toEqual({ kind: 'invalid', reason: 'client_mismatch' });
          }
        }
      }
      expect(await snapshot(store(), session.id)).toEqual(before);
      expect(await store().getDenylistEntry('sid', session.id)).toBeNull();
      // a login-API token (null) presented by a client
      const login = await seedSession(store());
      const loginBefore = await snapshot(store(), login.session.id);
      const { input } = rotation(login.token, login.token.secret, T0 + 65, { clientId: RP.clientId });
      expect(await store().rotateRefreshToken(input)).toEqual({ kind: 'invalid', reason: 'client_mismatch' });
      expect(await snapshot(store(), login.session.id)).toEqual(loginBefore);
      // and the rightful client still rotates the live token
      expect((await store().rotateRefreshToken(rotation(next, next.secret, T0 + 70).input)).kind).toBe('rotated');
    });

    it('checks the secret before the client: a wrong secret is mismatch whoever presents it', async () => {
      const { token } = await seedSession(store(), {}, RP);
      const { input } = rotation(token, 'wrong', T0 + 10, { clientId: 'rp-two' });
      expect(await store().rotateRefreshToken(input)).toEqual({ kind: 'invalid', reason: 'mismatch' });
    });

    it('lets exactly one of 20 concurrent rotations win; the rest are reuse and revoke the family', async () => {
      const { session, token } = await seedSession(store());
      const calls = Array.from({ length: 20 }, () => rotation(token, token.secret, T0 + 60));
      const outcomes = await Promise.all(calls.map((c) => store().rotateRefreshToken(c.input)));
      const kinds = outcomes.map((o) => o.kind);
      expect(kinds.filter((k) => k === 'rotated')).toHaveLength(1);
      expect(kinds.filter((k) => k === 'reused')).toHaveLength(19);
      expect((await store().getSession(session.id))?.status).toBe('revoked');
      const family = await store().getRefreshFamily(session.id);
      expect(family).toHaveLength(2);
      expect(family.map((t) => t.status)).toEqual(['rotated', 'revoked']);
    });
  });
}

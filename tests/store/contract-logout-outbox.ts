import { describe, expect, it } from 'vitest';
import type {
  LogoutAttemptResult,
  LogoutDeliveryRecord,
  SessionRecord,
  SessionStatus,
  Store,
} from '../../src/main/store/store';
import {
  IDLE,
  makeClient,
  makeToken,
  PRUNE,
  seedSession,
  stored,
  T0,
  useStore,
  type OpenStore,
} from './contract-fixtures';
import { rotation } from './contract-refresh-families';

type Seeded = Awaited<ReturnType<typeof seedSession>>;

const URI_A = 'https://a.example/backchannel';
const URI_B = 'https://b.example/logout?tenant=1';

/**
 * Registers rp-a and rp-b (with back-channel logout URIs) and rp-c (without), unless already
 * there, and records in the session rp-b first, then rp-a, rp-c and a client id that has no record.
 */
async function withClients(store: Store, seeded: Seeded): Promise<Seeded> {
  if (!(await store.getClient('rp-a'))) {
    await store.putClient(makeClient({ id: 'rp-a', backchannelLogoutUri: URI_A }));
    await store.putClient(makeClient({ id: 'rp-b', backchannelLogoutUri: URI_B }));
    await store.putClient(makeClient({ id: 'rp-c', backchannelLogoutUri: null }));
  }
  const sid = seeded.session.id;
  await store.addSessionClient(sid, 'rp-b', T0 + 1);
  await store.addSessionClient(sid, 'rp-a', T0 + 2);
  await store.addSessionClient(sid, 'rp-c', T0 + 3);
  await store.addSessionClient(sid, 'rp-unregistered', T0 + 4);
  return seeded;
}

/** The delivery the store owes `clientId` for a session that ended at `at`, as first created. */
function owed(session: Pick<SessionRecord, 'id' | 'userId'>, clientId: string, uri: string, at: number) {
  return {
    id: expect.any(String) as unknown as string,
    sessionId: session.id,
    userId: session.userId,
    clientId,
    uri,
    status: 'pending',
    attempts: 0,
    createdAt: at,
    nextAttemptAt: at,
    lastAttemptAt: null,
    lastError: null,
    latencyMs: null,
    deliveredAt: null,
  } satisfies LogoutDeliveryRecord;
}

/** Every way a session stops being active, each at the `now` it returns. */
const ENDINGS: {
  name: string;
  status: Exclude<SessionStatus, 'active'>;
  end: (store: Store, s: Seeded) => Promise<number>;
}[] = [
  {
    name: 'revokeSession',
    status: 'revoked',
    end: async (store, { session }) => {
      expect(await store.revokeSession(session.id, 'logout', T0 + 100, PRUNE)).not.toBeNull();
      return T0 + 100;
    },
  },
  {
    name: 'revokeUserSessions',
    status: 'revoked',
    end: async (store, { user }) => {
      expect(await store.revokeUserSessions(user.id, 'password reset', T0 + 100, PRUNE)).toHaveLength(1);
      return T0 + 100;
    },
  },
  {
    name: 'reuse detected by rotateRefreshToken',
    status: 'revoked',
    end: async (store, { token }) => {
      expect((await store.rotateRefreshToken(rotation(token, token.secret, T0 + 10).input)).kind).toBe('rotated');
      expect((await store.rotateRefreshToken(rotation(token, token.secret, T0 + 100).input)).kind).toBe('reused');
      return T0 + 100;
    },
  },
  {
    name: 'expireSessions',
    status: 'expired',
    end: async (store) => {
      expect(await store.expireSessions(T0 + IDLE + 7)).toHaveLength(1);
      return T0 + IDLE + 7;
    },
  },
  {
    name: 'touchSession past the expiry',
    status: 'expired',
    end: async (store, { session }) => {
      expect(await store.touchSession(session.id, T0 + IDLE + 7, T0 + 2 * IDLE)).toBeNull();
      return T0 + IDLE + 7;
    },
  },
  {
    name: 'rotateRefreshToken past the expiry',
    status: 'expired',
    end: async (store, { token }) => {
      expect(await store.rotateRefreshToken(rotation(token, token.secret, T0 + IDLE + 7).input)).toEqual({
        kind: 'invalid',
        reason: 'session_inactive',
      });
      return T0 + IDLE + 7;
    },
  },
  {
    name: 'startRefreshFamily past the expiry',
    status: 'expired',
    end: async (store, { session }) => {
      const root = makeToken(session.id, { clientId: 'rp-a', scope: 'openid' });
      expect(await store.startRefreshFamily(stored(root), T0 + IDLE + 7)).toBeNull();
      return T0 + IDLE + 7;
    },
  },
];

/** A result of one attempt at `at`. */
const attempt = (at: number, over: Partial<LogoutAttemptResult> = {}): LogoutAttemptResult => ({
  status: 'pending',
  nextAttemptAt: at + 5,
  lastAttemptAt: at,
  lastError: 'HTTP 503: try later',
  latencyMs: 42,
  deliveredAt: null,
  ...over,
});

/** A session of its own user with rp-a as its one client, revoked at `at`: one delivery. */
async function endedWithA(
  store: Store,
  at: number,
): Promise<{ session: SessionRecord; delivery: LogoutDeliveryRecord }> {
  const { session } = await seedSession(store);
  if (!(await store.getClient('rp-a'))) await store.putClient(makeClient({ id: 'rp-a', backchannelLogoutUri: URI_A }));
  await store.addSessionClient(session.id, 'rp-a', T0);
  await store.revokeSession(session.id, 'logout', at, PRUNE);
  const [delivery, ...more] = await store.listLogoutDeliveries(session.id);
  expect(more).toEqual([]);
  return { session, delivery: delivery! };
}

const ids = (ds: LogoutDeliveryRecord[]) => ds.map((d) => d.id);

export function describeLogoutOutbox(open: OpenStore): void {
  describe('back-channel logout deliveries: created with the end of a session', () => {
    const store = useStore(open);

    for (const ending of ENDINGS) {
      it(`${ending.name}: one pending delivery, due at once, per client of the session with a back-channel URI`, async () => {
        const seeded = await withClients(store(), await seedSession(store()));
        expect(await store().listLogoutDeliveries(seeded.session.id)).toEqual([]);
        const now = await ending.end(store(), seeded);
        expect((await store().getSession(seeded.session.id))?.status).toBe(ending.status);
        // rp-c has no URI, rp-unregistered no record; the same end time, so by client id
        const deliveries = await store().listLogoutDeliveries(seeded.session.id);
        expect(deliveries).toEqual([
          owed(seeded.session, 'rp-a', URI_A, now),
          owed(seeded.session, 'rp-b', URI_B, now),
        ]);
        expect(new Set(ids(deliveries)).size).toBe(2);
        // due at once: the next claim gets them
        expect(ids(await store().claimLogoutDeliveries(now, 10, now + 30)).sort()).toEqual(ids(deliveries).sort());
        // a session ends once: nothing later adds a delivery
        await store().revokeSession(seeded.session.id, 'again', now + 40, PRUNE);
        await store().expireSessions(now + 10 * IDLE);
        expect(await store().listLogoutDeliveries(seeded.session.id)).toHaveLength(2);
      });
    }

    it('creates nothing while a session stays active, nor for a session without clients to tell', async () => {
      const live = await withClients(store(), await seedSession(store()));
      await store().touchSession(live.session.id, T0 + 10, T0 + 10 + IDLE);
      expect((await store().rotateRefreshToken(rotation(live.token, live.token.secret, T0 + 20).input)).kind).toBe(
        'rotated',
      );
      expect(
        await store().startRefreshFamily(stored(makeToken(live.session.id, { clientId: 'rp-a' })), T0 + 30),
      ).not.toBeNull();
      expect(await store().expireSessions(T0 + 40)).toEqual([]);
      expect(await store().listLogoutDeliveries(live.session.id)).toEqual([]);

      // only clients without a URI (or without a record), and no clients at all
      const quiet = await seedSession(store());
      await store().addSessionClient(quiet.session.id, 'rp-c', T0 + 1);
      await store().addSessionClient(quiet.session.id, 'rp-unregistered', T0 + 1);
      const alone = await seedSession(store());
      await store().revokeSession(quiet.session.id, 'logout', T0 + 50, PRUNE);
      await store().revokeSession(alone.session.id, 'logout', T0 + 50, PRUNE);
      expect(await store().listLogoutDeliveries(quiet.session.id)).toEqual([]);
      expect(await store().listLogoutDeliveries(alone.session.id)).toEqual([]);
      expect(await store().claimLogoutDeliveries(T0 + 10_000, 100, T0 + 10_030)).toEqual([]);
    });

    it("takes each client's URI as its record holds it when the session ends", async () => {
      const seeded = await withClients(store(), await seedSession(store()));
      // before the end: rp-b moves, rp-c gains a URI, rp-a is deleted
      await store().putClient(makeClient({ id: 'rp-b', backchannelLogoutUri: 'https://b.example/moved' }));
      await store().putClient(makeClient({ id: 'rp-c', backchannelLogoutUri: 'https://c.example/bc' }));
      await store().deleteClient('rp-a');
      await store().revokeSession(seeded.session.id, 'logout', T0 + 100, PRUNE);
      const expected = [
        owed(seeded.session, 'rp-b', 'https://b.example/moved', T0 + 100),
        owed(seeded.session, 'rp-c', 'https://c.example/bc', T0 + 100),
      ];
      expect(await store().listLogoutDeliveries(seeded.session.id)).toEqual(expected);
      // after the end, changes to the clients change no delivery
      await store().putClient(makeClient({ id: 'rp-a', backchannelLogoutUri: URI_A }));
      await store().putClient(makeClient({ id: 'rp-b', backchannelLogoutUri: null }));
      await store().deleteClient('rp-c');
      expect(await store().listLogoutDeliveries(seeded.session.id)).toEqual(expected);
    });

    it('ends a session once however many calls race to end it: its deliveries are created once', async () => {
      const seeded = await withClients(store(), await seedSession(store()));
      const { session, token } = seeded;
      await store().rotateRefreshToken(rotation(token, token.secret, T0 + 10).input);
      const now = session.absoluteExpiresAt + 1;
      await Promise.all([
        store().revokeSession(session.id, 'logout', now, PRUNE),
        store().expireSessions(now),
        store().touchSession(session.id, now, now + IDLE),
        store().revokeUserSessions(session.userId, 'password reset', now, PRUNE),
        store().rotateRefreshToken(rotation(token, token.secret, now).input),
        store().revokeSession(session.id, 'logout', now, PRUNE),
      ]);
      expect((await store().getSession(session.id))?.status).not.toBe('active');
      expect(await store().listLogoutDeliveries(session.id)).toEqual([
        owed(session, 'rp-a', URI_A, now),
        owed(session, 'rp-b', URI_B, now),
      ]);
    });

    it('lists only the deliveries of the session asked for', async () => {
      const one = await withClients(store(), await seedSession(store()));
      const two = await withClients(store(), await seedSession(store()));
      await store().revokeSession(one.session.id, 'logout', T0 + 100, PRUNE);
      await store().revokeSession(two.session.id, 'logout', T0 + 200, PRUNE);
      expect((await store().listLogoutDeliveries(one.session.id)).map((d) => [d.sessionId, d.createdAt])).toEqual([
        [one.session.id, T0 + 100],
        [one.session.id, T0 + 100],
      ]);
      expect((await store().listLogoutDeliveries(two.session.id)).map((d) => d.clientId)).toEqual(['rp-a', 'rp-b']);
      expect(await store().listLogoutDeliveries('no-such-session')).toEqual([]);
    });
  });

  describe('back-channel logout deliveries: claimed, finished, pruned', () => {
    const store = useStore(open);

    it('claims pending deliveries due at now, soonest due first, leasing each until leaseUntil', async () => {
      const late = await endedWithA(store(), T0 + 300);
      const early = await endedWithA(store(), T0 + 100);
      const middle = await endedWithA(store(), T0 + 200);
      const claimed = await store().claimLogoutDeliveries(T0 + 250, 10, T0 + 1000);
      expect(claimed).toEqual([
        { ...early.delivery, nextAttemptAt: T0 + 1000 },
        { ...middle.delivery, nextAttemptAt: T0 + 1000 },
      ]);
      // the lease is stored
      expect(await store().listLogoutDeliveries(early.session.id)).toEqual([claimed[0]]);
      // leased: not claimed again before the lease ends, by anyone
      expect(await store().claimLogoutDeliveries(T0 + 300, 10, T0 + 1300)).toEqual([
        { ...late.delivery, nextAttemptAt: T0 + 1300 },
      ]);
      expect(await store().claimLogoutDeliveries(T0 + 999, 10, T0 + 2000)).toEqual([]);
      // a claimer that died: due again when its lease ends (equally due: in no promised order)
      expect(ids(await store().claimLogoutDeliveries(T0 + 1000, 10, T0 + 2000)).sort()).toEqual(
        [early.delivery.id, middle.delivery.id].sort(),
      );
      const again = ids(await store().claimLogoutDeliveries(T0 + 5000, 10, T0 + 6000));
      // late's lease ended first (T0 + 1300), then the other two (T0 + 2000)
      expect(again[0]).toBe(late.delivery.id);
      expect(again.slice(1).sort()).toEqual([early.delivery.id, middle.delivery.id].sort());
      // the attempts count only finished attempts
      expect((await store().listLogoutDeliveries(early.session.id))[0]?.attempts).toBe(0);
    });

    it('claims at most limit, the soonest due, and nothing for a limit of 0', async () => {
      const a = await endedWithA(store(), T0 + 10);
      const b = await endedWithA(store(), T0 + 20);
      const c = await endedWithA(store(), T0 + 30);
      expect(await store().claimLogoutDeliveries(T0 + 100, 0, T0 + 200)).toEqual([]);
      expect(ids(await store().claimLogoutDeliveries(T0 + 100, 2, T0 + 200))).toEqual([a.delivery.id, b.delivery.id]);
      expect(ids(await store().claimLogoutDeliveries(T0 + 100, 2, T0 + 200))).toEqual([c.delivery.id]);
      expect(await store().claimLogoutDeliveries(T0 + 100, 2, T0 + 200)).toEqual([]);
    });

    it("with a share per client, a client's backlog never takes another client's place", async () => {
      await store().putClient(makeClient({ id: 'rp-b', backchannelLogoutUri: URI_B }));
      const backlog: string[] = [];
      for (let i = 0; i < 5; i++) backlog.push((await endedWithA(store(), T0 + i)).delivery.id);
      // rp-b's one delivery is the latest due: without shares, a limit of 3 would give it none
      const { session } = await seedSession(store());
      await store().addSessionClient(session.id, 'rp-b', T0);
      await store().revokeSession(session.id, 'logout', T0 + 50, PRUNE);
      const [other] = await store().listLogoutDeliveries(session.id);
      const share = (held: Record<string, number>) => ({ max: 2, held: new Map(Object.entries(held)) });
      // rp-a's share is 2 less the 1 held: its soonest one; then rp-b's
      expect(ids(await store().claimLogoutDeliveries(T0 + 100, 3, T0 + 200, share({ 'rp-a': 1 })))).toEqual([
        backlog[0],
        other!.id,
      ]);
      // a full share is stepped over and stays due, in its order
      expect(await store().claimLogoutDeliveries(T0 + 100, 3, T0 + 200, share({ 'rp-a': 2 }))).toEqual([]);
      expect(ids(await store().claimLogoutDeliveries(T0 + 100, 3, T0 + 200, share({})))).toEqual(backlog.slice(1, 3));
      expect(ids(await store().claimLogoutDeliveries(T0 + 100, 10, T0 + 200))).toEqual(backlog.slice(3));
    });

    it('never hands one delivery to two of 20 concurrent claimers', async () => {
      const all: string[] = [];
      for (let i = 0; i < 25; i++) all.push((await endedWithA(store(), T0 + i)).delivery.id);
      const claims = await Promise.all(
        Array.from({ length: 20 }, () => store().claimLogoutDeliveries(T0 + 100, 2, T0 + 200)),
      );
      const claimed = claims.flatMap(ids);
      // 20 × 2 places for 25 deliveries: every one claimed, none twice
      expect(claimed).toHaveLength(25);
      expect([...claimed].sort()).toEqual([...all].sort());
      for (const c of claims) expect(c.every((d) => d.nextAttemptAt === T0 + 200)).toBe(true);
      expect(await store().claimLogoutDeliveries(T0 + 100, 100, T0 + 200)).toEqual([]);
    });

    it('records a failed attempt to retry: attempts + 1, the error, due again at the backoff', async () => {
      const { session, delivery } = await endedWithA(store(), T0 + 100);
      const [claimed] = await store().claimLogoutDeliveries(T0 + 100, 10, T0 + 130);
      const retry = attempt(T0 + 101, { nextAttemptAt: T0 + 106 });
      const finished = await store().finishLogoutAttempt(claimed!.id, retry);
      const expected = { ...delivery, ...retry, attempts: 1 };
      expect(finished).toEqual(expected);
      expect(await store().listLogoutDeliveries(session.id)).toEqual([expected]);
      // due at the backoff's time, not at the (longer) lease's
      expect(await store().claimLogoutDeliveries(T0 + 105, 10, T0 + 200)).toEqual([]);
      expect(await store().claimLogoutDeliveries(T0 + 106, 10, T0 + 200)).toEqual([
        { ...expected, nextAttemptAt: T0 + 200 },
      ]);
      const second = await store().finishLogoutAttempt(
        delivery.id,
        attempt(T0 + 107, { lastError: 'timeout', latencyMs: 5000 }),
      );
      expect(second).toMatchObject({ attempts: 2, lastError: 'timeout', latencyMs: 5000, lastAttemptAt: T0 + 107 });
    });

    it('records a delivered and a failed attempt, after which neither is claimed again', async () => {
      const ok = await endedWithA(store(), T0 + 100);
      const ko = await endedWithA(store(), T0 + 100);
      await store().claimLogoutDeliveries(T0 + 100, 10, T0 + 130);
      const delivered = attempt(T0 + 101, {
        status: 'delivered',
        nextAttemptAt: T0 + 101,
        lastError: null,
        latencyMs: 12,
        deliveredAt: T0 + 101,
      });
      const failed = attempt(T0 + 102, { status: 'failed', nextAttemptAt: T0 + 102, lastError: 'ECONNREFUSED' });
      expect(await store().finishLogoutAttempt(ok.delivery.id, delivered)).toEqual({
        ...ok.delivery,
        ...delivered,
        attempts: 1,
      });
      expect(await store().finishLogoutAttempt(ko.delivery.id, failed)).toEqual({
        ...ko.delivery,
        ...failed,
        attempts: 1,
      });
      expect(await store().claimLogoutDeliveries(T0 + 1_000_000, 10, T0 + 1_000_030)).toEqual([]);
      expect(await store().listLogoutDeliveries(ok.session.id)).toEqual([
        { ...ok.delivery, ...delivered, attempts: 1 },
      ]);
    });

    it('answers null when finishing an unknown delivery, and creates nothing', async () => {
      const { delivery } = await endedWithA(store(), T0 + 100);
      for (const id of ['no-such-delivery', '', '0', 'seq', '-1', '999999', `${delivery.id}0`])
        expect(await store().finishLogoutAttempt(id, attempt(T0 + 101)), id).toBeNull();
      expect(await store().claimLogoutDeliveries(T0 + 100, 10, T0 + 130)).toEqual([
        { ...delivery, nextAttemptAt: T0 + 130 },
      ]);
    });

    it('keeps the latency in whole milliseconds', async () => {
      const { delivery } = await endedWithA(store(), T0 + 100);
      expect((await store().finishLogoutAttempt(delivery.id, attempt(T0 + 101, { latencyMs: 12.6 })))?.latencyMs).toBe(
        13,
      );
    });

    it('prunes delivered and failed deliveries created strictly before a time, never pending ones', async () => {
      const oldDelivered = await endedWithA(store(), T0 + 100);
      const oldPending = await endedWithA(store(), T0 + 100);
      const failedOnTheDot = await endedWithA(store(), T0 + 200);
      const newDelivered = await endedWithA(store(), T0 + 300);
      const done = (at: number) => attempt(at, { status: 'delivered', lastError: null, deliveredAt: at });
      await store().finishLogoutAttempt(oldDelivered.delivery.id, done(T0 + 101));
      await store().finishLogoutAttempt(oldPending.delivery.id, attempt(T0 + 101, { nextAttemptAt: T0 + 5000 }));
      await store().finishLogoutAttempt(failedOnTheDot.delivery.id, attempt(T0 + 201, { status: 'failed' }));
      await store().finishLogoutAttempt(newDelivered.delivery.id, done(T0 + 301));

      expect(await store().pruneLogoutDeliveries(T0 + 200)).toBe(1);
      expect(await store().listLogoutDeliveries(oldDelivered.session.id)).toEqual([]);
      expect(await store().listLogoutDeliveries(failedOnTheDot.session.id)).toHaveLength(1);
      expect(await store().pruneLogoutDeliveries(T0 + 200)).toBe(0);
      expect(await store().pruneLogoutDeliveries(T0 + 1_000_000)).toBe(2);
      // the pending one stays, whatever its age, and is still claimed when due
      expect(await store().listLogoutDeliveries(oldPending.session.id)).toMatchObject([
        { status: 'pending', attempts: 1 },
      ]);
      expect(ids(await store().claimLogoutDeliveries(T0 + 5000, 10, T0 + 5030))).toEqual([oldPending.delivery.id]);
      // a pruned delivery is unknown
      expect(await store().finishLogoutAttempt(oldDelivered.delivery.id, done(T0 + 400))).toBeNull();
    });
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMe, login, postJson, refresh, rejection, type TokenResponse } from '../support/http-client';
import { useUnboundedHasher } from '../support/unbounded-hasher';
import { DEMO_PASSWORD, eventually, startCluster, type Cluster, type Instance } from './cluster-fixture';

// both instances are in this process and share one hasher: it must not refuse what the throttle lets through
const passwords = useUnboundedHasher();
let cluster: Cluster;
let a: Instance;
let b: Instance;

beforeAll(async () => {
  cluster = await startCluster({ passwords });
  ({ a, b } = cluster);
});
afterAll(() => cluster?.close());

const meStatus = async (inst: Instance, token: string) => (await getMe(inst.url, token)).status;

describe('two Gatehouse instances on one Redis', () => {
  it('share one issuer, one key ring and the demo data', async () => {
    expect(b.gatehouse.settings.get().issuer).toBe(a.gatehouse.settings.get().issuer);
    const users = async (inst: Instance) => (await inst.store.listUsers()).map((u) => `${u.id} ${u.username}`).sort();
    expect(await users(b)).toEqual(await users(a));
    expect((await users(a)).map((u) => u.split(' ')[1])).toEqual(expect.arrayContaining(['alice', 'bob']));
    expect(b.gatehouse.ring.list().map((k) => k.kid)).toEqual(a.gatehouse.ring.list().map((k) => k.kid));
    expect(a.gatehouse.feed?.healthy()).toBe(true);
    expect(b.gatehouse.feed?.healthy()).toBe(true);
  });

  it('login on A, refresh on B, logout on B: A rejects the token on the next request after propagation', async () => {
    const first = await login(a.url, 'alice', DEMO_PASSWORD);
    expect(await meStatus(b, first.access_token)).toBe(200);
    const res = await refresh(b.url, first.refresh_token);
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenResponse;
    expect(second.session_id).toBe(first.session_id);
    expect(await meStatus(a, second.access_token)).toBe(200);

    const out = await postJson(`${b.url}/auth/logout`, {}, { authorization: `Bearer ${second.access_token}` });
    expect(out.status).toBe(204);
    await eventually(async () => (await meStatus(a, first.access_token)) === 401);
    expect(await rejection(await getMe(a.url, second.access_token))).toMatchObject({
      status: 401,
      reason: 'session_revoked',
    });
    // the session is gone for refresh on either instance too
    expect((await refresh(a.url, second.refresh_token)).status).toBe(401);
  });

  it('an admin revocation on A reaches B, and B lists the sessions of the whole deployment', async () => {
    const pair = await login(b.url, 'bob', DEMO_PASSWORD);
    const onA = await login(a.url, 'bob', DEMO_PASSWORD);
    const listed = await a.store.listSessions({ status: 'active', limit: 1000 });
    expect(listed.items.map((s) => s.id)).toContain(pair.session_id);
    // B lists the session created on A as well as its own
    const listedOnB = await b.store.listSessions({ status: 'active', limit: 1000 });
    expect(listedOnB.items.map((s) => s.id)).toEqual(expect.arrayContaining([pair.session_id, onA.session_id]));
    await a.gatehouse.sessions.revokeSession(pair.session_id, 'admin', 'admin');
    await eventually(async () => (await meStatus(b, pair.access_token)) === 401);
    expect(await rejection(await getMe(b.url, pair.access_token))).toMatchObject({ reason: 'session_revoked' });
  });

  it('a jti denylisted on one instance is rejected by the other', async () => {
    const pair = await login(a.url, 'bob', DEMO_PASSWORD);
    expect(await b.gatehouse.tokens.denylistAccessToken(pair.access_token, 'admin', 'test')).toBe(true);
    await eventually(async () => (await meStatus(a, pair.access_token)) === 401);
    expect(await rejection(await getMe(a.url, pair.access_token))).toMatchObject({ reason: 'jti_revoked' });
  });

  it('a concurrent refresh of one token on both instances: exactly one success, and the family is revoked', async () => {
    const pair = await login(a.url, 'alice', DEMO_PASSWORD);
    const calls = Array.from({ length: 10 }, (_, i) => refresh(i % 2 ? a.url : b.url, pair.refresh_token));
    const statuses = (await Promise.all(calls)).map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(9);
    expect((await a.store.getSession(pair.session_id))?.status).toBe('revoked');
    const family = await b.store.getRefreshFamily(pair.session_id);
    expect(family.map((t) => t.status)).toEqual(['rotated', 'revoked']);
    await eventually(
      async () => (await meStatus(a, pair.access_token)) === 401 && (await meStatus(b, pair.access_token)) === 401,
    );
  });
});

describe('login throttling across a deployment', () => {
  const attempt = (inst: Instance, username: string) =>
    postJson(`${inst.url}/auth/login`, { username, password: 'wrong password' });

  it('counts failures in the shared store: 12 wrong passwords spread over two instances get 5 × 401, then 429', async () => {
    await a.gatehouse.users.createUser('carol', 'carol-password-1', ['user'], 'test');
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await attempt(i % 2 ? a : b, 'carol')).status);
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
  });

  it('reserves attempts atomically across instances: 20 concurrent wrong passwords on both get exactly 5 × 401', async () => {
    const statuses = (await Promise.all(Array.from({ length: 20 }, (_, i) => attempt(i % 2 ? a : b, 'dave')))).map(
      (r) => r.status,
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });
});

describe('periodic jobs of a deployment', () => {
  it('run on one instance at a time: a held job lock makes the other instance skip it', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const onA = a.gatehouse.feed!.exclusive('test-job', async () => {
      await held;
      return 'a';
    });
    // A holds the lock until released, so B's attempt is skipped, not queued
    await eventually(async () => (await b.gatehouse.feed!.exclusive('test-job', async () => 'b')) === undefined);
    release();
    expect(await onA).toBe('a');
    expect(await b.gatehouse.feed!.exclusive('test-job', async () => 'b')).toBe('b');
  });

  // these follow the access tokens' lane; the RS256 lane rotates by the same rules (tests/auth/key-ring.test.ts)
  it('a scheduled rotation due on both instances happens once, and both end on the same active key', async () => {
    const before = a.gatehouse.ring
      .list()
      .filter((k) => k.state === 'active' && k.alg !== 'RS256')
      .map((k) => k.kid);
    await a.gatehouse.ring.schedule(a.gatehouse.clock.now(), 'test');
    await eventually(() => b.gatehouse.ring.list().some((k) => k.state === 'pending' && k.activatesAt !== null));
    await Promise.all([a.gatehouse.tick(), b.gatehouse.tick()]);
    await Promise.all([a.gatehouse.ring.reload(), b.gatehouse.ring.reload()]);
    const activeA = a.gatehouse.ring
      .list()
      .filter((k) => k.state === 'active' && k.alg !== 'RS256')
      .map((k) => k.kid);
    const activeB = b.gatehouse.ring
      .list()
      .filter((k) => k.state === 'active' && k.alg !== 'RS256')
      .map((k) => k.kid);
    expect(activeA).toHaveLength(1);
    expect(activeA).toEqual(activeB);
    expect(activeA).not.toEqual(before);
    // exactly one rotation: the old active key retires, one new successor is pending
    expect(a.gatehouse.ring.list().filter((k) => k.state === 'pending' && k.alg !== 'RS256')).toHaveLength(1);
    expect(
      a.gatehouse.ring
        .list()
        .filter((k) => k.state === 'retiring' && k.alg !== 'RS256')
        .map((k) => k.kid),
    ).toEqual(before);
  });

  it('a pending key scheduled on A that is not the next one becomes the next on B too, and is the one promoted', async () => {
    const pendingOf = (inst: Instance) =>
      inst.gatehouse.ring
        .list()
        .filter((k) => k.state === 'pending' && k.alg !== 'RS256')
        .map((k) => k.kid);
    const added = (await a.gatehouse.ring.generate('EdDSA', 'test')).kid;
    await eventually(() => b.gatehouse.ring.get(added) !== undefined);
    // both see the same next key; the test schedules the other one (created in the same second, the kid decides)
    const older = a.gatehouse.ring.next()!.kid;
    const newer = pendingOf(a).find((kid) => kid !== older)!;
    expect(b.gatehouse.ring.next()?.kid).toBe(older);
    await a.gatehouse.ring.schedule(a.gatehouse.clock.now(), 'test', newer);
    await eventually(() => b.gatehouse.ring.next()?.kid === newer);
    await Promise.all([a.gatehouse.tick(), b.gatehouse.tick()]);
    await Promise.all([a.gatehouse.ring.reload(), b.gatehouse.ring.reload()]);
    for (const inst of [a, b]) {
      expect(inst.gatehouse.ring.signingKey().kid).toBe(newer);
      // the older key was still pending: no successor was added
      expect(pendingOf(inst)).toEqual([older]);
    }
  });
});

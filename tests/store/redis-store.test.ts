import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_S, LOGOUT_DELIVERY_TTL_S, TTL_BACKSTOP_S } from '../../src/main/store/redis/keys';
import { openRedisStore, type RedisStore } from '../../src/main/store/redis/redis-store';
import { startTestRedis, type TestRedis } from '../redis/redis-server';
import { runStoreContract } from './contract';
import {
  hashSecret,
  IDLE,
  makeClient,
  makeCode,
  makeSession,
  makeToken,
  makeUser,
  PRUNE,
  seedSession,
  stored,
  T0,
  legacyClientRead,
} from './contract-fixtures';
import { rotation } from './contract-refresh-families';

let server: TestRedis;
let n = 0;
beforeAll(async () => {
  server = await startTestRedis();
});
afterAll(async () => {
  await server?.close();
});

// every test gets its own key prefix on the one server, which also checks that prefixes isolate deployments
runStoreContract('redis', async () => {
  const prefix = `contract${++n}:`;
  const store = await openRedisStore(server.url, { prefix });
  return {
    store,
    async cleanup() {
      await store.close();
      const admin = new Redis(server.url);
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length) await admin.del(...keys);
      await admin.quit();
    },
  };
});

describe('RedisStore layout of the OpenID records', () => {
  let store: RedisStore;
  let prefix: string;
  beforeEach(async () => {
    prefix = `layout${++n}:`;
    store = await openRedisStore(server.url, { prefix });
  });
  afterEach(async () => {
    await store.close();
    const admin = new Redis(server.url);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  it('reads a client stored before the OpenID fields with the defaults SQLite gives the same row, and writes it back whole', async () => {
    await store.redis.hset(
      store.keys.clients,
      'demo-resource',
      JSON.stringify({ id: 'demo-resource', secretHash: 'aGFzaA', createdAt: T0 }),
    );
    const defaults = legacyClientRead(T0);
    expect(await store.getClient('demo-resource')).toEqual(defaults);
    expect(await store.listClients()).toEqual([defaults]);
    await store.touchClient('demo-resource', T0 + 5);
    expect(await store.bumpClientTokenVersion('demo-resource', 'rotated', T0 + 6, T0 + 906)).toEqual({
      ...defaults,
      tokenVersion: 1,
      lastUsedAt: T0 + 5,
    });
    expect(await store.getDenylistEntry('client', 'demo-resource')).toMatchObject({ value: 1 });
  });

  it('writes the lists of a client back as JSON arrays when a script rewrites it', async () => {
    const client = makeClient({
      redirectUris: [],
      postLogoutRedirectUris: [],
      grantTypes: [],
      scopes: [],
      secretHash: null,
    });
    await store.putClient(client);
    await store.bumpClientTokenVersion(client.id, 'x', T0, T0 + 60);
    await store.touchClient(client.id, T0 + 1);
    const json = JSON.parse((await store.redis.hget(store.keys.clients, client.id))!) as Record<string, unknown>;
    expect(json).toEqual({ ...client, tokenVersion: 1, lastUsedAt: T0 + 1 });
  });

  it('reads users and refresh tokens stored before claims and clients as having none', async () => {
    const { user, session, token } = await seedSession(store);
    await store.redis.hdel(store.keys.user(user.id), 'claims');
    await store.redis.hdel(store.keys.refreshToken(token.id), 'clientId', 'scope');
    expect(await store.getUserById(user.id)).toEqual({ ...user, claims: {} });
    expect(await store.getRefreshToken(token.id)).toEqual({ ...stored(token), clientId: null, scope: '' });
    const next = makeToken(session.id, { parentId: token.id, clientId: 'forged', scope: 'forged' });
    const outcome = await store.rotateRefreshToken({
      tokenId: token.id,
      secretHash: hashSecret(token.secret),
      now: T0 + 60,
      next: stored(next),
      idleExpiresAt: T0 + 60 + IDLE,
      reuseReason: 'reuse',
      clientId: null,
      reusePruneAfter: T0 + 960,
      graceSeconds: 0,
    });
    expect(outcome.kind).toBe('rotated');
    expect(await store.getRefreshToken(next.id)).toMatchObject({ clientId: null, scope: '' });
  });

  it("gives codes, browser sessions and a session's clients a TTL; the sweep deletes a purged session's clients", async () => {
    const { session } = await seedSession(store);
    const code = makeCode(session, 'rp-one');
    await store.putAuthorizationCode(code);
    await store.putBrowserSession('cookie-hash', session.id, T0);
    await store.addSessionClient(session.id, 'rp-one', T0);
    // absolute expiry times (PEXPIRETIME), so the milliseconds between two reads cannot tip the comparison
    const expiresAt = async (key: string) => Number(await store.redis.call('PEXPIRETIME', key));
    const sessionExpiry = await expiresAt(store.keys.session(session.id));
    const codeTtl = await store.redis.pttl(store.keys.authorizationCode(code.codeHash));
    expect(codeTtl).toBeGreaterThan(0);
    expect(codeTtl).toBeLessThanOrEqual((code.expiresAt - code.createdAt + TTL_BACKSTOP_S) * 1000);
    for (const key of [store.keys.browserSession('cookie-hash'), store.keys.sessionClients(session.id)]) {
      expect(await store.redis.pttl(key), key).toBeGreaterThan(0);
      expect(await expiresAt(key), key).toBeLessThanOrEqual(sessionExpiry);
    }
    expect(await store.redis.sismember(store.keys.browserSessions, 'cookie-hash')).toBe(1);
    expect(await store.redis.zscore(store.keys.authorizationCodesByExpiry, code.codeHash)).toBe(String(code.expiresAt));

    await store.revokeSession(session.id, 'logout', T0 + 1, T0 + 901);
    await store.expireSessions(T0 + 1 + DEFAULT_RETENTION_S);
    expect(await store.getSession(session.id)).toBeNull();
    expect(await store.redis.exists(store.keys.sessionClients(session.id))).toBe(0);
    expect(await store.listSessionClients(session.id)).toEqual([]);
    // the cookie of a swept session is pruned like that of a revoked one, and leaves the index
    expect(await store.pruneBrowserSessions()).toBe(1);
    expect(await store.redis.exists(store.keys.browserSession('cookie-hash'))).toBe(0);
    expect(await store.redis.scard(store.keys.browserSessions)).toBe(0);
    // a pruned code leaves its index too
    expect(await store.pruneAuthorizationCodes(code.expiresAt + 1)).toBe(1);
    expect(await store.redis.zcard(store.keys.authorizationCodesByExpiry)).toBe(0);
  });

  it('drops index entries whose keys their TTL already removed, without counting them as pruned', async () => {
    const { session } = await seedSession(store);
    const code = makeCode(session, 'rp-one');
    await store.putAuthorizationCode(code);
    await store.putBrowserSession('cookie-hash', session.id, T0);
    await store.revokeSession(session.id, 'logout', T0 + 1, T0 + 901);
    // what the TTL backstop does when no instance ran maintenance
    await store.redis.del(store.keys.authorizationCode(code.codeHash), store.keys.browserSession('cookie-hash'));
    expect(await store.pruneAuthorizationCodes(code.expiresAt + 1)).toBe(0);
    expect(await store.pruneBrowserSessions()).toBe(0);
    expect(await store.redis.zcard(store.keys.authorizationCodesByExpiry)).toBe(0);
    expect(await store.redis.scard(store.keys.browserSessions)).toBe(0);
  });
});

describe('RedisStore layout of logout deliveries and user deletion', () => {
  let store: RedisStore;
  let prefix: string;
  beforeEach(async () => {
    prefix = `logout${++n}:`;
    store = await openRedisStore(server.url, { prefix });
  });
  afterEach(async () => {
    await store.close();
    const admin = new Redis(server.url);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length) await admin.del(...keys);
    await admin.quit();
  });

  /** Every key of the deployment with its whole content as text (members, fields and values). */
  async function dump(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const key of await store.redis.keys(`${prefix}*`)) {
      const type = await store.redis.type(key);
      const content =
        type === 'hash'
          ? Object.entries(await store.redis.hgetall(key)).flat()
          : type === 'zset'
            ? await store.redis.zrange(key, 0, -1)
            : type === 'set'
              ? await store.redis.smembers(key)
              : type === 'list'
                ? await store.redis.lrange(key, 0, -1)
                : type === 'string'
                  ? [await store.redis.get(key)]
                  : [type];
      out.set(key.slice(prefix.length), content.join('\n'));
    }
    return out;
  }

  async function endedWithClient(at: number) {
    const seeded = await seedSession(store);
    if (!(await store.getClient('rp-a'))) await store.putClient(makeClient({ id: 'rp-a' }));
    await store.addSessionClient(seeded.session.id, 'rp-a', T0);
    await store.revokeSession(seeded.session.id, 'logout', at, PRUNE);
    const [delivery] = await store.listLogoutDeliveries(seeded.session.id);
    return { ...seeded, delivery: delivery! };
  }

  it('keeps a delivery past the purge of its session, with a TTL backstop past the prune, and moves it between the due and finished indexes', async () => {
    const { session, delivery } = await endedWithClient(T0 + 1);
    const key = store.keys.logoutDelivery(delivery.id);
    for (const k of [key, store.keys.logoutDeliveriesOfSession(session.id)]) {
      const ttl = await store.redis.ttl(k);
      expect(ttl, k).toBeGreaterThan(LOGOUT_DELIVERY_TTL_S - 60);
      expect(ttl, k).toBeLessThanOrEqual(LOGOUT_DELIVERY_TTL_S);
    }
    // longer than what Gatehouse keeps them (30 days) and than a session's whole retention
    expect(LOGOUT_DELIVERY_TTL_S).toBeGreaterThan(30 * 86_400 + TTL_BACKSTOP_S);
    expect(await store.redis.zscore(store.keys.logoutDeliveriesDue, delivery.id)).toBe(String(T0 + 1));

    // the sweep deletes the session and keeps its delivery
    await store.expireSessions(T0 + 1 + DEFAULT_RETENTION_S);
    expect(await store.getSession(session.id)).toBeNull();
    expect(await store.listLogoutDeliveries(session.id)).toEqual([delivery]);

    const [claimed] = await store.claimLogoutDeliveries(T0 + 1 + DEFAULT_RETENTION_S, 5, T0 + 2 + DEFAULT_RETENTION_S);
    expect(claimed?.id).toBe(delivery.id);
    expect(await store.redis.zscore(store.keys.logoutDeliveriesDue, delivery.id)).toBe(
      String(T0 + 2 + DEFAULT_RETENTION_S),
    );
    await store.finishLogoutAttempt(delivery.id, {
      status: 'failed',
      nextAttemptAt: T0 + 3,
      lastAttemptAt: T0 + 3,
      lastError: 'HTTP 500',
      latencyMs: 1,
      deliveredAt: null,
    });
    expect(await store.redis.zscore(store.keys.logoutDeliveriesDue, delivery.id)).toBeNull();
    expect(await store.redis.zscore(store.keys.logoutDeliveriesFinished, delivery.id)).toBe(String(T0 + 1));
    expect(await store.pruneLogoutDeliveries(T0 + 2)).toBe(1);
    expect(await store.redis.exists(key, store.keys.logoutDeliveriesOfSession(session.id))).toBe(0);
    expect(await store.redis.zcard(store.keys.logoutDeliveriesFinished)).toBe(0);
  });

  it('drops index entries of deliveries their TTL removed: the claim fills their places, the prune does not count them', async () => {
    const gone = await endedWithClient(T0 + 1);
    const kept = await endedWithClient(T0 + 2);
    const finished = await endedWithClient(T0 + 3);
    await store.finishLogoutAttempt(finished.delivery.id, {
      status: 'delivered',
      nextAttemptAt: T0 + 4,
      lastAttemptAt: T0 + 4,
      lastError: null,
      latencyMs: 1,
      deliveredAt: T0 + 4,
    });
    // what the TTL backstop does when nothing ran for two months
    await store.redis.del(store.keys.logoutDelivery(gone.delivery.id), store.keys.logoutDelivery(finished.delivery.id));
    expect((await store.claimLogoutDeliveries(T0 + 10, 1, T0 + 40)).map((d) => d.id)).toEqual([kept.delivery.id]);
    expect(await store.redis.zcard(store.keys.logoutDeliveriesDue)).toBe(1);
    expect(await store.pruneLogoutDeliveries(T0 + 100)).toBe(0);
    expect(await store.redis.zcard(store.keys.logoutDeliveriesFinished)).toBe(0);
    expect(await store.listLogoutDeliveries(gone.session.id)).toEqual([]);
  });

  it('deleteUser leaves no key or index entry of the user or their sessions, only their denylist entries and deliveries', async () => {
    await store.putClient(makeClient({ id: 'rp-a' }));
    const kept = await seedSession(store);
    const keptBefore = await dump();
    const user = makeUser({ username: 'doomed' });
    await store.createUser(user);
    const api = makeSession(user.id);
    const first = makeToken(api.id);
    await store.createSession(api, stored(first));
    expect((await store.rotateRefreshToken(rotation(first, first.secret, T0 + 5).input)).kind).toBe('rotated');
    const browser = makeSession(user.id, { createdAt: T0 + 1 });
    await store.createSession(browser, null);
    await store.startRefreshFamily(stored(makeToken(browser.id, { clientId: 'rp-a' })), T0 + 2);
    await store.addSessionClient(browser.id, 'rp-a', T0 + 2);
    await store.putBrowserSession('sso-hash', browser.id, T0 + 2);
    // a cookie hash that named the browser session before naming the kept user's session is theirs now
    await store.putBrowserSession('moved-cookie', browser.id, T0 + 2);
    await store.putBrowserSession('moved-cookie', kept.session.id, T0 + 3);
    await store.recordIssuedToken({
      jti: 'doomed-jti',
      sessionId: browser.id,
      kid: 'k1',
      issuedAt: T0,
      expiresAt: T0 + 900,
    });
    await store.revokeUserSessions(user.id, 'user deleted', T0 + 10, PRUNE);

    expect(await store.deleteUser(user.id)).toBe(true);

    const [delivery] = await store.listLogoutDeliveries(browser.id);
    const allowed = new Set([
      'rev',
      'revx',
      'revc',
      'revc:sid',
      'revs',
      'ld:seq',
      'ldd',
      `ld:${delivery!.id}`,
      `lds:${browser.id}`,
    ]);
    const doomed = [user.id, 'doomed', api.id, browser.id, first.id, 'doomed-jti', 'sso-hash'];
    for (const [key, content] of await dump()) {
      if (allowed.has(key)) continue;
      for (const id of doomed) {
        expect(key, `${key} names ${id}`).not.toContain(id);
        expect(`${content}\n`, `${key} holds ${id}`).not.toContain(id);
      }
    }
    // and every key the kept user had before is still there
    const after = await dump();
    for (const key of keptBefore.keys()) expect(after.has(key), key).toBe(true);
    expect(await store.getBrowserSession('moved-cookie')).toBe(kept.session.id);
    expect(await store.redis.smembers(store.keys.browserSessionsOfSession(kept.session.id))).toEqual(['moved-cookie']);
  });

  it("keeps each session's set of browser-session hashes as they are put, moved, deleted and pruned", async () => {
    const a = await seedSession(store);
    const b = await seedSession(store);
    const of = (sid: string) => store.redis.smembers(store.keys.browserSessionsOfSession(sid)).then((m) => m.sort());
    await store.putBrowserSession('h1', a.session.id, T0);
    await store.putBrowserSession('h2', a.session.id, T0);
    await store.putBrowserSession('h3', b.session.id, T0);
    expect(await of(a.session.id)).toEqual(['h1', 'h2']);
    // both read in one transaction: read one after the other, the second would have run down meanwhile
    const [[, ttl], [, sessionTtl]] = (await store.redis
      .multi()
      .pttl(store.keys.browserSessionsOfSession(a.session.id))
      .pttl(store.keys.session(a.session.id))
      .exec()) as [[null, number], [null, number]];
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(sessionTtl);
    await store.putBrowserSession('h2', b.session.id, T0 + 1);
    expect(await of(a.session.id)).toEqual(['h1']);
    expect(await of(b.session.id)).toEqual(['h2', 'h3']);
    await store.deleteBrowserSession('h1');
    expect(await store.redis.exists(store.keys.browserSessionsOfSession(a.session.id))).toBe(0);
    await store.revokeSession(b.session.id, 'logout', T0 + 2, PRUNE);
    expect(await store.pruneBrowserSessions()).toBe(2);
    expect(await store.redis.exists(store.keys.browserSessionsOfSession(b.session.id))).toBe(0);
  });

  it('adds up the client usage of more active sessions than one script reads', async () => {
    await store.createUser(makeUser({ id: 'many' }));
    const sessions = Array.from({ length: 1203 }, () => makeSession('many'));
    await Promise.all(
      sessions.map((s, i) => store.createSession(s, stored(makeToken(s.id, { clientId: i % 3 ? 'rp-a' : 'rp-b' })))),
    );
    await Promise.all(sessions.map((s) => store.addSessionClient(s.id, 'rp-a', T0)));
    expect(await store.clientUsage(T0)).toEqual(
      new Map([
        ['rp-a', { activeSessions: 1203, liveRefreshTokens: 802 }],
        ['rp-b', { activeSessions: 0, liveRefreshTokens: 401 }],
      ]),
    );
    expect(await store.clientUsage(T0 + IDLE)).toEqual(new Map());
  });
});

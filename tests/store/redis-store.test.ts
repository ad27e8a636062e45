import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_S, TTL_BACKSTOP_S } from '../../src/main/store/redis/keys';
import { openRedisStore, type RedisStore } from '../../src/main/store/redis/redis-store';
import { startTestRedis, type TestRedis } from '../redis/redis-server';
import { runStoreContract } from './contract';
import { hashSecret, IDLE, makeClient, makeCode, makeToken, seedSession, stored, T0 } from './contract-fixtures';

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
    const defaults = {
      id: 'demo-resource',
      name: 'demo-resource',
      type: 'confidential',
      secretHash: 'aGFzaA',
      redirectUris: [],
      postLogoutRedirectUris: [],
      grantTypes: [],
      tokenEndpointAuthMethod: 'client_secret_basic',
      backchannelLogoutUri: null,
      audience: null,
      enabled: true,
      tokenVersion: 0,
      createdAt: T0,
      updatedAt: T0,
      lastUsedAt: null,
    };
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
    const client = makeClient({ redirectUris: [], postLogoutRedirectUris: [], grantTypes: [], secretHash: null });
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
    const sessionTtl = await store.redis.pttl(store.keys.session(session.id));
    const codeTtl = await store.redis.pttl(store.keys.authorizationCode(code.codeHash));
    expect(codeTtl).toBeGreaterThan(0);
    expect(codeTtl).toBeLessThanOrEqual((code.expiresAt - code.createdAt + TTL_BACKSTOP_S) * 1000);
    for (const key of [store.keys.browserSession('cookie-hash'), store.keys.sessionClients(session.id)]) {
      const ttl = await store.redis.pttl(key);
      expect(ttl, key).toBeGreaterThan(0);
      expect(ttl, key).toBeLessThanOrEqual(sessionTtl);
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

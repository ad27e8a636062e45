import { describe, expect, it } from 'vitest';
import type { ClientRecord } from '../../src/main/store/store';
import {
  makeClient,
  makeCode,
  makeSession,
  makeToken,
  PRUNE,
  seedSession,
  stored,
  T0,
  useStore,
  type OpenStore,
} from './contract-fixtures';

/** The records of the OpenID Provider: clients, authorization codes, browser sessions, a session's clients. */
export function describeOpenId(open: OpenStore): void {
  describe('clients', () => {
    const store = useStore(open);

    it('puts and gets clients, replacing by id', async () => {
      const client = makeClient({ id: 'demo-resource' });
      await store().putClient(client);
      expect(await store().getClient('demo-resource')).toEqual(client);
      await store().putClient({ ...client, secretHash: 'bmV3' });
      expect((await store().getClient('demo-resource'))?.secretHash).toBe('bmV3');
      expect(await store().getClient('nope')).toBeNull();
    });

    it('reads back every field of a client as put, null and empty ones included', async () => {
      const spa = makeClient({
        type: 'public',
        secretHash: null,
        redirectUris: ['http://localhost:5173/callback'],
        postLogoutRedirectUris: [],
        grantTypes: ['authorization_code'],
        tokenEndpointAuthMethod: 'none',
        backchannelLogoutUri: null,
        audience: null,
        scopes: [],
        enabled: false,
        tokenVersion: 7,
        createdAt: T0 + 1,
        updatedAt: T0 + 2,
        lastUsedAt: T0 + 3,
      });
      const service = makeClient({
        redirectUris: [],
        postLogoutRedirectUris: [],
        grantTypes: ['client_credentials'],
        tokenEndpointAuthMethod: 'client_secret_post',
        name: 'Billing «service» / ünïcode',
        scopes: ['invoices:read', 'https://api.example/invoices.write', '!#$%&()*+,-./:;<=>?@[]^_`{|}~'],
      });
      for (const c of [spa, service]) await store().putClient(c);
      expect(await store().getClient(spa.id)).toEqual(spa);
      expect(await store().getClient(service.id)).toEqual(service);
      // a replacement replaces every field
      const edited: ClientRecord = {
        ...spa,
        name: 'Renamed',
        redirectUris: ['http://localhost:5173/callback', 'http://localhost:5173/silent'],
        scopes: ['orders:read'],
        enabled: true,
        updatedAt: T0 + 10,
      };
      await store().putClient(edited);
      expect(await store().getClient(spa.id)).toEqual(edited);
    });

    it('reads a client put with only the fields it had before the OpenID Provider with the defaults of an old row (no scopes)', async () => {
      const legacy = { id: 'demo-resource', secretHash: 'aGFzaA', createdAt: T0 };
      await store().putClient(legacy as ClientRecord);
      expect(await store().getClient('demo-resource')).toEqual({
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
        scopes: [],
        enabled: true,
        tokenVersion: 0,
        createdAt: T0,
        updatedAt: T0,
        lastUsedAt: null,
      });
    });

    it('lists every client oldest first, the id breaking ties', async () => {
      const clients = [
        makeClient({ id: 'zeta', createdAt: T0 }),
        makeClient({ id: 'alpha', createdAt: T0 + 5 }),
        makeClient({ id: 'beta', createdAt: T0 }),
        makeClient({ id: 'gamma', createdAt: T0 - 5 }),
      ];
      expect(await store().listClients()).toEqual([]);
      for (const c of clients) await store().putClient(c);
      expect((await store().listClients()).map((c) => c.id)).toEqual(['gamma', 'beta', 'zeta', 'alpha']);
      expect((await store().listClients())[0]).toEqual(clients[3]);
    });

    it('deletes a client, answering whether there was one', async () => {
      const a = makeClient();
      const b = makeClient();
      await store().putClient(a);
      await store().putClient(b);
      expect(await store().deleteClient(a.id)).toBe(true);
      expect(await store().deleteClient(a.id)).toBe(false);
      expect(await store().deleteClient('nope')).toBe(false);
      expect(await store().getClient(a.id)).toBeNull();
      expect(await store().listClients()).toEqual([b]);
    });

    it('bumps the token version of a client with its client denylist entry in the same step', async () => {
      const client = makeClient({ tokenVersion: 4, redirectUris: [], postLogoutRedirectUris: [], grantTypes: [] });
      const other = makeClient();
      await store().putClient(client);
      await store().putClient(other);
      const bumped = await store().bumpClientTokenVersion(client.id, 'secret rotated', T0 + 5, T0 + 905);
      // only the version changes
      expect(bumped).toEqual({ ...client, tokenVersion: 5 });
      expect(await store().getClient(client.id)).toEqual(bumped);
      expect(await store().getDenylistEntry('client', client.id)).toEqual({
        kind: 'client',
        subject: client.id,
        value: 5,
        reason: 'secret rotated',
        createdAt: T0 + 5,
        pruneAfter: T0 + 905,
      });
      expect(await store().bumpClientTokenVersion(client.id, 'disabled', T0 + 6, T0 + 906)).toEqual({
        ...client,
        tokenVersion: 6,
      });
      expect(await store().getDenylistEntry('client', client.id)).toMatchObject({ value: 6, reason: 'disabled' });
      expect(await store().getClient(other.id)).toEqual(other);
      expect(await store().getDenylistEntry('client', other.id)).toBeNull();
      // a client's entry is not a user's
      expect(await store().getDenylistEntry('user', client.id)).toBeNull();
    });

    it('answers null when bumping an unknown client and writes nothing', async () => {
      expect(await store().bumpClientTokenVersion('nobody', 'x', T0, T0 + 60)).toBeNull();
      expect(await store().getClient('nobody')).toBeNull();
      expect(await store().getDenylistEntry('client', 'nobody')).toBeNull();
    });

    it('gives each of 10 concurrent bumps a version of its own, the entry holding the highest', async () => {
      const client = makeClient();
      await store().putClient(client);
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store().bumpClientTokenVersion(client.id, `bump ${i}`, T0, T0 + 60)),
      );
      expect(results.map((r) => r?.tokenVersion).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect((await store().getClient(client.id))?.tokenVersion).toBe(10);
      const last = results.findIndex((r) => r?.tokenVersion === 10);
      expect(await store().getDenylistEntry('client', client.id)).toMatchObject({ value: 10, reason: `bump ${last}` });
    });

    it('touches lastUsedAt only, and nothing for an unknown client', async () => {
      const client = makeClient({ redirectUris: [], grantTypes: [] });
      await store().putClient(client);
      await store().touchClient(client.id, T0 + 60);
      expect(await store().getClient(client.id)).toEqual({ ...client, lastUsedAt: T0 + 60 });
      await store().touchClient(client.id, T0 + 120);
      expect((await store().getClient(client.id))?.lastUsedAt).toBe(T0 + 120);
      await store().touchClient('nobody', T0);
      expect(await store().getClient('nobody')).toBeNull();
      expect(await store().listClients()).toHaveLength(1);
    });
  });

  describe('authorization codes', () => {
    const store = useStore(open);

    it('redeems a code once: the first consumption sees it unused, later ones see when it was used', async () => {
      const { session } = await seedSession(store());
      const code = makeCode(session, 'rp-one');
      await store().putAuthorizationCode(code);
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 10)).toEqual(code);
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 20)).toEqual({ ...code, usedAt: T0 + 10 });
      // the first redemption's time is kept
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 30)).toEqual({ ...code, usedAt: T0 + 10 });
    });

    it('keeps a code without a nonce as null', async () => {
      const { session } = await seedSession(store());
      const code = makeCode(session, 'rp-one', { nonce: null, scope: 'openid' });
      await store().putAuthorizationCode(code);
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 1)).toEqual(code);
    });

    it('answers null for a code never stored', async () => {
      expect(await store().consumeAuthorizationCode('no-such-code', T0)).toBeNull();
      // and a consumption of an unknown code creates nothing
      expect(await store().consumeAuthorizationCode('no-such-code', T0 + 1)).toBeNull();
    });

    it('refuses a second code with the same hash, so a put never makes a redeemed code unused again', async () => {
      const { session } = await seedSession(store());
      const code = makeCode(session, 'rp-one');
      await store().putAuthorizationCode(code);
      await store().consumeAuthorizationCode(code.codeHash, T0 + 10);
      await expect(store().putAuthorizationCode({ ...code, clientId: 'rp-two' })).rejects.toThrow();
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 20)).toEqual({ ...code, usedAt: T0 + 10 });
    });

    it('lets exactly one of 20 concurrent redemptions see the code unused', async () => {
      const { session } = await seedSession(store());
      const code = makeCode(session, 'rp-one');
      await store().putAuthorizationCode(code);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store().consumeAuthorizationCode(code.codeHash, T0 + 10 + i)),
      );
      const winners = outcomes.filter((o) => o?.usedAt === null);
      expect(winners).toEqual([code]);
      const usedAt = outcomes.indexOf(winners[0]!) + T0 + 10;
      expect(outcomes.filter((o) => o?.usedAt === usedAt)).toHaveLength(19);
    });

    it('prunes codes that expired strictly before a time, used or not', async () => {
      const { session } = await seedSession(store());
      const early = makeCode(session, 'rp-one', { expiresAt: T0 + 10 });
      const earlyUsed = makeCode(session, 'rp-one', { expiresAt: T0 + 20 });
      const onTheDot = makeCode(session, 'rp-one', { expiresAt: T0 + 30 });
      const later = makeCode(session, 'rp-two', { expiresAt: T0 + 60 });
      for (const c of [early, earlyUsed, onTheDot, later]) await store().putAuthorizationCode(c);
      await store().consumeAuthorizationCode(earlyUsed.codeHash, T0 + 5);
      expect(await store().pruneAuthorizationCodes(T0 + 30)).toBe(2);
      expect(await store().consumeAuthorizationCode(early.codeHash, T0 + 40)).toBeNull();
      expect(await store().consumeAuthorizationCode(earlyUsed.codeHash, T0 + 40)).toBeNull();
      expect(await store().pruneAuthorizationCodes(T0 + 30)).toBe(0);
      // the code expiring exactly at the time is kept
      expect(await store().consumeAuthorizationCode(onTheDot.codeHash, T0 + 40)).toEqual(onTheDot);
      expect(await store().pruneAuthorizationCodes(T0 + 1000)).toBe(2);
      expect(await store().consumeAuthorizationCode(later.codeHash, T0 + 1000)).toBeNull();
    });
  });

  describe('browser sessions', () => {
    const store = useStore(open);

    it('names a session by the hash of a cookie secret until deleted', async () => {
      const { session } = await seedSession(store());
      await store().putBrowserSession('hash-a', session.id, T0);
      expect(await store().getBrowserSession('hash-a')).toBe(session.id);
      expect(await store().getBrowserSession('hash-b')).toBeNull();
      await store().deleteBrowserSession('hash-a');
      expect(await store().getBrowserSession('hash-a')).toBeNull();
      // deleting one that is not there is harmless
      await store().deleteBrowserSession('hash-a');
    });

    it('replaces the session a hash names, and lets several hashes name one session', async () => {
      const a = await seedSession(store());
      const b = await seedSession(store());
      await store().putBrowserSession('hash-a', a.session.id, T0);
      await store().putBrowserSession('hash-a', b.session.id, T0 + 1);
      await store().putBrowserSession('hash-c', b.session.id, T0 + 2);
      expect(await store().getBrowserSession('hash-a')).toBe(b.session.id);
      expect(await store().getBrowserSession('hash-c')).toBe(b.session.id);
    });

    it('refuses a browser session of an unknown session', async () => {
      await expect(store().putBrowserSession('hash-a', 'no-such-session', T0)).rejects.toThrow();
      expect(await store().getBrowserSession('hash-a')).toBeNull();
    });

    it('prunes the browser sessions whose session is revoked or expired, keeping those of active ones', async () => {
      const live = await seedSession(store());
      const revoked = await seedSession(store());
      const expired = await seedSession(store(), { idleExpiresAt: T0 + 10 });
      await store().putBrowserSession('live-1', live.session.id, T0);
      await store().putBrowserSession('live-2', live.session.id, T0);
      await store().putBrowserSession('revoked', revoked.session.id, T0);
      await store().putBrowserSession('expired', expired.session.id, T0);
      expect(await store().pruneBrowserSessions()).toBe(0);
      await store().revokeSession(revoked.session.id, 'logout', T0 + 20, PRUNE);
      expect(await store().expireSessions(T0 + 20)).toHaveLength(1);
      expect(await store().pruneBrowserSessions()).toBe(2);
      expect(await store().getBrowserSession('revoked')).toBeNull();
      expect(await store().getBrowserSession('expired')).toBeNull();
      expect(await store().getBrowserSession('live-1')).toBe(live.session.id);
      expect(await store().getBrowserSession('live-2')).toBe(live.session.id);
      expect(await store().pruneBrowserSessions()).toBe(0);
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

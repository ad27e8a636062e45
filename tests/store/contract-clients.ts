import { describe, expect, it } from 'vitest';
import type { ClientRecord, ClientUsage } from '../../src/main/store/store';
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
  legacyClientRead,
} from './contract-fixtures';
import { rotation } from './contract-refresh-families';

/** The client registry and its usage: ClientStore (store/ports/clients.ts). */
export function describeClients(open: OpenStore): void {
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
        requirePkce: false,
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
        responseTypes: ['code'],
        enabled: true,
        updatedAt: T0 + 10,
      };
      await store().putClient(edited);
      expect(await store().getClient(spa.id)).toEqual(edited);
    });

    it('reads a client put with only the fields it had before the OpenID Provider with the defaults of an old row (no scopes, PKCE required, the code flow only)', async () => {
      const legacy = { id: 'demo-resource', secretHash: 'aGFzaA', createdAt: T0 };
      await store().putClient(legacy as ClientRecord);
      expect(await store().getClient('demo-resource')).toEqual(legacyClientRead(T0));
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

  describe('clientUsage', () => {
    const store = useStore(open);

    it('counts, per client, the live sessions it is a client of and its live refresh tokens in them', async () => {
      const now = T0 + 100;
      // s1: clients rp-a and rp-b, a rotated rp-a family (one live token), an rp-b family
      const s1 = await seedSession(store(), {}, { clientId: 'rp-a', scope: 'openid' });
      await store().addSessionClient(s1.session.id, 'rp-a', T0);
      await store().addSessionClient(s1.session.id, 'rp-b', T0);
      expect((await store().rotateRefreshToken(rotation(s1.token, s1.token.secret, T0 + 10).input)).kind).toBe(
        'rotated',
      );
      await store().startRefreshFamily(stored(makeToken(s1.session.id, { clientId: 'rp-b' })), T0 + 11);
      // s2: rp-a with two live families, and a login-API token (no client)
      const s2 = await seedSession(store());
      await store().addSessionClient(s2.session.id, 'rp-a', T0);
      for (let i = 0; i < 2; i++)
        await store().startRefreshFamily(stored(makeToken(s2.session.id, { clientId: 'rp-a' })), T0 + 12);
      // s3: revoked, with rp-a and rp-c
      const s3 = await seedSession(store(), {}, { clientId: 'rp-c' });
      await store().addSessionClient(s3.session.id, 'rp-a', T0);
      await store().addSessionClient(s3.session.id, 'rp-c', T0);
      await store().revokeSession(s3.session.id, 'logout', T0 + 50, PRUNE);
      // s4 and s5: still marked active but past their idle / absolute expiry at now
      const s4 = await seedSession(store(), { idleExpiresAt: now }, { clientId: 'rp-c' });
      await store().addSessionClient(s4.session.id, 'rp-c', T0);
      const s5 = await seedSession(store(), { absoluteExpiresAt: now - 1 }, { clientId: 'rp-c' });
      await store().addSessionClient(s5.session.id, 'rp-c', T0);
      // s6: rp-b's token expired at now (the session is live); rp-d has a token without a client record
      const s6 = await seedSession(store(), {}, { clientId: 'rp-b', expiresAt: now });
      await store().addSessionClient(s6.session.id, 'rp-b', T0);
      // (a family started later records its client; a session's first token does not)
      await seedSession(store(), {}, { clientId: 'rp-d' });
      // s7: expired by the sweep
      const s7 = await seedSession(store(), { idleExpiresAt: T0 + 60 }, { clientId: 'rp-e' });
      await store().addSessionClient(s7.session.id, 'rp-e', T0);
      expect(await store().expireSessions(T0 + 60)).toHaveLength(1);

      const expected = new Map<string, ClientUsage>([
        ['rp-a', { activeSessions: 2, liveRefreshTokens: 3 }],
        ['rp-b', { activeSessions: 2, liveRefreshTokens: 1 }],
        ['rp-d', { activeSessions: 0, liveRefreshTokens: 1 }],
      ]);
      expect(await store().clientUsage(now)).toEqual(expected);
      // earlier, s4 and s5 were live (their expiry is later) and s6's token too
      expect((await store().clientUsage(now - 2)).get('rp-c')).toEqual({ activeSessions: 2, liveRefreshTokens: 2 });
      expect((await store().clientUsage(now - 2)).get('rp-b')).toEqual({ activeSessions: 2, liveRefreshTokens: 2 });
      // once every session is past its expiry, nothing is live
      expect(await store().clientUsage(T0 + IDLE + 100)).toEqual(new Map());
    });

    it('answers an empty map for a store without clients in use', async () => {
      expect(await store().clientUsage(T0)).toEqual(new Map());
      await seedSession(store());
      expect(await store().clientUsage(T0)).toEqual(new Map());
    });
  });
}

/**
 * The client registry and custom claims through the admin API, as the console and scripts use it:
 * the secret shown once and stored only as a hash, every registration rule enforced, and the
 * changes that must end tokens ending them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { sha256b64u } from '../../src/main/auth/random';
import { openTestGatehouse, addUser, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
let g: Gatehouse;
let admin: AdminService;

beforeEach(async () => {
  fx = await openTestGatehouse();
  g = fx.gatehouse;
  admin = new AdminService({ gatehouse: g, authUrl: () => 'http://127.0.0.1', mode: 'headless', version: 'test' });
});
afterEach(() => fx.close());

const webApp = {
  name: 'Web App',
  redirectUris: ['http://localhost:3000/cb'],
  grantTypes: ['authorization_code', 'refresh_token'] as ('authorization_code' | 'refresh_token')[],
  tokenEndpointAuthMethod: 'client_secret_basic' as const,
};

describe('clients.*', () => {
  it('create answers the secret once; the store keeps only its hash, and list/get never show it', async () => {
    const created = await admin.handle('clients.create', webApp);
    if (!created.ok) throw new Error(created.error.message);
    const { clientId, clientSecret } = created.value;
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.value).toMatchObject({
      type: 'confidential',
      enabled: true,
      postLogoutRedirectUris: [],
      audience: null,
    });
    expect((await g.store.getClient(clientId))!.secretHash).toBe(sha256b64u(clientSecret!));
    const listed = await admin.handle('clients.list', undefined);
    const got = await admin.handle('clients.get', { clientId });
    for (const answer of [JSON.stringify(listed), JSON.stringify(got)]) {
      expect(answer).not.toContain(clientSecret);
      expect(answer).not.toContain('secretHash');
    }
  });

  it('a public client gets no secret; a chosen client id is kept', async () => {
    const created = await admin.handle('clients.create', {
      ...webApp,
      clientId: 'spa',
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['authorization_code'],
    });
    expect(created.ok && created.value).toMatchObject({ clientId: 'spa', type: 'public' });
    expect(created.ok && 'clientSecret' in created.value).toBe(false);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a wildcard redirect URI', { redirectUris: ['https://*.example.com/cb'] }, /wildcards/],
    ['http off loopback', { redirectUris: ['http://example.com/cb'] }, /http is allowed only on localhost/],
    ['a fragment', { redirectUris: ['https://example.com/cb#x'] }, /no fragment/],
    ['a relative URI', { redirectUris: ['/cb'] }, /not an absolute URL/],
    ['no redirect URI with the code grant', { redirectUris: [] }, /at least one redirect URI/],
    [
      'refresh without code',
      { grantTypes: ['refresh_token'], redirectUris: [] },
      /refresh_token comes with authorization_code/,
    ],
    [
      'a public client with client_credentials',
      { tokenEndpointAuthMethod: 'none', grantTypes: ['client_credentials'], redirectUris: [] },
      /public client/,
    ],
    ['an unknown field', { secret: 'x' }, /unrecognized|secret/i],
    ['an unknown grant', { grantTypes: ['implicit'] }, /grantTypes/],
  ])('create refuses %s (invalid_request, nothing stored)', async (_name, change, message) => {
    const res = await admin.handle('clients.create', { ...webApp, ...change } as never);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('invalid_request');
      expect(res.error.message).toMatch(message);
    }
    expect(await g.store.listClients()).toEqual([]);
  });

  it('a client id taken is a conflict', async () => {
    await admin.handle('clients.create', { ...webApp, clientId: 'dup' });
    const again = await admin.handle('clients.create', { ...webApp, clientId: 'dup' });
    expect(!again.ok && again.error.code).toBe('conflict');
  });

  it('update changes what is given and refuses a switch between public and confidential', async () => {
    const created = await admin.handle('clients.create', { ...webApp, clientId: 'app' });
    expect(created.ok).toBe(true);
    const updated = await admin.handle('clients.update', {
      clientId: 'app',
      name: 'Renamed',
      redirectUris: ['https://app.example.com/cb'],
    });
    expect(updated.ok && updated.value).toMatchObject({
      name: 'Renamed',
      redirectUris: ['https://app.example.com/cb'],
      grantTypes: webApp.grantTypes,
    });
    const switched = await admin.handle('clients.update', { clientId: 'app', tokenEndpointAuthMethod: 'none' });
    expect(!switched.ok && switched.error.code).toBe('invalid_state');
    const unknown = await admin.handle('clients.update', { clientId: 'nobody', name: 'x' });
    expect(!unknown.ok && unknown.error.code).toBe('not_found');
  });

  it('rotateSecret answers a new secret once: the old one stops authenticating', async () => {
    const created = await admin.handle('clients.create', { ...webApp, clientId: 'app' });
    const old = created.ok ? created.value.clientSecret! : '';
    const rotated = await admin.handle('clients.rotateSecret', { clientId: 'app' });
    const fresh = rotated.ok ? rotated.value.clientSecret! : '';
    expect(fresh).not.toBe(old);
    expect(await g.clients.authenticate({ id: 'app', secret: old, method: 'client_secret_basic' })).toBeNull();
    expect(await g.clients.authenticate({ id: 'app', secret: fresh, method: 'client_secret_basic' })).not.toBeNull();
    expect((await g.store.getClient('app'))!.tokenVersion).toBe(1);
  });

  it('delete removes the client, writes a client denylist entry, and a second delete is not_found', async () => {
    await admin.handle('clients.create', { ...webApp, clientId: 'app' });
    expect(await admin.handle('clients.delete', { clientId: 'app' })).toEqual({ ok: true, value: { deleted: true } });
    expect(await g.store.getClient('app')).toBeNull();
    expect(await g.store.getDenylistEntry('client', 'app')).toMatchObject({ kind: 'client', value: 1 });
    const again = await admin.handle('clients.delete', { clientId: 'app' });
    expect(!again.ok && again.error.code).toBe('not_found');
  });
});

describe('clients.*: scopes', () => {
  const machine = {
    name: 'Machine',
    redirectUris: [],
    grantTypes: ['client_credentials'] as 'client_credentials'[],
    tokenEndpointAuthMethod: 'client_secret_basic' as const,
  };

  it('create stores the registered scopes (none when not given); update replaces them', async () => {
    const plain = await admin.handle('clients.create', { ...machine, clientId: 'plain' });
    expect(plain.ok && plain.value.scopes).toEqual([]);
    const created = await admin.handle('clients.create', { ...machine, clientId: 'm', scopes: ['orders:read'] });
    expect(created.ok && created.value.scopes).toEqual(['orders:read']);
    const updated = await admin.handle('clients.update', { clientId: 'm', scopes: ['orders:read', 'orders:write'] });
    expect(updated.ok && updated.value.scopes).toEqual(['orders:read', 'orders:write']);
    expect((await g.store.getClient('m'))!.scopes).toEqual(['orders:read', 'orders:write']);
    const got = await admin.handle('clients.get', { clientId: 'm' });
    expect(got.ok && got.value.scopes).toEqual(['orders:read', 'orders:write']);
  });

  it.each<[string, unknown, RegExp]>([
    ['an OIDC scope', ['openid'], /scopes: openid is an OpenID Connect scope/],
    ['a scope with a space', ['orders read'], /scopes: "orders read": a scope is 1–128 printable characters/],
    ['a scope listed twice', ['a', 'a'], /scopes: A scope is listed twice/],
    ['an empty scope', [''], /scopes: "": a scope is/],
    ['a quote', ['a"b'], /scopes: .*no space, " or \\/],
    ['51 scopes', Array.from({ length: 51 }, (_, i) => `s${i}`), /scopes/],
    ['a non-string', [1], /scopes/],
  ])('create and update refuse %s (invalid_request, nothing stored)', async (_name, scopes, message) => {
    const res = await admin.handle('clients.create', { ...machine, clientId: 'm', scopes } as never);
    expect(!res.ok && res.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
    expect(await g.store.getClient('m')).toBeNull();
    await admin.handle('clients.create', { ...machine, clientId: 'm', scopes: ['orders:read'] });
    const update = await admin.handle('clients.update', { clientId: 'm', scopes } as never);
    expect(!update.ok && update.error.code).toBe('invalid_request');
    expect((await g.store.getClient('m'))!.scopes).toEqual(['orders:read']);
  });
});

describe('requirePkce', () => {
  it('defaults to true; a confidential client may turn it off on create and update, and get shows it', async () => {
    const created = await admin.handle('clients.create', { ...webApp, clientId: 'web' });
    expect(created.ok && created.value.requirePkce).toBe(true);
    const basic = await admin.handle('clients.create', { ...webApp, clientId: 'basic-rp', requirePkce: false });
    expect(basic.ok && basic.value.requirePkce).toBe(false);
    expect((await g.store.getClient('basic-rp'))!.requirePkce).toBe(false);
    const updated = await admin.handle('clients.update', { clientId: 'web', requirePkce: false });
    expect(updated.ok && updated.value.requirePkce).toBe(false);
    const got = await admin.handle('clients.get', { clientId: 'web' });
    expect(got.ok && got.value.requirePkce).toBe(false);
  });

  it('a public client always requires PKCE: requirePkce false is refused on create and update, nothing stored', async () => {
    const spa = {
      ...webApp,
      clientId: 'spa',
      tokenEndpointAuthMethod: 'none' as const,
      grantTypes: ['authorization_code' as const],
    };
    const res = await admin.handle('clients.create', { ...spa, requirePkce: false });
    expect(!res.ok && res.error).toEqual({
      code: 'invalid_request',
      message: 'requirePkce: A public client (no secret) always requires PKCE: nothing else binds its code to it',
    });
    expect(await g.store.getClient('spa')).toBeNull();
    await admin.handle('clients.create', spa);
    const update = await admin.handle('clients.update', { clientId: 'spa', requirePkce: false });
    expect(!update.ok && update.error.code).toBe('invalid_request');
    expect((await g.store.getClient('spa'))!.requirePkce).toBe(true);
  });
});

describe('registration rules only the server knows', () => {
  const backchannel = (uri: string) => ({ ...webApp, backchannelLogoutUri: uri });

  it.each([
    ['the auth server itself', 'http://127.0.0.1:8787/oauth/revoke', 'http://127.0.0.1:8787'],
    ['the auth server by another loopback name', 'http://localhost:8787/logout', 'http://127.0.0.1:8787'],
    ['the auth server over IPv6 loopback', 'https://[::1]:8787/x', 'http://127.0.0.1:8787'],
    ['the console', 'http://127.0.0.1:8788/admin/api/users.delete', 'http://127.0.0.1:8788'],
    ['the public issuer behind a proxy', 'https://LOGIN.example.com/oauth/revoke', 'https://login.example.com'],
    ['the issuer with its default port spelled out', 'https://login.example.com:443/x', 'https://login.example.com'],
    ['a server bound to every IPv6 address, by loopback', 'http://localhost:8789/x', 'http://[::]:8789'],
  ])('refuses a back-channel logout URI at %s, on create and update', async (_name, uri, own) => {
    g.clients.ownOrigins.add(
      'http://127.0.0.1:8787',
      'http://127.0.0.1:8788',
      'https://login.example.com',
      'http://[::]:8789',
    );
    const res = await admin.handle('clients.create', { ...backchannel(uri), clientId: 'app' });
    expect(!res.ok && res.error).toEqual({
      code: 'invalid_request',
      message: `backchannelLogoutUri: ${uri} is Gatehouse itself (${own}): a back-channel logout URI is the app's own endpoint`,
    });
    expect(await g.store.getClient('app')).toBeNull();
    await admin.handle('clients.create', { ...webApp, clientId: 'app' });
    const update = await admin.handle('clients.update', { clientId: 'app', backchannelLogoutUri: uri });
    expect(!update.ok && update.error.code).toBe('invalid_request');
    expect((await g.store.getClient('app'))!.backchannelLogoutUri).toBeNull();
  });

  it("accepts a back-channel logout URI on another port or host than Gatehouse's", async () => {
    g.clients.ownOrigins.add('http://127.0.0.1:8787', 'https://login.example.com');
    for (const [i, uri] of [
      'http://localhost:3000/backchannel',
      'https://app.example.com/backchannel',
      'https://login.example.com:8443/backchannel',
    ].entries()) {
      const res = await admin.handle('clients.create', { ...backchannel(uri), clientId: `app${i}` });
      expect(res.ok).toBe(true);
    }
  });

  it("refuses a client id that is a user's id or username (conflict), and a user named like a client", async () => {
    const dana = await addUser(g, 'dana');
    for (const clientId of [dana.id, 'dana']) {
      const res = await admin.handle('clients.create', { ...webApp, clientId });
      expect(!res.ok && res.error).toEqual({
        code: 'conflict',
        message: `clientId: ${clientId} is a user's id or username; choose another client id`,
      });
      expect(await g.store.getClient(clientId)).toBeNull();
    }
    await admin.handle('clients.create', { ...webApp, clientId: 'billing' });
    const user = await admin.handle('users.create', { username: 'billing', password: 'long-enough-1' });
    expect(!user.ok && user.error).toEqual({
      code: 'conflict',
      message: "username: billing is a client's id; choose another username",
    });
    expect(await g.store.getUserByUsername('billing')).toBeNull();
  });
});

describe('users.setClaims', () => {
  it('stores the claims and raises the token version', async () => {
    const user = await addUser(g, 'dora');
    const res = await admin.handle('users.setClaims', {
      userId: user.id,
      claims: { email: 'dora@example.com', team: 'x' },
    });
    expect(res.ok && res.value).toMatchObject({ claims: { email: 'dora@example.com', team: 'x' }, tokenVersion: 1 });
    expect(g.denylist.entries.minVersion(user.id)).toBe(1);
  });

  it.each([
    ['a registered claim name', { sub: 'x' }, /sub: registered claim name/],
    ['several registered names', { iss: 'x', ver: 2 }, /iss, ver: registered claim names/],
    ['a bad name', { 'a b': 1 }, /a claim name is/],
    ['too much', { big: 'x'.repeat(9000) }, /at most 8192 bytes/],
  ])('refuses %s and keeps the old claims and version', async (_name, claims, message) => {
    const user = await addUser(g, 'erin');
    const res = await admin.handle('users.setClaims', { userId: user.id, claims });
    expect(!res.ok && res.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
    expect(await g.store.getUserById(user.id)).toMatchObject({ claims: {}, tokenVersion: 0 });
  });
});

describe('users.update, users.resetPassword, users.delete', () => {
  const login = (username: string, password: string) =>
    g.sessions.login(username, password, { ip: '203.0.113.9', userAgent: 'vitest' });

  it('new roles raise the token version; the same roles change nothing', async () => {
    const user = await g.users.createUser('fay', 'fay-password-1', ['user'], 'test');
    const same = await admin.handle('users.update', { userId: user.id, roles: ['user'] });
    expect(same.ok && same.value.tokenVersion).toBe(0);
    const res = await admin.handle('users.update', { userId: user.id, roles: ['user', 'auditor'] });
    expect(res.ok && res.value).toMatchObject({ roles: ['user', 'auditor'], tokenVersion: 1 });
  });

  it('disabling ends every session and refuses sign-in with the generic error; enabling lets the user in again', async () => {
    const user = await g.users.createUser('gus', 'gus-password-1', ['user'], 'test');
    const pair = await login('gus', 'gus-password-1');
    const res = await admin.handle('users.update', { userId: user.id, disabled: true });
    expect(res.ok && res.value.disabled).toBe(true);
    expect((await g.store.getSession(pair.session.id))!.status).toBe('revoked');
    await expect(login('gus', 'gus-password-1')).rejects.toMatchObject({
      code: 'invalid_grant',
      message: 'invalid username or password',
    });
    await admin.handle('users.update', { userId: user.id, disabled: false });
    expect((await login('gus', 'gus-password-1')).user.id).toBe(user.id);
  });

  it('a password reset ends every session; only the new password signs in', async () => {
    const user = await g.users.createUser('hal', 'hal-password-1', ['user'], 'test');
    const pair = await login('hal', 'hal-password-1');
    const res = await admin.handle('users.resetPassword', { userId: user.id, password: 'hal-password-2' });
    expect(res.ok).toBe(true);
    expect((await g.store.getSession(pair.session.id))!.status).toBe('revoked');
    await expect(login('hal', 'hal-password-1')).rejects.toMatchObject({ code: 'invalid_grant' });
    expect((await login('hal', 'hal-password-2')).user.id).toBe(user.id);
    const short = await admin.handle('users.resetPassword', { userId: user.id, password: 'short' });
    expect(!short.ok && short.error.code).toBe('invalid_request');
  });

  it('delete ends the sessions (their sid entries stay) and removes the user; a second delete is not_found', async () => {
    const user = await g.users.createUser('ida', 'ida-password-1', ['user'], 'test');
    const pair = await login('ida', 'ida-password-1');
    expect(await admin.handle('users.delete', { userId: user.id })).toEqual({
      ok: true,
      value: { deleted: true, sessionsEnded: 1 },
    });
    expect(await g.store.getUserById(user.id)).toBeNull();
    expect(await g.store.getSession(pair.session.id)).toBeNull();
    expect(g.denylist.entries.isSessionRevoked(pair.session.id)).toBe(true);
    const again = await admin.handle('users.delete', { userId: user.id });
    expect(!again.ok && again.error.code).toBe('not_found');
  });
});

describe('clients.*: response types', () => {
  it('create gives the code flow only unless id_token is registered; update adds or removes it', async () => {
    const plain = await admin.handle('clients.create', { ...webApp, clientId: 'plain' });
    expect(plain.ok && plain.value.responseTypes).toEqual(['code']);
    const rp = await admin.handle('clients.create', { ...webApp, clientId: 'rp', responseTypes: ['code', 'id_token'] });
    expect(rp.ok && rp.value.responseTypes).toEqual(['code', 'id_token']);
    const updated = await admin.handle('clients.update', { clientId: 'rp', responseTypes: ['id_token'] });
    expect(updated.ok && updated.value.responseTypes).toEqual(['id_token']);
    expect((await g.store.getClient('rp'))!.responseTypes).toEqual(['id_token']);
  });

  it.each<[string, unknown, unknown, RegExp]>([
    ['none', [], {}, /responseTypes/],
    ['one listed twice', ['code', 'code'], {}, /responseTypes: A response type is listed twice/],
    ['an access token in the front channel', ['token'], {}, /responseTypes/],
    ['a hybrid', ['code id_token'], {}, /responseTypes/],
    [
      'id_token without authorization_code',
      ['id_token'],
      { grantTypes: ['client_credentials'], redirectUris: [] },
      /responseTypes: id_token is answered at the authorization endpoint/,
    ],
  ])('create refuses %s (invalid_request, nothing stored)', async (_name, responseTypes, over, message) => {
    const res = await admin.handle('clients.create', {
      ...webApp,
      ...(over as object),
      clientId: 'x',
      responseTypes,
    } as never);
    expect(!res.ok && res.error).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(message) });
    expect(await g.store.getClient('x')).toBeNull();
  });
});

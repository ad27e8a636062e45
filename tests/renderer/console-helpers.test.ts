import { describe, expect, it } from 'vitest';
import type { ClientView, RefreshLinkView } from '../../src/shared/admin-views';
import {
  changedRegistration,
  draftFromClient,
  emptyClientDraft,
  lintDraft,
  registrationFromDraft,
  toggleGrant,
  uriLines,
} from '../../src/renderer/lib/client-form';
import {
  discoveryUrl,
  genericOidcSettings,
  openidClientSnippet,
  scopesFor,
  secretEnvName,
  settingsText,
} from '../../src/shared/quick-start';
import { LOGOUT_RECEIVER_LINES } from '../../src/shared/quick-start-logout';
import { chainOrder, groupFamilies, LOGIN_API } from '../../src/renderer/lib/refresh-families';
import { parseClaimsText, parseRoles, passwordProblem } from '../../src/renderer/lib/user-edits';

const client = (over: Partial<ClientView> = {}): ClientView => ({
  clientId: 'my-app',
  name: 'My App',
  type: 'confidential',
  tokenEndpointAuthMethod: 'client_secret_basic',
  grantTypes: ['authorization_code', 'refresh_token'],
  redirectUris: ['http://localhost:3000/callback'],
  postLogoutRedirectUris: [],
  backchannelLogoutUri: null,
  audience: null,
  scopes: [],
  requirePkce: true,
  responseTypes: ['code'],
  enabled: true,
  tokenVersion: 0,
  createdAt: 1,
  updatedAt: 1,
  lastUsedAt: null,
  activeSessions: 0,
  liveRefreshTokens: 0,
  ...over,
});

describe('the client form', () => {
  it('reads URIs one a line, ignoring blank lines and spaces around them', () => {
    expect(uriLines('  https://a.example/cb \n\n\r\nhttps://b.example/cb\n')).toEqual([
      'https://a.example/cb',
      'https://b.example/cb',
    ]);
    const reg = registrationFromDraft({
      ...emptyClientDraft(),
      name: ' App ',
      backchannelLogoutUri: '  ',
      audience: 'api',
    });
    expect(reg).toMatchObject({ name: 'App', redirectUris: [], backchannelLogoutUri: null, audience: 'api' });
  });

  it('lints as the server does, by field: http on a public host, a public client with client_credentials', () => {
    const draft = { ...emptyClientDraft(), name: 'App', redirectUris: 'http://app.example.com/cb' };
    expect(lintDraft(draft, true).get('redirectUris')).toEqual([
      'http://app.example.com/cb: http is allowed only on localhost, 127.0.0.1 or [::1]; use https',
    ]);
    expect(lintDraft({ ...draft, redirectUris: 'https://app.example.com/cb' }, true).size).toBe(0);
    const publicMachine = {
      ...draft,
      redirectUris: '',
      tokenEndpointAuthMethod: 'none' as const,
      grantTypes: ['client_credentials' as const],
    };
    expect(lintDraft(publicMachine, true).get('grantTypes')?.[0]).toMatch(
      /public client .* cannot use client_credentials/,
    );
    // a client id is checked only when one is typed for a new client
    expect(
      lintDraft({ ...draft, redirectUris: 'https://a.example/cb', clientId: 'bad id' }, true).has('clientId'),
    ).toBe(true);
    expect(lintDraft({ ...draft, redirectUris: 'https://a.example/cb', clientId: '' }, true).has('clientId')).toBe(
      false,
    );
    expect(
      lintDraft({ ...draft, redirectUris: 'https://a.example/cb', clientId: 'bad id' }, false).has('clientId'),
    ).toBe(false);
  });

  it('lints requirePkce as the server does: off only for a confidential client, on by default', () => {
    const draft = { ...emptyClientDraft(), name: 'App', redirectUris: 'https://app.example.com/cb' };
    expect(draft.requirePkce).toBe(true);
    expect(lintDraft({ ...draft, requirePkce: false }, true).size).toBe(0);
    expect(
      lintDraft({ ...draft, tokenEndpointAuthMethod: 'none', requirePkce: false }, true).get('requirePkce'),
    ).toEqual(['A public client (no secret) always requires PKCE: nothing else binds its code to it']);
    const c = client();
    expect(changedRegistration(c, registrationFromDraft({ ...draftFromClient(c), requirePkce: false }))).toEqual({
      requirePkce: false,
    });
  });

  it('sends only what an edit changed', () => {
    const c = client();
    const same = registrationFromDraft(draftFromClient(c));
    expect(changedRegistration(c, same)).toEqual({});
    const edited = registrationFromDraft({
      ...draftFromClient(c),
      name: 'Renamed',
      redirectUris: 'http://localhost:3000/callback\nhttp://localhost:3001/callback',
    });
    expect(changedRegistration(c, edited)).toEqual({
      name: 'Renamed',
      redirectUris: ['http://localhost:3000/callback', 'http://localhost:3001/callback'],
    });
  });

  it('reads scopes separated by spaces or lines, and lints them as the server does', () => {
    const draft = { ...emptyClientDraft(), name: 'Machine', grantTypes: ['client_credentials' as const] };
    expect(registrationFromDraft({ ...draft, scopes: ' orders:read\n orders:write  ' }).scopes).toEqual([
      'orders:read',
      'orders:write',
    ]);
    expect(lintDraft({ ...draft, scopes: 'orders:read orders:write' }, true).size).toBe(0);
    expect(lintDraft({ ...draft, scopes: 'orders:read orders:read' }, true).get('scopes')).toEqual([
      'A scope is listed twice',
    ]);
    expect(lintDraft({ ...draft, scopes: 'openid orders:read' }, true).get('scopes')?.[0]).toMatch(
      /openid is an OpenID Connect scope, always allowed with authorization_code/,
    );
    expect(lintDraft({ ...draft, scopes: 'a"b' }, true).get('scopes')?.[0]).toMatch(/no space, " or \\/);
    // an edit of the scopes alone sends the scopes alone
    const c = client({ scopes: ['orders:read'] });
    expect(draftFromClient(c).scopes).toBe('orders:read');
    expect(
      changedRegistration(c, registrationFromDraft({ ...draftFromClient(c), scopes: 'orders:read orders:write' })),
    ).toEqual({
      scopes: ['orders:read', 'orders:write'],
    });
  });

  it('keeps grants in one order whatever order they are ticked in', () => {
    expect(toggleGrant(['refresh_token'], 'authorization_code', true)).toEqual(['authorization_code', 'refresh_token']);
    expect(toggleGrant(['authorization_code', 'refresh_token'], 'authorization_code', false)).toEqual([
      'refresh_token',
    ]);
  });
});

describe('the quick start', () => {
  const http = 'http://127.0.0.1:8787';

  it('a confidential web app over http: discovery with its secret, Basic, insecure requests allowed, PKCE S256', () => {
    const s = openidClientSnippet(client(), http);
    expect(s).toContain(`const issuer = new URL('http://127.0.0.1:8787');`);
    expect(s).toContain(`const clientId = 'my-app';`);
    expect(s).toContain('const clientSecret = process.env.MY_APP_CLIENT_SECRET;');
    expect(s).toContain(
      'client.discovery(issuer, clientId, clientSecret, client.ClientSecretBasic(clientSecret), {\n  execute: [client.allowInsecureRequests]',
    );
    expect(s).toContain("code_challenge_method: 'S256'");
    expect(s).toContain("scope: 'openid profile email offline_access'");
    expect(s).toContain('client.authorizationCodeGrant(config, currentUrl, {');
    expect(s).toContain('client.refreshTokenGrant(config, refreshToken)');
    expect(s).toContain('client.buildEndSessionUrl(config, {\n    id_token_hint: idToken,\n  });');
    expect(s).not.toContain('clientCredentialsGrant');
    const back = openidClientSnippet(client({ postLogoutRedirectUris: ['http://localhost:3000/'] }), http);
    expect(back).toContain("post_logout_redirect_uri: 'http://localhost:3000/',");
  });

  it('a public SPA over https: no secret, None(), no insecure requests', () => {
    const s = openidClientSnippet(
      client({ type: 'public', tokenEndpointAuthMethod: 'none', grantTypes: ['authorization_code'] }),
      'https://id.example.com',
    );
    expect(s).toContain('client.discovery(issuer, clientId, undefined, client.None());');
    expect(s).not.toContain('clientSecret');
    expect(s).not.toContain('allowInsecureRequests');
    expect(s).toContain("scope: 'openid profile email'");
    expect(s).not.toContain('refreshTokenGrant');
  });

  it('a machine client: client credentials with its audience; a resource server: introspection', () => {
    const machine = openidClientSnippet(
      client({
        tokenEndpointAuthMethod: 'client_secret_post',
        grantTypes: ['client_credentials'],
        redirectUris: [],
        audience: 'orders-api',
      }),
      http,
    );
    expect(machine).toContain('client.ClientSecretPost(clientSecret)');
    expect(machine).toContain('client.clientCredentialsGrant(config)');
    expect(machine).toContain("'orders-api'");
    expect(machine).not.toContain('redirectUri');
    const api = openidClientSnippet(client({ grantTypes: [], redirectUris: [] }), http);
    expect(api).toContain('client.tokenIntrospection(config, accessToken)');
  });

  it('the snippet is a module that parses and calls discovery with the client’s values', async () => {
    const calls: unknown[][] = [];
    const fake = {
      discovery: async (...args: unknown[]) => (calls.push(args), { fake: true }),
      ClientSecretBasic: (secret: string) => ({ auth: 'basic', secret }),
      allowInsecureRequests: 'allowInsecureRequests',
    };
    const body = openidClientSnippet(client(), http)
      .replace(/^import .*$/m, '')
      .replace(/^export /gm, '');
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
      ...args: string[]
    ) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction('client', 'process', body)(fake, { env: { MY_APP_CLIENT_SECRET: 's3cret' } });
    expect(calls).toEqual([
      [new URL(http), 'my-app', 's3cret', { auth: 'basic', secret: 's3cret' }, { execute: ['allowInsecureRequests'] }],
    ]);
  });

  it('a client with a back-channel logout URI gets the receiver; one without gets no jose', () => {
    const plain = openidClientSnippet(client(), http);
    expect(plain).not.toContain('jose');
    expect(plain).not.toContain('backchannelLogout');
    const s = openidClientSnippet(client({ backchannelLogoutUri: 'http://localhost:3000/bcl' }), http);
    expect(s).toContain("import * as jose from 'jose';");
    expect(s).toContain('POSTs logout_token=… to http://localhost:3000/bcl');
    expect(s).toContain('sessionsBySid.set(claims.sid, { sub: claims.sub, user });');
    expect(s).toContain(LOGOUT_RECEIVER_LINES.join('\n'));
  });

  it('an id or a quote in a name cannot break the code it is pasted into', () => {
    const s = openidClientSnippet(client({ clientId: "it's", name: 'A\nB' }), http);
    expect(s).toContain(`const clientId = 'it\\'s';`);
    expect(s).toContain('// A B: a confidential client');
    expect(secretEnvName('my-app')).toBe('MY_APP_CLIENT_SECRET');
    expect(secretEnvName('9.app')).toBe('APP_9_APP_CLIENT_SECRET');
  });

  it('generic settings: issuer, discovery, id, method, scopes and the URIs, as text too', () => {
    const settings = genericOidcSettings(
      client({ backchannelLogoutUri: 'http://localhost:3000/bcl', postLogoutRedirectUris: ['http://localhost:3000/'] }),
      `${http}/`,
    );
    const get = (label: string) => settings.find((s) => s.label === label)?.value;
    expect(get('Issuer')).toBe(`${http}/`);
    expect(get('Discovery URL')).toBe(`${http}/.well-known/openid-configuration`);
    expect(get('Client ID')).toBe('my-app');
    expect(get('Client authentication')).toBe('client_secret_basic');
    expect(get('Scopes')).toBe('openid profile email offline_access');
    expect(get('PKCE')).toBe('S256 (required)');
    expect(get('Redirect URI')).toBe('http://localhost:3000/callback');
    expect(get('Back-channel logout URI')).toBe('http://localhost:3000/bcl');
    expect(get('End-session (logout) URL')).toBe(`${http}/logout`);
    expect(settingsText(settings)).toContain('Client ID:                 my-app\n');
    expect(discoveryUrl('https://a.example')).toBe('https://a.example/.well-known/openid-configuration');
    expect(scopesFor({ grantTypes: ['authorization_code'] })).toBe('openid profile email');
  });

  it("asks for the client's registered API scopes after the OIDC ones, in the snippet and the settings", () => {
    const c = client({ scopes: ['orders:read', 'orders:write'] });
    expect(scopesFor(c)).toBe('openid profile email offline_access orders:read orders:write');
    expect(openidClientSnippet(c, http)).toContain(
      "scope: 'openid profile email offline_access orders:read orders:write'",
    );
  });
});

describe('the user editors', () => {
  it('claims: JSON, then the shared rules; empty means none', () => {
    expect(parseClaimsText('')).toEqual({ ok: true, value: {} });
    expect(parseClaimsText('{"email": "a@example.com"}')).toEqual({ ok: true, value: { email: 'a@example.com' } });
    const notJson = parseClaimsText('{"email": ');
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.error).toMatch(/^Not JSON: /);
    expect(parseClaimsText('{"sub": "x"}')).toEqual({
      ok: false,
      error: 'sub: registered claim name, set by Gatehouse itself',
    });
    expect(parseClaimsText('{"bad name": 1}')).toMatchObject({ ok: false, error: expect.stringMatching(/claim name/) });
    expect(parseClaimsText('[1]')).toMatchObject({ ok: false, error: 'custom claims are a JSON object' });
  });
  it('roles: commas or spaces, duplicates dropped, the schema’s bounds', () => {
    expect(parseRoles(' user,admin  admin ,')).toEqual({ ok: true, value: ['user', 'admin'] });
    expect(parseRoles('')).toEqual({ ok: true, value: [] });
    expect(parseRoles('x'.repeat(33)).ok).toBe(false);
    expect(parseRoles(Array.from({ length: 17 }, (_, i) => `r${i}`).join(',')).ok).toBe(false);
    expect(passwordProblem('short')).toBe('At least 8 characters');
    expect(passwordProblem('long enough')).toBeNull();
  });
});

describe('refresh families per app', () => {
  const link = (id: string, parentId: string | null, createdAt: number, clientId: string | null): RefreshLinkView => ({
    id,
    parentId,
    createdAt,
    expiresAt: createdAt + 100,
    usedAt: null,
    status: 'active',
    clientId,
  });
  it('one group per client, the login API named, each chain parents first, groups by their start', () => {
    const groups = groupFamilies(
      [
        link('b2', 'b1', 20, 'rp'),
        link('b1', null, 20, 'rp'),
        link('a1', null, 10, null),
        link('c1', null, 30, 'gone'),
      ],
      [{ clientId: 'rp', name: 'Tiny RP', firstAt: 20 }],
    );
    expect(groups.map((g) => [g.clientId, g.name, g.links.map((l) => l.id)])).toEqual([
      [null, LOGIN_API, ['a1']],
      ['rp', 'Tiny RP', ['b1', 'b2']],
      ['gone', 'gone', ['c1']],
    ]);
  });
  it('a link whose parent is missing starts a chain of its own', () => {
    expect(chainOrder([link('x2', 'x1', 5, null), link('y', 'missing', 1, null)]).map((l) => l.id)).toEqual([
      'y',
      'x2',
    ]);
  });
});

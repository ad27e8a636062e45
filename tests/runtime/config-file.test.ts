/**
 * `--config FILE`: checked whole, before anything is opened, each bad field named in one line;
 * applied at every start without rewriting what already matches; a refused file changes nothing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyConfig, ConfigError, parseConfig, readConfigFile } from '../../src/main/runtime/config-file';
import { addUser, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';
import { TSX } from '../support/node-args';
import { startServe } from '../support/serve-process';

const root = path.resolve(import.meta.dirname, '..', '..');
const good = {
  users: [
    {
      username: 'carol',
      password: 'carol-password-1',
      roles: ['user', 'auditor'],
      claims: { email: 'carol@example.com' },
    },
  ],
  clients: [
    {
      clientId: 'my-app',
      clientSecret: 'my-app-secret-0123456789abcdefghij',
      name: 'My App',
      redirectUris: ['http://localhost:3000/callback'],
      grantTypes: ['authorization_code', 'refresh_token'],
    },
    { clientId: 'my-spa', redirectUris: ['https://spa.example.com/cb'], grantTypes: ['authorization_code'] },
  ],
};

const problemOf = (json: unknown): string => {
  try {
    parseConfig(json, 'gatehouse.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the config was accepted');
};

describe('reading a config file', () => {
  it('fills the defaults: roles, claims, name, method from the secret, empty post-logout URIs', () => {
    const config = parseConfig(good, 'gatehouse.json');
    expect(config.users[0]).toEqual(good.users[0]);
    expect(config.clients[0]).toMatchObject({
      tokenEndpointAuthMethod: 'client_secret_basic',
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      audience: null,
    });
    expect(config.clients[1]).toMatchObject({ name: 'my-spa', tokenEndpointAuthMethod: 'none' });
    expect(config.demoUsers).toBe(true);
    expect(parseConfig({ ...good, demoUsers: false }, 'gatehouse.json').demoUsers).toBe(false);
  });

  it("reads a client's registered scopes, none when not given", () => {
    const machine = {
      clientId: 'machine',
      clientSecret: 'machine-secret-0123456789abcdef-0123',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scopes: ['orders:read', 'orders:write'],
    };
    const config = parseConfig({ clients: [good.clients[0], machine] }, 'gatehouse.json');
    expect(config.clients.map((c) => c.scopes)).toEqual([[], ['orders:read', 'orders:write']]);
  });

  it("reads a client's requirePkce, true when not given", () => {
    const basic = { ...good.clients[0], clientId: 'basic-rp', requirePkce: false };
    const config = parseConfig({ clients: [good.clients[0], basic, good.clients[1]] }, 'gatehouse.json');
    expect(config.clients.map((c) => c.requirePkce)).toEqual([true, false, true]);
  });

  it("reads a client's response types, the code flow only when not given", () => {
    const rp = { ...good.clients[0], clientId: 'rp', responseTypes: ['code', 'id_token'] };
    const config = parseConfig({ clients: [good.clients[0], rp] }, 'gatehouse.json');
    expect(config.clients.map((c) => c.responseTypes)).toEqual([['code'], ['code', 'id_token']]);
    expect(problemOf({ clients: [{ ...rp, responseTypes: ['token'] }] })).toMatch(/clients\[0\]\.responseTypes/);
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown top-level field', { user: [] }, /^gatehouse\.json: .*user/],
    ['a short password', { users: [{ username: 'x', password: 'short' }] }, /^gatehouse\.json: users\[0\]\.password: /],
    [
      'a bad username',
      { users: [{ username: 'a b', password: 'long-enough-1' }] },
      /users\[0\]\.username: a username is/,
    ],
    [
      'a registered claim name',
      { users: [{ username: 'x', password: 'long-enough-1', claims: { sub: 'me' } }] },
      /users\[0\]\.claims: sub: registered claim name/,
    ],
    [
      'a user listed twice',
      {
        users: [
          { username: 'x', password: 'long-enough-1' },
          { username: 'x', password: 'long-enough-2' },
        ],
      },
      /users\[1\]\.username: x is listed twice/,
    ],
    [
      'an unknown grant',
      { clients: [{ clientId: 'a', redirectUris: [], grantTypes: ['implicit'] }] },
      /clients\[0\]\.grantTypes\[0\]: /,
    ],
    [
      'a wildcard redirect URI',
      { clients: [{ clientId: 'a', redirectUris: ['https://*.example.com/cb'], grantTypes: ['authorization_code'] }] },
      /clients\[0\]\.redirectUris: .*wildcards/,
    ],
    [
      'plain http off loopback',
      { clients: [{ clientId: 'a', redirectUris: ['http://app.example.com/cb'], grantTypes: ['authorization_code'] }] },
      /clients\[0\]\.redirectUris: .*http is allowed only on localhost/,
    ],
    [
      'a fragment',
      {
        clients: [
          { clientId: 'a', redirectUris: ['https://app.example.com/cb#x'], grantTypes: ['authorization_code'] },
        ],
      },
      /no fragment/,
    ],
    [
      'a confidential client without its secret',
      {
        clients: [
          {
            clientId: 'a',
            redirectUris: ['https://a.example.com/cb'],
            grantTypes: ['authorization_code'],
            tokenEndpointAuthMethod: 'client_secret_post',
          },
        ],
      },
      /clients\[0\]\.clientSecret: a confidential client/,
    ],
    [
      'a short secret',
      { clients: [{ clientId: 'a', clientSecret: 'short', redirectUris: [], grantTypes: ['client_credentials'] }] },
      /clients\[0\]\.clientSecret: the secret of client a is 5 characters; at least 32 are needed/,
    ],
    [
      'a secret of 31 characters',
      {
        clients: [
          { clientId: 'svc', clientSecret: 'x'.repeat(31), redirectUris: [], grantTypes: ['client_credentials'] },
        ],
      },
      /^[^\n]*: clients\[0\]\.clientSecret: the secret of client svc is 31 characters; at least 32 are needed[^\n]*$/,
    ],
    [
      'a public client with client_credentials',
      { clients: [{ clientId: 'a', redirectUris: [], grantTypes: ['client_credentials'] }] },
      /clients\[0\]\.grantTypes: A public client/,
    ],
    [
      'the demo client id',
      {
        clients: [
          {
            clientId: 'demo-resource',
            clientSecret: 'x'.repeat(32),
            redirectUris: [],
            grantTypes: ['client_credentials'],
          },
        ],
      },
      /demo lab's own client/,
    ],
    [
      'a client listed twice',
      { clients: [good.clients[1], good.clients[1]] },
      /clients\[1\]\.clientId: my-spa is listed twice/,
    ],
    [
      'an OIDC scope registered',
      { clients: [{ ...good.clients[1], scopes: ['openid'] }] },
      /clients\[0\]\.scopes: openid is an OpenID Connect scope/,
    ],
    [
      'a scope that is not a scope token',
      { clients: [{ ...good.clients[1], scopes: ['orders read'] }] },
      /clients\[0\]\.scopes: "orders read": a scope is/,
    ],
    [
      "a client id that is a user's username in the file",
      { users: [{ username: 'my-spa', password: 'long-enough-1' }], clients: [good.clients[1]] },
      /clients\[0\]\.clientId: my-spa is a user's username in this file/,
    ],
    [
      'a public client without PKCE',
      { clients: [{ ...good.clients[1], requirePkce: false }] },
      /clients\[0\]\.requirePkce: A public client \(no secret\) always requires PKCE/,
    ],
    [
      'a requirePkce that is not true or false',
      { clients: [{ ...good.clients[0], requirePkce: 'no' }] },
      /requirePkce/,
    ],
    ['a non-object', [], /^gatehouse\.json: /],
    ['a demoUsers that is not true or false', { demoUsers: 'no' }, /^gatehouse\.json: demoUsers: /],
  ])('refuses %s, naming the field', (_name, json, message) => {
    const problem = problemOf(json);
    expect(problem).toMatch(message);
    expect(problem).not.toContain('\n');
  });

  it('says when the file is missing or not JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-config-'));
    try {
      expect(() => readConfigFile(path.join(dir, 'none.json'))).toThrow(/none\.json: cannot be read \(ENOENT\)/);
      fs.writeFileSync(path.join(dir, 'bad.json'), '{"users": [');
      expect(() => readConfigFile(path.join(dir, 'bad.json'))).toThrow(/bad\.json: not JSON/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('applying a config', () => {
  let fx: GatehouseFixture;
  afterEach(() => fx.close());

  it("registers a client's idTokenSignedResponseAlg (RS256 when not given) and refuses one the ring cannot sign, writing nothing", async () => {
    fx = await openTestGatehouse();
    const g = fx.gatehouse;
    const withAlg = (alg?: string) =>
      parseConfig(
        { clients: [{ ...good.clients[0], ...(alg === undefined ? {} : { idTokenSignedResponseAlg: alg }) }] },
        'gatehouse.json',
      );
    expect(() =>
      parseConfig({ clients: [{ ...good.clients[0], idTokenSignedResponseAlg: 'HS256' }] }, 'x.json'),
    ).toThrow(ConfigError);
    await expect(applyConfig(g, withAlg('PS256'))).rejects.toThrow(/PS256 cannot be signed here/);
    expect(await g.clients.get('my-app')).toBeNull();
    await applyConfig(g, withAlg());
    expect((await g.clients.get('my-app'))!.idTokenSignedResponseAlg).toBe('RS256');
    await applyConfig(g, withAlg('ES256'));
    expect((await g.clients.get('my-app'))!.idTokenSignedResponseAlg).toBe('ES256');
  });

  it("registers a client's idTokenClaims (scopes when not given), refuses an unknown one, and a later file changes it", async () => {
    fx = await openTestGatehouse();
    const g = fx.gatehouse;
    const withClaims = (idTokenClaims?: string) =>
      parseConfig({ clients: [{ ...good.clients[0], ...(idTokenClaims ? { idTokenClaims } : {}) }] }, 'gatehouse.json');
    expect(() => withClaims('everything')).toThrow(ConfigError);
    await applyConfig(g, withClaims());
    expect((await g.clients.get('my-app'))!.idTokenClaims).toBe('scopes');
    await applyConfig(g, withClaims('minimal'));
    expect((await g.clients.get('my-app'))!.idTokenClaims).toBe('minimal');
  });

  it('creates the users and clients, then a second start writes nothing', async () => {
    fx = await openTestGatehouse();
    const g = fx.gatehouse;
    const config = parseConfig(good, 'gatehouse.json');
    await applyConfig(g, config);
    const carol = (await g.store.getUserByUsername('carol'))!;
    expect(carol).toMatchObject({
      roles: ['user', 'auditor'],
      claims: { email: 'carol@example.com' },
      tokenVersion: 0,
    });
    expect(await g.passwords.verify('carol-password-1', carol.passwordHash)).toBe(true);
    const app = (await g.clients.get('my-app'))!;
    expect(app).toMatchObject({ type: 'confidential', name: 'My App', enabled: true });
    expect(app.secretHash).not.toContain('my-app-secret');
    expect(
      await g.clients.authenticate({
        id: 'my-app',
        secret: 'my-app-secret-0123456789abcdefghij',
        method: 'client_secret_basic',
      }),
    ).not.toBeNull();

    const audited = (await g.store.listAudit({ limit: 1000 })).length;
    await applyConfig(g, config);
    expect((await g.store.listAudit({ limit: 1000 })).length).toBe(audited);
    expect((await g.store.getUserByUsername('carol'))!.passwordHash).toBe(carol.passwordHash);
  });

  it('brings changed entries up to date: new password, roles, claims (bumping the version), redirect URIs, secret', async () => {
    fx = await openTestGatehouse();
    const g = fx.gatehouse;
    await applyConfig(g, parseConfig(good, 'gatehouse.json'));
    const changed = structuredClone(good) as { users: Record<string, unknown>[]; clients: Record<string, unknown>[] };
    changed.users[0] = {
      ...changed.users[0]!,
      password: 'carol-password-2',
      roles: ['user'],
      claims: { email: 'c@example.com' },
    };
    changed.clients[0] = {
      ...changed.clients[0]!,
      clientSecret: 'my-app-secret-rotated-0123456789ab',
      redirectUris: ['http://localhost:3001/callback'],
    };
    await applyConfig(g, parseConfig(changed, 'gatehouse.json'));
    const carol = (await g.store.getUserByUsername('carol'))!;
    expect(await g.passwords.verify('carol-password-2', carol.passwordHash)).toBe(true);
    expect(carol).toMatchObject({ roles: ['user'], claims: { email: 'c@example.com' }, tokenVersion: 1 });
    expect((await g.clients.get('my-app'))!.redirectUris).toEqual(['http://localhost:3001/callback']);
    expect(
      await g.clients.authenticate({
        id: 'my-app',
        secret: 'my-app-secret-0123456789abcdefghij',
        method: 'client_secret_basic',
      }),
    ).toBeNull();
  });

  it('stores requirePkce off for a confidential client, and turns it back on when the file drops it', async () => {
    fx = await openTestGatehouse();
    const g = fx.gatehouse;
    const basic = { ...good.clients[0], requirePkce: false };
    await applyConfig(g, parseConfig({ clients: [basic] }, 'gatehouse.json'));
    expect((await g.clients.get('my-app'))!.requirePkce).toBe(false);
    await applyConfig(g, parseConfig({ clients: [good.clients[0]] }, 'gatehouse.json'));
    expect((await g.clients.get('my-app'))!.requirePkce).toBe(true);
  });

  it('refuses, before writing anything, a client that would switch between public and confidential', async () => {
    fx = await openTestGatehouse();
    const g = fx.gatehouse;
    await applyConfig(g, parseConfig(good, 'gatehouse.json'));
    const switched = structuredClone(good) as {
      users: { username: string; password: string }[];
      clients: Record<string, unknown>[];
    };
    switched.users[0]!.password = 'carol-password-9';
    switched.clients[1] = { ...switched.clients[1], clientSecret: 'now-confidential-0123456789abcdef' };
    const before = (await g.store.getUserByUsername('carol'))!.passwordHash;
    await expect(applyConfig(g, parseConfig(switched, 'gatehouse.json'))).rejects.toThrow(
      /clients\[1\]\.tokenEndpointAuthMethod: my-spa is registered as a public client/,
    );
    expect((await g.store.getUserByUsername('carol'))!.passwordHash).toBe(before);
  });
});

describe('applying a config: what only the store and the running server know', () => {
  let fx: GatehouseFixture;
  afterEach(() => fx.close());

  it("refuses, before writing anything, a back-channel logout URI at Gatehouse's own origin", async () => {
    fx = await openTestGatehouse();
    const g = fx.gatehouse;
    g.clients.ownOrigins.add('http://127.0.0.1:8787');
    const config = {
      ...good,
      clients: [good.clients[0], { ...good.clients[1], backchannelLogoutUri: 'http://localhost:8787/oauth/revoke' }],
    };
    await expect(applyConfig(g, parseConfig(config, 'gatehouse.json'))).rejects.toThrow(
      "gatehouse.json: clients[1].backchannelLogoutUri: http://localhost:8787/oauth/revoke is Gatehouse itself (http://127.0.0.1:8787): a back-channel logout URI is the app's own endpoint",
    );
    expect(await g.store.getUserByUsername('carol')).toBeNull();
    expect(await g.store.listClients()).toEqual([]);
  });

  it("refuses, before writing anything, a new client whose id is a user's and a new user named like a client", async () => {
    fx = await openTestGatehouse();
    const g = fx.gatehouse;
    await addUser(g, 'my-app');
    await expect(applyConfig(g, parseConfig(good, 'gatehouse.json'))).rejects.toThrow(
      "gatehouse.json: clients[0].clientId: my-app is a user's id or username; choose another client id",
    );
    expect(await g.store.getUserByUsername('carol')).toBeNull();
    await g.store.deleteUser((await g.store.getUserByUsername('my-app'))!.id);

    await applyConfig(g, parseConfig({ clients: [good.clients[1]] }, 'gatehouse.json'));
    await expect(
      applyConfig(g, parseConfig({ users: [{ username: 'my-spa', password: 'long-enough-1' }] }, 'gatehouse.json')),
    ).rejects.toThrow("gatehouse.json: users[0].username: my-spa is a client's id; choose another username");
    expect(await g.store.getUserByUsername('my-spa')).toBeNull();
  });
});

describe('npm run serve -- --config FILE', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  const temp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-config-'));
    dirs.push(dir);
    return dir;
  };

  it('a bad file stops the start with one line naming the field, exit 2, and the data folder untouched', async () => {
    const dir = temp();
    const file = path.join(dir, 'gatehouse.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        clients: [{ clientId: 'x', redirectUris: ['http://evil.example/cb'], grantTypes: ['authorization_code'] }],
      }),
    );
    const data = path.join(dir, 'data');
    const child = spawn(
      process.execPath,
      [...TSX, 'src/main/serve.ts', '--data-dir', data, '--port', '0', '--console-port', '0', '--config', file],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(2);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(out).toMatch(
      /^gatehouse: --config .*gatehouse\.json: clients\[0\]\.redirectUris: http:\/\/evil\.example\/cb: http is allowed only on localhost/,
    );
    expect(fs.existsSync(data)).toBe(false);
  });

  it('a good file seeds a user and a client the running server signs in and authenticates', async () => {
    const dir = temp();
    const file = path.join(dir, 'gatehouse.json');
    fs.writeFileSync(file, JSON.stringify(good));
    const server = await startServe({ args: ['--config', file] });
    try {
      expect(server.output()).toMatch(/config: .*gatehouse\.json \(1 user\(s\), 2 client\(s\)\)/);
      const login = await fetch(`${server.authUrl}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'carol', password: 'carol-password-1' }),
      });
      expect(login.status).toBe(200);
      const introspect = await fetch(`${server.authUrl}/oauth/introspect`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from('my-app:my-app-secret-0123456789abcdefghij').toString('base64')}`,
        },
        body: 'token=x',
      });
      expect(introspect.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('"demoUsers": false: the demo users are not created, and the start says so instead of a password', async () => {
    const dir = temp();
    const file = path.join(dir, 'gatehouse.json');
    fs.writeFileSync(file, JSON.stringify({ ...good, demoUsers: false }));
    const server = await startServe({ args: ['--config', file] });
    try {
      // the demo users line follows the ready lines startServe waits for
      for (let i = 0; i < 200 && !server.output().includes('demo users:'); i++)
        await new Promise((resolve) => setTimeout(resolve, 10));
      const lines = server.output().split('\n');
      expect(lines).toContain(`demo users: none (${file}: "demoUsers": false)`);
      expect(lines.filter((l) => l.startsWith('demo users:'))).toHaveLength(1);
      const login = (username: string, password: string) =>
        fetch(`${server.authUrl}/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
      expect((await login('alice', server.demoPassword)).status).toBe(401);
      expect((await login('carol', 'carol-password-1')).status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

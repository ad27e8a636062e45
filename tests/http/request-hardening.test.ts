import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_PASSWORD, startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { getMe, login, postJson, rawRequest, type ErrorBody } from '../support/http-client';

let fx: ServerFixture;
let g: Gatehouse;

beforeAll(async () => {
  fx = await startTestServer();
  g = fx.gatehouse;
});
afterAll(() => fx.close());

async function expectError(res: Response, status: number, error: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(((await res.json()) as ErrorBody).error).toBe(error);
}

describe('request bodies', () => {
  it('refuses a JSON body over 64 KiB with 413', async () => {
    const body = JSON.stringify({ username: 'alice', password: 'x', filler: 'x'.repeat(65 * 1024) });
    await expectError(await postJson(`${fx.url}/auth/login`, body), 413, 'invalid_request');
  });

  it('refuses a form body over 64 KiB with 413', async () => {
    const res = await fetch(`${fx.url}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${'x'.repeat(65 * 1024)}`,
    });
    await expectError(res, 413, 'invalid_request');
  });

  it.each([
    { name: 'username as a number', path: '/auth/login', body: { username: 123, password: 'x' } },
    { name: 'password as an object', path: '/auth/login', body: { username: 'alice', password: { $ne: '' } } },
    { name: 'password as an array', path: '/auth/login', body: { username: 'alice', password: [DEMO_PASSWORD] } },
    { name: 'username missing', path: '/auth/login', body: { password: DEMO_PASSWORD } },
    { name: 'body an array', path: '/auth/login', body: [] },
    { name: 'empty username', path: '/auth/login', body: { username: '', password: 'x' } },
    { name: 'refresh_token as a number', path: '/auth/refresh', body: { refresh_token: 42 } },
    { name: 'refresh_token as an array', path: '/auth/refresh', body: { refresh_token: ['a'] } },
    { name: 'refresh body a string', path: '/auth/refresh', body: '"abc"' },
  ])('$name → 400 invalid_request', async ({ path, body }) => {
    await expectError(await postJson(`${fx.url}${path}`, body), 400, 'invalid_request');
  });

  it('ignores unknown fields', async () => {
    const res = await postJson(`${fx.url}/auth/login`, {
      username: 'bob',
      password: DEMO_PASSWORD,
      remember: true,
      __proto__: { admin: true },
    });
    expect(res.status).toBe(200);
  });

  it.each(['{', '{"username":"alice",}', "{'username':'alice'}", 'null null'])(
    'malformed JSON %j → 400',
    async (body) => {
      await expectError(await postJson(`${fx.url}/auth/login`, body), 400, 'invalid_request');
    },
  );

  it('refuses an unsupported content type with 415', async () => {
    const res = await fetch(`${fx.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<username>alice</username>',
    });
    await expectError(res, 415, 'invalid_request');
  });
});

describe('Host header (DNS rebinding)', () => {
  it.each(['evil.example', 'evil.example:80', '127.0.0.1', 'localhost.evil.example'])('Host %j → 421', async (host) => {
    const res = await rawRequest(fx.url, { path: '/api/health', headers: { host } });
    expect(res.status).toBe(421);
    expect(JSON.parse(res.body)).toMatchObject({ error: 'invalid_request' });
  });

  it('421 also guards the token endpoints before any work is done', async () => {
    const body = JSON.stringify({ username: 'alice', password: DEMO_PASSWORD });
    const newestId = async () => (await g.store.listAudit({ limit: 1 }))[0]?.id;
    const before = await newestId();
    const res = await rawRequest(fx.url, {
      path: '/auth/login',
      method: 'POST',
      headers: { host: 'attacker.example', 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(421);
    expect(await newestId()).toBe(before);
  });

  it('accepts the loopback names of its own port', async () => {
    const port = new URL(fx.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      expect((await rawRequest(fx.url, { path: '/api/health', headers: { host } })).status).toBe(200);
    }
  });
});

describe('response headers', () => {
  it('sends no Access-Control-Allow-Origin, even to a cross-origin request or preflight', async () => {
    const origin = { origin: 'https://evil.example' };
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    const responses = [
      await postJson(`${fx.url}/auth/login`, { username: 'alice', password: 'wrong' }, origin),
      await fetch(`${fx.url}/api/me`, { headers: { ...origin, authorization: `Bearer ${pair.access_token}` } }),
      await fetch(`${fx.url}/.well-known/jwks.json`, { headers: origin }),
      await fetch(`${fx.url}/auth/refresh`, {
        method: 'OPTIONS',
        headers: { ...origin, 'access-control-request-method': 'POST' },
      }),
    ];
    for (const res of responses) {
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('marks token responses and protected-resource responses no-store', async () => {
    const login1 = await postJson(`${fx.url}/auth/login`, { username: 'bob', password: DEMO_PASSWORD });
    expect(login1.headers.get('cache-control')).toBe('no-store');
    const pair = (await login1.json()) as { access_token: string };
    expect((await getMe(fx.url, pair.access_token)).headers.get('cache-control')).toBe('no-store');
    expect((await getMe(fx.url, 'x.y.z')).headers.get('cache-control')).toBe('no-store');
  });

  it('answers unknown paths with the JSON error shape', async () => {
    await expectError(await fetch(`${fx.url}/admin/api/sessions.list`), 404, 'not_found');
  });
});

describe('SQL-looking usernames', () => {
  it('are refused with the generic 401, and nothing is lost', async () => {
    const usersBefore = await g.store.listUsers();
    const hostile = [
      "' OR 1=1 --",
      "alice' --",
      "alice'/*",
      '"; DROP TABLE users; --',
      'alice%',
      "' UNION SELECT password_hash FROM users --",
    ];
    for (const username of hostile) {
      const res = await postJson(`${fx.url}/auth/login`, { username, password: "' OR '1'='1" });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        error: 'invalid_grant',
        error_description: 'invalid username or password',
      });
    }
    const usersAfter = await g.store.listUsers();
    expect(usersAfter.map((u) => u.id).sort()).toEqual(usersBefore.map((u) => u.id).sort());
    await login(fx.url, 'alice', DEMO_PASSWORD);
    await login(fx.url, 'bob', DEMO_PASSWORD);
  });
});

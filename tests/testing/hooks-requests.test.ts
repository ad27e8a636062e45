/** gh.requests: what the apps sent to each endpoint, oldest first, not drained, secrets redacted; only with the power. */
import fs from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ArmedTestHooks, createTestHooks, RECORDED_REQUESTS_KEPT } from '../../src/main/http/test-hooks';
import { composeInstance } from '../../src/main/runtime/compose';
import { makeTempDir } from '../support/gatehouse-fixture';
import { CAROL, redeem, SECRET, signIn, startHooksInstance, type HooksFixture } from './hooks-fixture';

let fx: HooksFixture;
beforeAll(async () => {
  fx = await startHooksInstance();
});
afterAll(() => fx.close());
beforeEach(() => fx.hooks.clear());

describe('requests()', () => {
  it('records each endpoint request with its endpoint name, oldest first, without draining', async () => {
    const config = await fx.config();
    const { callback, verifier } = await signIn(fx, config);
    await redeem(fx, callback, verifier);
    const endpoints = fx.hooks.requests().map((r) => r.endpoint);
    // the login form's POST is no endpoint of the list: recorded are the app's own requests
    expect(endpoints).toEqual(['discovery', 'authorize', 'token']);
    expect(fx.hooks.requests().map((r) => r.endpoint)).toEqual(endpoints);
    const [token] = fx.hooks.requests({ endpoint: 'token' });
    expect(token).toMatchObject({ method: 'POST', path: '/oauth/token' });
    expect(token!.at).toBeGreaterThan(0);
    const [authorize] = fx.hooks.requests({ endpoint: 'authorize' });
    expect(authorize!.query).toMatchObject({
      client_id: 'web-app',
      response_type: 'code',
      scope: 'openid profile offline_access',
    });
  });

  it("redacts every credential: client_secret, code, code_verifier, refresh_token, token, Basic and Bearer credentials (also a proxy's), cookies", async () => {
    const config = await fx.config();
    const { callback, verifier } = await signIn(fx, config);
    const tokens = (await (await redeem(fx, callback, verifier)).json()) as {
      access_token: string;
      refresh_token: string;
    };
    const basic = `Basic ${Buffer.from(`web-app:${SECRET}`).toString('base64')}`;
    const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(body),
    });
    await fetch(
      `${fx.url}/oauth/token`,
      form({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }, { authorization: basic }),
    );
    await fetch(
      `${fx.url}/oauth/revoke`,
      form({ token: tokens.access_token, client_id: 'web-app', client_secret: SECRET }),
    );
    await fetch(`${fx.url}/oauth/userinfo`, {
      headers: {
        authorization: `Bearer ${tokens.access_token}`,
        'proxy-authorization': 'Basic cHJveHk6czNjcmV0',
        cookie: 'gh_session=s3cret',
      },
    });

    const recorded = JSON.stringify(fx.hooks.requests());
    for (const secret of [
      SECRET,
      verifier,
      callback.searchParams.get('code')!,
      tokens.refresh_token,
      tokens.access_token,
      's3cret',
      'cHJveHk6czNjcmV0',
      CAROL.password,
    ])
      expect(recorded).not.toContain(secret);
    const [redeemed, refreshed] = fx.hooks.requests({ endpoint: 'token' });
    expect(redeemed!.body).toMatchObject({
      grant_type: 'authorization_code',
      code: '[redacted]',
      code_verifier: '[redacted]',
      client_secret: '[redacted]',
      client_id: 'web-app',
    });
    expect(refreshed!.body).toEqual({ grant_type: 'refresh_token', refresh_token: '[redacted]' });
    expect(refreshed!.headers.authorization).toBe('Basic');
    expect(fx.hooks.requests({ endpoint: 'revocation' })[0]!.body).toMatchObject({
      token: '[redacted]',
      client_id: 'web-app',
    });
    const [userinfo] = fx.hooks.requests({ endpoint: 'userinfo' });
    expect(userinfo!.headers).toMatchObject({
      authorization: 'Bearer',
      'proxy-authorization': 'Basic',
      cookie: '[redacted]',
    });
  });

  it('gives copies: a test that edits what it read changes nothing recorded', async () => {
    await fetch(`${fx.url}/.well-known/jwks.json`);
    fx.hooks.requests()[0]!.path = '/changed';
    expect(fx.hooks.requests()[0]!.path).toBe('/.well-known/jwks.json');
  });

  it('keeps the newest RECORDED_REQUESTS_KEPT requests, oldest first, whatever number came', () => {
    const hooks = new ArmedTestHooks();
    const total = 2 * RECORDED_REQUESTS_KEPT + 500;
    for (let i = 0; i < total; i++)
      hooks.record({
        endpoint: i % 2 ? 'token' : 'userinfo',
        method: 'POST',
        path: `/r/${i}`,
        at: i,
        query: {},
        body: {},
        headers: {},
      });
    const kept = hooks.requests();
    expect(kept).toHaveLength(RECORDED_REQUESTS_KEPT);
    expect(kept[0]!.at).toBe(total - RECORDED_REQUESTS_KEPT);
    expect(kept.at(-1)!.at).toBe(total - 1);
    expect(hooks.requests({ endpoint: 'token' })).toHaveLength(RECORDED_REQUESTS_KEPT / 2);
  });

  it('forgets everything on clear()', async () => {
    await fetch(`${fx.url}/.well-known/jwks.json`);
    expect(fx.hooks.requests()).toHaveLength(1);
    fx.hooks.clear();
    expect(fx.hooks.requests()).toEqual([]);
  });
});

describe("the admin API's instance info", () => {
  it('says testHooks for an instance composed with them, so the console shows its banner', async () => {
    expect(await fx.instance.admin.handle('system.info', {})).toMatchObject({ ok: true, value: { testHooks: true } });
  });
});

describe('an instance composed without the power', () => {
  it('answers normally and records nothing, whatever its hooks object was armed with', async () => {
    const plain = await startHooksInstance({ granted: false });
    try {
      plain.hooks.next.token({ status: 503 });
      plain.hooks.next.userinfo({ status: 500 });
      plain.hooks.next.authorize({ error: 'access_denied' });
      plain.hooks.next.idToken({ defect: 'signature' });
      const config = await plain.config();
      const { callback, verifier } = await signIn(plain, config);
      expect(callback.searchParams.get('code')).toBeTruthy();
      const answer = await redeem(plain, callback, verifier);
      expect(answer.status).toBe(200);
      const { id_token } = (await answer.json()) as { id_token: string };
      expect(id_token.split('.')).toHaveLength(3);
      expect(plain.hooks.requests()).toEqual([]);
      expect(await plain.instance.admin.handle('system.info', {})).toMatchObject({ value: { testHooks: false } });
    } finally {
      await plain.close();
    }
  });

  it('has no server option that installs hooks: only grantTestPowers does', async () => {
    const hooks = createTestHooks();
    hooks.next.token({ status: 503 });
    const dataDir = makeTempDir();
    const instance = await composeInstance({
      dataDir,
      env: {},
      // a caller smuggling the auth server's option past the types
      server: { host: '127.0.0.1', port: 0, testHooks: hooks } as never,
      admin: { mode: 'headless', version: 'test' },
    });
    try {
      expect((await fetch(`${instance.auth.url}/oauth/token`, { method: 'POST' })).status).toBe(401);
      expect(hooks.requests()).toEqual([]);
    } finally {
      await instance.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

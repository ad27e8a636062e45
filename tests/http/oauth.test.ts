import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEMO_CLIENT_ID } from '../../src/main/runtime/open-gatehouse';
import { CLIENT_SECRET, DEMO_PASSWORD, startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { basicAuth, getMe, login, postForm, refresh, rejection, type ErrorBody } from '../support/http-client';

let fx: ServerFixture;
let g: Gatehouse;
const client = { authorization: basicAuth(DEMO_CLIENT_ID, CLIENT_SECRET) };

beforeAll(async () => {
  fx = await startTestServer();
  g = fx.gatehouse;
});
afterAll(() => fx.close());

const introspect = (token: string, headers: Record<string, string> = client) =>
  postForm(`${fx.url}/oauth/introspect`, { token }, headers);
const revoke = (token: string, hint?: string, headers: Record<string, string> = client) =>
  postForm(`${fx.url}/oauth/revoke`, hint ? { token, token_type_hint: hint } : { token }, headers);

describe('client authentication on /oauth/*', () => {
  it.each<{ name: string; headers: Record<string, string> }>([
    { name: 'wrong secret', headers: { authorization: basicAuth(DEMO_CLIENT_ID, 'wrong') } },
    { name: 'unknown client', headers: { authorization: basicAuth('other-client', CLIENT_SECRET) } },
    { name: 'no credentials', headers: {} },
    { name: 'Bearer instead of Basic', headers: { authorization: `Bearer ${CLIENT_SECRET}` } },
    {
      name: 'no colon',
      headers: { authorization: `Basic ${Buffer.from(DEMO_CLIENT_ID + CLIENT_SECRET).toString('base64')}` },
    },
    { name: 'empty secret', headers: { authorization: basicAuth(DEMO_CLIENT_ID, '') } },
  ])('$name → 401 invalid_client with a Basic challenge', async ({ headers }) => {
    for (const path of ['/oauth/introspect', '/oauth/revoke']) {
      const res = await postForm(`${fx.url}${path}`, { token: 'x' }, headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
      expect(((await res.json()) as ErrorBody).error).toBe('invalid_client');
    }
  });
});

describe('POST /oauth/introspect', () => {
  it('describes an active access token, then reports it inactive once its session is revoked', async () => {
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    const res = await introspect(pair.access_token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const alice = await g.store.getUserByUsername('alice');
    expect(await res.json()).toMatchObject({
      active: true,
      token_type: 'Bearer',
      sub: alice!.id,
      sid: pair.session_id,
      iss: fx.url,
      aud: 'demo-resource',
    });
    await g.sessions.revokeSession(pair.session_id, 'test', 'admin');
    expect(await (await introspect(pair.access_token)).json()).toEqual({ active: false });
  });

  it('describes a refresh token, and reports it inactive once rotated', async () => {
    const pair = await login(fx.url, 'bob', DEMO_PASSWORD);
    const body = (await (await introspect(pair.refresh_token)).json()) as Record<string, unknown>;
    expect(body).toMatchObject({ active: true, token_type: 'refresh_token', sid: pair.session_id });
    expect(await g.store.getRefreshToken(pair.refresh_token.split('.')[0]!)).toMatchObject({ status: 'active' });
    expect((await refresh(fx.url, pair.refresh_token)).status).toBe(200);
    expect(await (await introspect(pair.refresh_token)).json()).toEqual({ active: false });
  });

  it('answers {active:false} for garbage, a refresh id with the wrong secret, and a hostile token', async () => {
    const pair = await login(fx.url, 'bob', DEMO_PASSWORD);
    const wrongSecret = `${pair.refresh_token.split('.')[0]}.${'A'.repeat(43)}`;
    for (const token of ['garbage', wrongSecret, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'])
      expect(await (await introspect(token)).json()).toEqual({ active: false });
  });

  it('rejects a missing token field with 400', async () => {
    const res = await postForm(`${fx.url}/oauth/introspect`, {}, client);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toBe('invalid_request');
  });
});

describe('POST /oauth/revoke (RFC 7009)', () => {
  it('answers 200 for an unknown token', async () => {
    for (const token of ['unknown', `${'A'.repeat(22)}.${'B'.repeat(43)}`]) {
      const res = await revoke(token, 'refresh_token');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('revoking an access token denylists it on the next request; the session survives', async () => {
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    expect((await getMe(fx.url, pair.access_token)).status).toBe(200);
    expect((await revoke(pair.access_token, 'access_token')).status).toBe(200);
    expect(await rejection(await getMe(fx.url, pair.access_token))).toMatchObject({
      status: 401,
      reason: 'jti_revoked',
    });
    expect((await refresh(fx.url, pair.refresh_token)).status).toBe(200);
  });

  it('revoking a refresh token revokes its session (and the access tokens of that grant)', async () => {
    const pair = await login(fx.url, 'alice', DEMO_PASSWORD);
    expect((await getMe(fx.url, pair.access_token)).status).toBe(200);
    // the hint is only an optimisation: a wrong hint must not stop the revocation
    expect((await revoke(pair.refresh_token, 'access_token')).status).toBe(200);
    expect(await rejection(await getMe(fx.url, pair.access_token))).toMatchObject({
      status: 401,
      reason: 'session_revoked',
    });
    expect((await refresh(fx.url, pair.refresh_token)).status).toBe(401);
    expect((await g.store.getSession(pair.session_id))?.status).toBe('revoked');
    // revoking again is still 200
    expect((await revoke(pair.refresh_token)).status).toBe(200);
  });

  it('a refresh token with a correct id but a wrong secret revokes nothing', async () => {
    const pair = await login(fx.url, 'bob', DEMO_PASSWORD);
    expect((await revoke(`${pair.refresh_token.split('.')[0]}.${'A'.repeat(43)}`)).status).toBe(200);
    expect((await getMe(fx.url, pair.access_token)).status).toBe(200);
    expect((await g.store.getSession(pair.session_id))?.status).toBe('active');
  });

  it('refuses GET with 405', async () => {
    const res = await fetch(`${fx.url}/oauth/revoke`);
    expect(res.status).toBe(405);
  });
});

/** gh.next.token / userinfo / authorize / delay: one-shot faults, first in first out, consumed by the first matching request. */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CAROL, REDIRECT, redeem, signIn, startHooksInstance, type HooksFixture } from './hooks-fixture';

let fx: HooksFixture;
let config: oidc.Configuration;
beforeAll(async () => {
  fx = await startHooksInstance();
  config = await fx.config();
});
afterAll(() => fx.close());
beforeEach(() => fx.hooks.clear());

const userinfo = (accessToken: string) =>
  fetch(`${fx.url}/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });

describe('next.token', () => {
  it('answers the armed OAuth error once, before the grant runs: the same code is then redeemed', async () => {
    const { callback, verifier } = await signIn(fx, config);
    fx.hooks.next.token({ error: 'invalid_grant', error_description: 'armed' });
    const refused = await redeem(fx, callback, verifier);
    expect(refused.status).toBe(400);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    expect(await refused.json()).toEqual({ error: 'invalid_grant', error_description: 'armed' });
    const redeemed = await redeem(fx, callback, verifier);
    expect(redeemed.status).toBe(200);
    expect(await redeemed.json()).toHaveProperty('id_token');
  });

  it('answers an HTTP fault as a plain failure with Retry-After, and invalid_client with 401', async () => {
    fx.hooks.next.token({ status: 503, retryAfter: 1 });
    fx.hooks.next.token({ error: 'invalid_client' });
    const first = await fetch(`${fx.url}/oauth/token`, { method: 'POST' });
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await first.text()).toBe('Service Unavailable');
    const second = await fetch(`${fx.url}/oauth/token`, { method: 'POST' });
    expect(second.status).toBe(401);
    expect(await second.json()).toEqual({ error: 'invalid_client' });
    // both consumed: the endpoint is itself again (no client → its own refusal, which describes itself)
    const third = await fetch(`${fx.url}/oauth/token`, { method: 'POST' });
    expect(await third.json()).toMatchObject({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('reaches the app through openid-client as the error it would get from a real refusal', async () => {
    const { callback, verifier, state, nonce } = await signIn(fx, config);
    fx.hooks.next.token({ error: 'invalid_grant' });
    const grant = () =>
      oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedState: state,
        expectedNonce: nonce,
      });
    await expect(grant()).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});

describe('next.userinfo', () => {
  it('answers an OAuth bearer error with its RFC 6750 status and WWW-Authenticate, then UserInfo answers again', async () => {
    const { callback, verifier } = await signIn(fx, config);
    const tokens = (await (await redeem(fx, callback, verifier)).json()) as { access_token: string };
    fx.hooks.next.userinfo({ error: 'invalid_token', error_description: 'armed' });
    const refused = await userinfo(tokens.access_token);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="armed"');
    const answered = await userinfo(tokens.access_token);
    expect(answered.status).toBe(200);
    expect(await answered.json()).toMatchObject({ preferred_username: CAROL.username });
  });

  it('answers an HTTP fault with the status asked for', async () => {
    fx.hooks.next.userinfo({ status: 500 });
    expect((await userinfo('anything')).status).toBe(500);
    expect((await userinfo('anything')).status).toBe(401);
  });
});

describe('next.authorize', () => {
  it('sends the error back to the checked redirect URI with state and iss, without a sign-in', async () => {
    fx.hooks.next.authorize({ error: 'access_denied', error_description: 'the user said no' });
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: 'the-state',
    });
    const page = await fx.browser().navigate(url.href);
    expect(page.status).toBe(303);
    const to = new URL(page.headers.get('location')!);
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT);
    expect(Object.fromEntries(to.searchParams)).toEqual({
      error: 'access_denied',
      error_description: 'the user said no',
      state: 'the-state',
      iss: fx.url,
    });
    // consumed: the next request shows the login form
    expect((await fx.browser().navigate(url.href)).status).toBe(200);
  });

  it('never redirects to a redirect URI the client did not register: the error page stays, the fault stays armed', async () => {
    fx.hooks.next.authorize({ error: 'access_denied' });
    const url = new URL(`${fx.url}/authorize`);
    url.search = new URLSearchParams({ client_id: 'web-app', redirect_uri: 'https://evil.example/cb' }).toString();
    const page = await fx.browser().navigate(url.href);
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
    const { callback } = await signIn(fx, config);
    expect(callback.searchParams.get('error')).toBe('access_denied');
  });
});

describe('FIFO and clear', () => {
  it('consumes armed faults in the order they were armed, and clear() disarms the rest', async () => {
    fx.hooks.next.token({ error: 'invalid_request' });
    fx.hooks.next.token({ error: 'invalid_scope' });
    fx.hooks.next.token({ error: 'unauthorized_client' });
    const errorOf = async () =>
      ((await (await fetch(`${fx.url}/oauth/token`, { method: 'POST' })).json()) as { error: string }).error;
    expect(await errorOf()).toBe('invalid_request');
    expect(await errorOf()).toBe('invalid_scope');
    fx.hooks.clear();
    expect(await errorOf()).toBe('invalid_client');
  });

  it('refuses a fault that is neither an OAuth error nor a failure status when it is armed', () => {
    expect(() => fx.hooks.next.token({ status: 200 })).toThrow(TypeError);
    expect(() => fx.hooks.next.authorize({ error: '' })).toThrow(TypeError);
    expect(() => fx.hooks.next.delay('token', -1)).toThrow(TypeError);
  });
});

describe('next.delay', () => {
  it('holds the next request to that endpoint only: a later request elsewhere is answered first', async () => {
    fx.hooks.next.delay('jwks', 1500);
    const order: string[] = [];
    const slow = fetch(`${fx.url}/.well-known/jwks.json`).then((r) => (order.push('jwks'), r.status));
    // the delayed request is in the hook before the other one starts
    await new Promise((resolve) => setTimeout(resolve, 100));
    const fast = fetch(`${fx.url}/.well-known/openid-configuration`).then((r) => (order.push('discovery'), r.status));
    expect(await Promise.all([slow, fast])).toEqual([200, 200]);
    expect(order).toEqual(['discovery', 'jwks']);
  });
});

/**
 * The code flow in every response mode Gatehouse offers, as openid-client completes it: the
 * callback read from the fragment, or from the form the browser posts (Form Post Response Mode).
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import type { Page } from '../support/oidc-browser';
import { authorizationRequest, REDIRECT, startOidcServer, type OidcFixture } from '../support/oidc-fixture';

let fx: OidcFixture;
const alice = { username: 'alice', password: DEMO_PASSWORD };

beforeAll(async () => {
  fx = await startOidcServer();
});
afterAll(() => fx.close());

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));

/** What a browser posts when a form_post page loads: its form's action and hidden fields. */
function postedForm(page: Page): { action: string; body: URLSearchParams } {
  const action = /<form method="post" action="([^"]*)">/.exec(page.html)?.[1];
  if (page.status !== 200 || action === undefined)
    throw new Error(`expected a form_post page, got ${page.status}: ${page.html.slice(0, 300)}`);
  const body = new URLSearchParams();
  for (const m of page.html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g))
    body.append(unescape(m[1]!), unescape(m[2]!));
  return { action: unescape(action), body };
}

/** The POST the browser makes to the client's callback, as the app's server receives it. */
const callbackRequest = ({ action, body }: { action: string; body: URLSearchParams }) =>
  new Request(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });

describe('response_mode=form_post', () => {
  it('openid-client completes the code flow from the posted form', async () => {
    const config = await fx.configFor('web');
    const req = await authorizationRequest(config, REDIRECT, 'openid', { response_mode: 'form_post' });
    const browser = fx.browser();
    const page = await browser.login(await browser.navigate(String(req.url)), alice.username, alice.password);
    expect(page.headers.get('cache-control')).toBe('no-store');
    const form = postedForm(page);
    expect(form.action).toBe(REDIRECT);
    expect([...form.body.keys()]).toEqual(['code', 'state', 'iss']);
    const tokens = await oidc.authorizationCodeGrant(config, callbackRequest(form), {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()?.nonce).toBe(req.nonce);

    // single sign-on answers by the same mode, with no login page
    const again = await authorizationRequest(config, REDIRECT, 'openid', { response_mode: 'form_post' });
    const sso = postedForm(await browser.navigate(String(again.url)));
    expect(sso.body.get('state')).toBe(again.state);
    expect(sso.body.get('code')).toBeTruthy();
  });

  it('an error after the redirect URI is trusted goes back by form_post too', async () => {
    const config = await fx.configFor('web');
    const req = await authorizationRequest(config, REDIRECT, 'openid', { response_mode: 'form_post', prompt: 'none' });
    const form = postedForm(await fx.browser().navigate(String(req.url)));
    expect(form.body.get('error')).toBe('login_required');
    expect(form.body.get('state')).toBe(req.state);
    expect(form.body.get('iss')).toBe(fx.url);
  });
});

describe('response_mode=fragment', () => {
  it('the code comes back in the fragment, and the app redeems it', async () => {
    const config = await fx.configFor('web');
    const req = await authorizationRequest(config, REDIRECT, 'openid', { response_mode: 'fragment' });
    const callback = await fx.browser().authorize(req.url, alice);
    expect(callback.search).toBe('');
    const fragment = new URLSearchParams(callback.hash.slice(1));
    expect(fragment.get('state')).toBe(req.state);
    expect(fragment.get('iss')).toBe(fx.url);
    // an SPA's library reads the fragment; openid-client takes the same parameters from the query
    const tokens = await oidc.authorizationCodeGrant(config, new URL(`${REDIRECT}?${fragment}`), {
      pkceCodeVerifier: req.verifier,
      expectedState: req.state,
      expectedNonce: req.nonce,
    });
    expect(tokens.access_token).toBeTruthy();
  });

  it('an unknown response_mode is invalid_request, sent back in the query', async () => {
    const config = await fx.configFor('web');
    const req = await authorizationRequest(config, REDIRECT, 'openid', { response_mode: 'web_message' });
    const callback = await fx.browser().authorize(req.url);
    expect(callback.searchParams.get('error')).toBe('invalid_request');
    expect(callback.searchParams.get('error_description')).toContain('form_post');
  });
});

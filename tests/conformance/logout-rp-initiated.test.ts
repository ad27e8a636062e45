/**
 * The RP-Initiated Logout OP plan (`oidcc-rp-initiated-logout-certification-test-plan`), its ten
 * flow modules (discovery, client_secret_basic, default response mode), each as its class sends
 * and checks. Where a module's `createLogoutPlaceholder` asks the tester for a screenshot, the test
 * asserts the page it would show; a module that fails when the OP calls the post-logout redirect
 * URI asserts the suite's server never received that request.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_TOKEN_LENGTH } from '../../src/shared/jwt-format';
import { checkCustomClaims, MAX_CLAIMS_BYTES, MAX_ID_TOKEN_LENGTH } from '../../src/shared/user-claims';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { TestBrowser, type Page } from '../support/oidc-browser';
import {
  authorize,
  END_SESSION_STATE,
  endSessionUrl,
  expectLoggedOut,
  expectPageNotRedirect,
  fakeIdToken,
  startLogoutPlan,
  withAlgNone,
  type LogoutPlan,
} from './logout-support';
import { SuiteBrowser } from './logout-suite-server';

let plan: LogoutPlan;

beforeAll(async () => {
  plan = await startLogoutPlan({ backchannel: false });
});
afterAll(async () => {
  await plan.close();
});
beforeEach(() => {
  plan.suite.received.length = 0;
});
afterEach(async () => {
  // the plan's client has no back-channel URI: nothing Gatehouse sends later may reach the suite
  // either, since any request to a path a module does not handle fails it
  await plan.fx.gatehouse.logout.settle();
  expect(plan.suite.unexpected()).toEqual([]);
});

/** `CreateEndSessionEndpointRequest`: id_token_hint, post_logout_redirect_uri and state. */
const fullRequest = (idToken: string) => ({
  id_token_hint: idToken,
  post_logout_redirect_uri: plan.postLogoutRedirectUri,
  state: END_SESSION_STATE,
});

/** What every module but the two that expect it asserts: the post-logout redirect URI was never called. */
function expectNoPostLogoutRedirect() {
  expect(plan.suite.to('post_logout_redirect')).toEqual([]);
  expect(plan.suite.to('bad_post_logout_redirect_uri')).toEqual([]);
}

/** The sid of the id_token names a session that ended (and the user is logged out for prompt=none). */
async function expectSessionEnded(browser: SuiteBrowser, sid: string | undefined) {
  expect((await plan.fx.gatehouse.store.getSession(sid!))!.status).toBe('revoked');
  await expectLoggedOut(plan, browser);
}

/** The confirmation Gatehouse shows a logout without id_token_hint; the tester's click ends the session. */
async function confirm(browser: SuiteBrowser, page: Page): Promise<Page> {
  expect(page.status).toBe(200);
  expect(page.html).toContain('<h1>Sign out');
  return browser.visit(`${plan.fx.url}/logout/confirm`, { ...TestBrowser.formOf(page) });
}

describe('oidcc-rp-initiated-logout-certification-test-plan', () => {
  it('oidcc-rp-initiated-logout: redirects to the post_logout_redirect_uri with exactly the state sent, and prompt=none then answers login_required', async () => {
    const { browser, idToken, claims } = await authorize(plan);
    const page = await browser.visit(endSessionUrl(plan, fullRequest(idToken)));
    expect(page.status).toBe(303);
    const [redirect, ...more] = plan.suite.to('post_logout_redirect');
    expect(more).toEqual([]);
    // CheckPostLogoutState, CheckForUnexpectedParametersInPostLogoutRedirect
    expect(redirect!.query).toEqual({ state: END_SESSION_STATE });
    await expectSessionEnded(browser, claims.sid);
  });

  it('oidcc-rp-initiated-logout: with a tester whose custom claims make the id_token longer than 2048 characters, the id_token_hint is still taken', async () => {
    // a user's custom claims are in every id_token: the hint is as long as they make it (up to the verifier's limit)
    const groups = Array.from({ length: 200 }, (_, i) => `engineering-${String(i).padStart(4, '0')}`);
    await plan.fx.gatehouse.users.createUser('carol', DEMO_PASSWORD, ['user'], 'test', { groups });
    const { browser, idToken, claims } = await authorize(plan, { username: 'carol' });
    expect(idToken.length).toBeGreaterThan(4096);
    expect(idToken.length).toBeLessThanOrEqual(MAX_TOKEN_LENGTH);
    const page = await browser.visit(endSessionUrl(plan, fullRequest(idToken)));
    expect(page.status).toBe(303);
    expect(plan.suite.to('post_logout_redirect')[0]!.query).toEqual({ state: END_SESSION_STATE });
    await expectSessionEnded(browser, claims.sid);
  });

  it('a tester with the most custom claims a user may have: the id_token is longer than the verifier limit of 8192 and its hint is still taken, POSTed to the end-session endpoint', async () => {
    // the largest claims object checkCustomClaims allows
    const claimsOfMaxSize = { notes: 'n'.repeat(MAX_CLAIMS_BYTES - '{"notes":""}'.length) };
    expect(checkCustomClaims(claimsOfMaxSize)).toBeNull();
    await plan.fx.gatehouse.users.createUser('dora', DEMO_PASSWORD, ['user'], 'test', claimsOfMaxSize);
    const { browser, idToken, claims } = await authorize(plan, { username: 'dora' });
    expect(idToken.length).toBeGreaterThan(MAX_TOKEN_LENGTH);
    expect(idToken.length).toBeLessThanOrEqual(MAX_ID_TOKEN_LENGTH);
    const page = await browser.visit(String(plan.server.end_session_endpoint), fullRequest(idToken));
    expect(page.status).toBe(303);
    expect(plan.suite.to('post_logout_redirect')[0]!.query).toEqual({ state: END_SESSION_STATE });
    await expectSessionEnded(browser, claims.sid);
  });

  it('oidcc-rp-initiated-logout-no-state: redirects to the post_logout_redirect_uri with no parameter at all', async () => {
    const { browser, idToken, claims } = await authorize(plan);
    const { state: _, ...request } = fullRequest(idToken);
    await browser.visit(endSessionUrl(plan, request));
    const [redirect] = plan.suite.to('post_logout_redirect');
    // CheckNoPostLogoutState, CheckForUnexpectedParametersInPostLogoutRedirect
    expect(redirect!.query).toEqual({});
    await expectSessionEnded(browser, claims.sid);
  });

  it('oidcc-rp-initiated-logout-no-post-logout-redirect-uri: logs the user out and shows the signed-out page, no redirect', async () => {
    const { browser, idToken, claims } = await authorize(plan);
    const page = await browser.visit(endSessionUrl(plan, { id_token_hint: idToken, state: END_SESSION_STATE }));
    expectPageNotRedirect(page);
    expect(page.status).toBe(200);
    expect(page.html).toContain('You are signed out');
    expectNoPostLogoutRedirect();
    await expectSessionEnded(browser, claims.sid);
  });

  it('oidcc-rp-initiated-logout-no-params: asks the user to confirm, then logs out and shows the signed-out page, no redirect', async () => {
    const { browser, claims } = await authorize(plan);
    const page = await browser.visit(endSessionUrl(plan, {}));
    expectPageNotRedirect(page);
    const done = await confirm(browser, page);
    expect(done.status).toBe(200);
    expect(done.html).toContain('You are signed out');
    expectNoPostLogoutRedirect();
    await expectSessionEnded(browser, claims.sid);
  });

  it('oidcc-rp-initiated-logout-only-state: asks the user to confirm, then logs out and shows the signed-out page, no redirect', async () => {
    const { browser, claims } = await authorize(plan);
    const page = await browser.visit(endSessionUrl(plan, { state: END_SESSION_STATE }));
    expectPageNotRedirect(page);
    const done = await confirm(browser, page);
    expect(done.html).toContain('You are signed out');
    expectNoPostLogoutRedirect();
    await expectSessionEnded(browser, claims.sid);
  });
});

describe('oidcc-rp-initiated-logout-certification-test-plan: requests the OP must not redirect', () => {
  /** An error page on Gatehouse that says why (ExpectPostLogoutRedirectUriNotRegisteredErrorPage, ExpectInvalidIdTokenHintErrorPage...). */
  async function expectRefused(
    requestFor: (idToken: string) => Record<string, string> | Promise<Record<string, string>>,
    why: RegExp,
  ) {
    const { browser, idToken, claims } = await authorize(plan);
    const page = await browser.visit(endSessionUrl(plan, await requestFor(idToken)));
    expectPageNotRedirect(page);
    expect(page.status).toBe(400);
    expect(page.html).toMatch(why);
    expectNoPostLogoutRedirect();
    // refused: nothing was ended on the strength of it
    expect((await plan.fx.gatehouse.store.getSession(claims.sid!))!.status).toBe('active');
  }

  it('oidcc-rp-initiated-logout-bad-post-logout-redirect-uri: an unregistered post_logout_redirect_uri gets an error page', async () => {
    await expectRefused(
      (idToken) => ({
        ...fullRequest(idToken),
        post_logout_redirect_uri: `${plan.suite.base}/bad_post_logout_redirect_uri`,
      }),
      /is not a post-logout redirect URI registered for/,
    );
  });

  it('oidcc-rp-initiated-logout-query-added-to-post-logout-redirect-uri: the registered URI with ?foo=bar added gets an error page', async () => {
    await expectRefused(
      (idToken) => ({ ...fullRequest(idToken), post_logout_redirect_uri: `${plan.postLogoutRedirectUri}?foo=bar` }),
      /is not a post-logout redirect URI registered for/,
    );
  });

  it('oidcc-rp-initiated-logout-modified-id-token-hint: an id_token_hint changed to alg none gets an error page', async () => {
    await expectRefused(
      (idToken) => fullRequest(withAlgNone(idToken)),
      /id_token_hint is not an ID token Gatehouse issued/,
    );
  });

  it('oidcc-rp-initiated-logout-bad-id-token-hint: an id_token_hint the client signed itself (HS256, its secret) gets an error page', async () => {
    await expectRefused(
      async () => fullRequest(await fakeIdToken(plan)),
      /id_token_hint is not an ID token Gatehouse issued/,
    );
  });

  it('oidcc-rp-initiated-logout-no-id-token-hint: a post_logout_redirect_uri with no id_token_hint gets an error page', async () => {
    await expectRefused(
      () => ({ post_logout_redirect_uri: plan.postLogoutRedirectUri, state: END_SESSION_STATE }),
      /post_logout_redirect_uri needs id_token_hint or client_id/,
    );
  });
});

describe('oidcc-rp-initiated-logout-certification-test-plan, run as the suite runs it', () => {
  /** What the OP does with a module's end-session request: redirect back, log out on its own page, or refuse. */
  type Outcome = 'redirect' | 'signed_out' | 'confirm' | 'refuse';
  const PLAN: [module: string, request: (idToken: string) => Promise<Record<string, string>>, outcome: Outcome][] = [
    ['oidcc-rp-initiated-logout', async (t) => fullRequest(t), 'redirect'],
    [
      'oidcc-rp-initiated-logout-bad-post-logout-redirect-uri',
      async (t) => ({ ...fullRequest(t), post_logout_redirect_uri: `${plan.suite.base}/bad_post_logout_redirect_uri` }),
      'refuse',
    ],
    ['oidcc-rp-initiated-logout-modified-id-token-hint', async (t) => fullRequest(withAlgNone(t)), 'refuse'],
    [
      'oidcc-rp-initiated-logout-no-id-token-hint',
      async () => ({ post_logout_redirect_uri: plan.postLogoutRedirectUri, state: END_SESSION_STATE }),
      'refuse',
    ],
    ['oidcc-rp-initiated-logout-no-params', async () => ({}), 'confirm'],
    [
      'oidcc-rp-initiated-logout-no-post-logout-redirect-uri',
      async (t) => ({ id_token_hint: t, state: END_SESSION_STATE }),
      'signed_out',
    ],
    [
      'oidcc-rp-initiated-logout-no-state',
      async (t) => ({ id_token_hint: t, post_logout_redirect_uri: plan.postLogoutRedirectUri }),
      'redirect',
    ],
    ['oidcc-rp-initiated-logout-only-state', async () => ({ state: END_SESSION_STATE }), 'confirm'],
    [
      'oidcc-rp-initiated-logout-query-added-to-post-logout-redirect-uri',
      async (t) => ({ ...fullRequest(t), post_logout_redirect_uri: `${plan.postLogoutRedirectUri}?foo=bar` }),
      'refuse',
    ],
    ['oidcc-rp-initiated-logout-bad-id-token-hint', async () => fullRequest(await fakeIdToken(plan)), 'refuse'],
  ];

  it('all ten modules in the plan’s order in one browser: a refused request leaves the user signed in for the next module, every other one logs out', async () => {
    const browser = new SuiteBrowser(plan.fx.url, plan.suite);
    let signedIn = false;
    for (const [module, request, outcome] of PLAN) {
      plan.suite.received.length = 0;
      const { idToken, askedToSignIn } = await authorize(plan, { browser });
      expect(askedToSignIn, module).toBe(!signedIn);
      let page = await browser.visit(endSessionUrl(plan, await request(idToken)));
      if (outcome === 'confirm') page = await confirm(browser, page);
      expect(page.status, module).toBe({ redirect: 303, signed_out: 200, confirm: 200, refuse: 400 }[outcome]);
      expect(plan.suite.to('post_logout_redirect'), module).toHaveLength(outcome === 'redirect' ? 1 : 0);
      signedIn = outcome === 'refuse';
      await plan.fx.gatehouse.logout.settle();
      expect(plan.suite.unexpected(), module).toEqual([]);
    }
  });
});

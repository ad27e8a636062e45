/**
 * The sample app (examples/sample-app) against a real Gatehouse started with the app's own
 * gatehouse.json by `@gatehouse/testing` (issue 22: the app's tests use the package; its admin is
 * `gh.admin`, in process), the app in its own process as `npm run example` runs it, driven by a
 * cookie-jar browser that fills Gatehouse's login form.
 */
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGOUT_EVENT } from '../../examples/sample-app/logout-token';
import { CHECK_CASES } from '../../src/shared/app-checks';
import type { AdminCall } from '../support/admin-http';
import { TestBrowser, type Page } from '../support/oidc-browser';
import {
  adminCallOf,
  CAROL,
  registerAt,
  SAMPLE_CLIENT,
  sampleAppTokens,
  startSampleAppProcess,
  type SampleAppProcess,
} from '../support/sample-app';

let gh: TestGatehouse;
let app: SampleAppProcess;
let admin: AdminCall;

beforeAll(async () => {
  gh = await startGatehouse({ config: 'examples/sample-app/gatehouse.json' });
  admin = adminCallOf(gh.admin);
  app = await startSampleAppProcess(gh.issuer);
  await registerAt(admin, app.url);
}, 60_000);
afterAll(async () => {
  await app?.stop();
  await gh?.stop();
});

/** A browser across the app and Gatehouse: a cookie jar per origin, redirects followed, Gatehouse's login form filled. */
class Browser {
  private readonly jars = new Map<string, TestBrowser>();
  /** Every URL loaded by the last `go`, in order. */
  visited: string[] = [];

  jar(url: string): TestBrowser {
    const origin = new URL(url).origin;
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new TestBrowser(origin)));
    return jar;
  }

  async go(
    url: string,
    form?: Record<string, string>,
    credentials?: { username: string; password: string },
  ): Promise<Page & { url: string }> {
    this.visited = [url];
    let page = await this.jar(url).navigate(url, form);
    for (let hops = 0; hops < 10; hops++) {
      if (credentials && page.status === 200 && new URL(url).pathname === '/authorize') {
        page = await this.jar(url).login(page, credentials.username, credentials.password);
        credentials = undefined;
      }
      const location = page.headers.get('location');
      if (page.status < 300 || page.status > 399 || !location) return { ...page, url };
      url = new URL(location, url).href;
      this.visited.push(url);
      page = await this.jar(url).navigate(url);
    }
    throw new Error(`too many redirects: ${this.visited.join(' → ')}`);
  }
}

const claimOf = (html: string, name: string) =>
  new RegExp(`<tr data-claim="${name}"><th>${name}</th><td>([^<]*)</td>`).exec(html)?.[1];

/** Carol signs in through the sample app: its button, Gatehouse's login page, back home. */
async function signIn(browser = new Browser()) {
  const home = await browser.go(`${app.url}/login`, {}, CAROL);
  expect(home.url).toBe(`${app.url}/`);
  expect(home.html).toContain(`Signed in as <strong id="who">${CAROL.claims.name}</strong>`);
  return { browser, home, sid: claimOf(home.html, 'sid')!, sub: claimOf(home.html, 'sub')! };
}

const postForm = (url: string, fields: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });

/** Gatehouse's back-channel deliveries for a session, once they settled (the POSTs are off the request path). */
const deliveriesOf = async (sid: string) => (await admin('sessions.get', { sessionId: sid })).deliveries;

describe('sign in', () => {
  it("through the sample app ends on its home page with the user's name, the id_token claims, and its API answering", async () => {
    const { browser, home, sid } = await signIn();
    // the hosted login page was Gatehouse's, the code came back to the app's callback
    expect(browser.visited.some((u) => u.startsWith(`${gh.issuer}/authorize?`))).toBe(true);
    expect(browser.visited.some((u) => u.startsWith(`${app.url}/callback?code=`))).toBe(true);
    expect(home.html).toContain('carol@example.com');
    expect(claimOf(home.html, 'iss')).toBe(gh.issuer);
    expect(claimOf(home.html, 'aud')).toBe(SAMPLE_CLIENT.clientId);
    expect(sid).toMatch(/\S/);
    // the session is Gatehouse's, named for the app
    const detail = await admin('sessions.get', { sessionId: sid });
    expect(detail.session.username).toBe(CAROL.username);
    expect(detail.session.clients.map((c) => c.name)).toEqual(['Sample App']);
    // the button: the app calls its own API with the session's access token
    const orders = await browser.go(`${app.url}/orders`);
    expect(orders.html).toContain('<span id="api-status">200</span>');
    expect(orders.html).toContain('ord-1001');
  });
});

describe('/api/orders', () => {
  const accessToken = () => sampleAppTokens(gh.issuer, app.url);
  const orders = (token?: string) =>
    fetch(`${app.url}/api/orders`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  it('answers 200 with an access token issued to the app, 401 without one or with its id_token', async () => {
    const tokens = await accessToken();
    const ok = await orders(tokens.access_token);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ user: tokens.claims()!.sub, session: tokens.claims()!.sid });

    const missing = await orders();
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await missing.json()).toEqual({ error: 'invalid_token', reason: 'token_missing' });
    expect(((await (await orders(tokens.id_token)).json()) as { reason: string }).reason).toBe('typ_invalid');
  });

  it('without a revocation feed, a revoked session’s access token passes until it expires (the README says so)', async () => {
    const tokens = await accessToken();
    await admin('sessions.revoke', { sessionId: String(tokens.claims()!.sid) });
    // Gatehouse refuses it at once; the app's local revocation source knows nothing of it
    const userinfo = await fetch(`${gh.issuer}/oauth/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userinfo.status).toBe(401);
    expect((await orders(tokens.access_token)).status).toBe(200);
  });
});

describe('logout', () => {
  it("a session revoked at Gatehouse makes the app's next page signed out, by back-channel logout", async () => {
    const { browser, sid } = await signIn();
    await admin('sessions.revoke', { sessionId: sid, reason: 'test' });
    // the notice is off the request path: the app's next page load shows it once it arrived
    await expect
      .poll(async () => (await browser.go(`${app.url}/`)).html, { timeout: 10_000 })
      .toContain('Your session ended at Gatehouse');
    const home = await browser.go(`${app.url}/`);
    expect(home.html).toContain('Sign in with Gatehouse');
    expect(home.html).not.toContain('id="who"');
    await expect
      .poll(() => deliveriesOf(sid), { timeout: 10_000 })
      .toEqual([
        expect.objectContaining({
          clientId: SAMPLE_CLIENT.clientId,
          uri: `${app.url}/backchannel-logout`,
          status: 'delivered',
          attempts: 1,
          lastError: null,
        }),
      ]);
    // the button does not bring the session back
    const orders = await browser.go(`${app.url}/orders`);
    expect(orders.url).toBe(`${app.url}/`);
  });

  it('signing out in the app ends the Gatehouse session (RP-initiated logout) and comes back to the app', async () => {
    const { browser, sid } = await signIn();
    expect(browser.jar(gh.issuer).cookies.has('gh_session')).toBe(true);
    const back = await browser.go(`${app.url}/logout`, {});
    const endSession = browser.visited.find((u) => u.startsWith(`${gh.issuer}/logout?`));
    expect(endSession).toBeDefined();
    const params = new URL(endSession!).searchParams;
    expect(params.get('post_logout_redirect_uri')).toBe(`${app.url}/signed-out`);
    expect(params.get('id_token_hint')).toMatch(/^ey/);
    const state = params.get('state');
    expect(browser.visited).toContain(`${app.url}/signed-out?state=${state}`);
    expect(back.url).toBe(`${app.url}/`);
    expect(back.html).toContain('You signed out');
    expect(browser.jar(gh.issuer).cookies.has('gh_session')).toBe(false);
    expect((await admin('sessions.get', { sessionId: sid })).session.status).toBe('revoked');
    // Gatehouse tells the app by back channel too (its session there is already gone): answered 200
    await expect
      .poll(async () => (await deliveriesOf(sid)).map((d) => d.status), { timeout: 10_000 })
      .toEqual(['delivered']);
    // the next sign-in asks for the password again
    const again = await browser.go(`${app.url}/login`, {});
    expect(again.url.startsWith(`${gh.issuer}/authorize?`)).toBe(true);
    expect(again.html).toContain('name="password"');
  });

  it('a forged logout token is refused with 400 and ends nothing', async () => {
    const { browser, sid, sub } = await signIn();
    const jwks = (await (await fetch(`${gh.issuer}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    const { privateKey } = await generateKeyPair('ES256');
    // everything right but the key: Gatehouse's kid, signed by someone else's key
    const forged = await new SignJWT({ sid, events: { [LOGOUT_EVENT]: {} } })
      .setProtectedHeader({ alg: 'ES256', typ: 'logout+jwt', kid: jwks.keys[0]!.kid })
      .setIssuer(gh.issuer)
      .setAudience(SAMPLE_CLIENT.clientId)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('2m')
      .setJti(randomUUID())
      .sign(privateKey);
    const unsigned = `${Buffer.from('{"alg":"none","typ":"logout+jwt"}').toString('base64url')}.${forged.split('.')[1]}.`;
    for (const [token, why] of [
      [forged, /signature/],
      [unsigned, /alg|unsupported|not allowed/i],
      ['', /missing/],
    ] as const) {
      const res = await postForm(`${app.url}/backchannel-logout`, { logout_token: token });
      expect(res.status).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(await res.json()).toEqual({ error: 'invalid_request', error_description: expect.stringMatching(why) });
    }
    // nothing ended, here or at Gatehouse
    expect((await browser.go(`${app.url}/`)).html).toContain('Signed in as');
    expect((await admin('sessions.get', { sessionId: sid })).session.status).toBe('active');
  });
});

describe('an expired access token', () => {
  beforeAll(() => admin('settings.update', { accessTokenTtl: 5 }));
  afterAll(() => admin('settings.update', { accessTokenTtl: 60 }));

  it('is renewed with the refresh token, once for two calls at once: no reuse, the session lives on', async () => {
    const { browser, sid } = await signIn();
    // a 5 s token is within the app's 5 s margin at once: both calls need a new one
    // the refresh is held at Gatehouse, so the second call certainly comes while it is in flight (in
    // process, an unheld refresh can end before the second call asks, which then refreshes again)
    gh.next.delay('token', 1000);
    const pages = await Promise.all([browser.go(`${app.url}/orders`), browser.go(`${app.url}/orders`)]);
    for (const page of pages) expect(page.html).toContain('<span id="api-status">200</span>');
    const detail = await admin('sessions.get', { sessionId: sid });
    expect(detail.session.status).toBe('active');
    const links = detail.family.filter((l) => l.clientId === SAMPLE_CLIENT.clientId);
    expect(links.map((l) => l.status).sort()).toEqual(['active', 'rotated']);
  });

  it('that Gatehouse refuses to renew (the session ended, and no back-channel notice came) signs the app out', async () => {
    const { browser, sid } = await signIn();
    await admin('clients.update', { clientId: SAMPLE_CLIENT.clientId, backchannelLogoutUri: null });
    try {
      await admin('sessions.revoke', { sessionId: sid });
      expect((await browser.go(`${app.url}/`)).html).toContain('Signed in as');
      const page = await browser.go(`${app.url}/orders`);
      expect(page.url).toBe(`${app.url}/`);
      expect(page.html).toContain('Your session ended at Gatehouse');
    } finally {
      await registerAt(admin, app.url);
    }
  });
});

describe("App checks against the sample app's /api/orders (issue 20)", () => {
  it('refuses every forged, expired, misdirected and client token; with the local revocation source the four revocations pass, as its README says', async () => {
    const run = await gh.admin.checks.api({ url: `${app.url}/api/orders`, audience: 'sample-orders' });
    if (!run.ok) throw new Error(run.error.message);
    const verdicts = Object.fromEntries(run.value.results.map((r) => [r.case, r.verdict]));
    const seenOnlyWithRedis = ['revoked-session', 'denylisted-jti', 'user-version-raised', 'disabled-user'];
    expect(run.value.state).toBe('done');
    expect(verdicts['valid-baseline']).toBe('accepted');
    // a run never revokes a key of its own
    expect(verdicts['revoked-kid']).toBe('skipped');
    for (const c of CHECK_CASES.filter((c) => c !== 'valid-baseline' && c !== 'revoked-kid'))
      expect([c, verdicts[c]]).toEqual([c, seenOnlyWithRedis.includes(c) ? 'accepted' : 'refused']);
  });
});

/**
 * The check users of app checks in a served Gatehouse: the Users list marks them
 * (`purpose: 'app-checks'`), nothing gives them a password, and no password signs in as them at
 * /auth/login or through the hosted login form.
 */
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORDERS_PATH, startDecodeOnlyApi, type SampleApi } from '../../examples/app-checks';
import { CHECK_USER_PASSWORD_HASH, CHECK_USERS } from '../../src/main/auth/app-checks/check-users';
import type { UserView } from '../../src/shared/admin-views';
import { TestBrowser } from '../support/oidc-browser';
import { CONFIG } from '../testing/config';

let gh: TestGatehouse;
let api: SampleApi;
let users: UserView[];
const CHECK_NAMES = Object.values(CHECK_USERS);

beforeAll(async () => {
  gh = await startGatehouse({ config: CONFIG, store: 'memory' });
  api = await startDecodeOnlyApi();
  const run = await gh.admin.checks.api({ url: `${api.url}${ORDERS_PATH}` });
  if (!run.ok) throw new Error(run.error.message);
  const listed = await gh.admin.users.list({});
  if (!listed.ok) throw new Error(listed.error.message);
  users = listed.value;
});
afterAll(async () => {
  await api?.close();
  await gh?.stop();
});

const login = (username: string, password: string) =>
  fetch(`${gh.issuer}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

describe('the check users', () => {
  it("are listed with purpose 'app-checks', and no other user is", () => {
    const marked = users.filter((u) => u.purpose === 'app-checks').map((u) => u.username);
    expect(marked.sort()).toEqual([...CHECK_NAMES].sort());
    expect(users.find((u) => u.username === 'carol')?.purpose).toBeUndefined();
  });

  it('cannot sign in at /auth/login with any password, the stored marker included', async () => {
    for (const username of CHECK_NAMES)
      for (const password of [CHECK_USER_PASSWORD_HASH, 'app-check-password', ''.padEnd(12, 'x')]) {
        const res = await login(username, password);
        expect(res.status, `${username} / ${password}`).toBe(401);
      }
    expect((await login('carol', 'carol-password-123')).status).toBe(200);
  });

  it('cannot sign in through the hosted login form: it answers the wrong-credentials page, no code', async () => {
    const browser = new TestBrowser(gh.issuer);
    const authorize = new URL(`${gh.issuer}/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: CONFIG.clients[0]!.clientId,
      redirect_uri: CONFIG.clients[0]!.redirectUris[0]!,
      scope: 'openid',
      state: 'st',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    let form = await browser.navigate(authorize.href);
    expect(form.status).toBe(200);
    for (const password of [CHECK_USER_PASSWORD_HASH, 'app-check-password']) {
      const answer = await browser.login(form, CHECK_USERS.version, password);
      expect(answer.status, answer.html.slice(0, 600)).toBe(401);
      expect(answer.headers.get('location')).toBeNull();
      expect(answer.html).toContain('The username or password is not right.');
      form = answer; // the form shown again carries the next attempt
    }
    expect((await browser.login(form, 'carol', 'carol-password-123')).status).toBe(303);
  });

  it('cannot be given a password by the console', async () => {
    const baseline = users.find((u) => u.username === CHECK_USERS.baseline)!;
    const reset = await gh.admin.users.resetPassword({ userId: baseline.id, password: 'now-i-can-sign-in' });
    expect(reset).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    if (!reset.ok) expect(reset.error.message).toMatch(/check user of app checks/);
    expect((await login(CHECK_USERS.baseline, 'now-i-can-sign-in')).status).toBe(401);
  });
});

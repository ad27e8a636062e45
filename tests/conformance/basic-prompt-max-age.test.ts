/**
 * The Basic OP plan's modules that authorize twice in one browser (`OIDCCPromptLogin`,
 * `OIDCCMaxAge1`, `AbstractOIDCCSameAuthTwiceServerTest`) and `oidcc-prompt-none-not-logged-in`.
 * The suite's waits (1 s, 2 s) are the fixture's clock moved, never a real wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useUnboundedHasher } from '../support/unbounded-hasher';
import { ERROR_DESCRIPTION } from './suite-claims';
import { codeFlow, startSuiteServer, SUITE_REDIRECT, type SuiteFixture } from './suite-client';

const passwords = useUnboundedHasher();
let fx: SuiteFixture;
beforeAll(async () => {
  fx = await startSuiteServer(passwords);
});
afterAll(() => fx.close());

/** The second authorization of a module: the same browser, the module's parameters; whether a login page was shown. */
async function secondAuthorization(first: Awaited<ReturnType<typeof codeFlow>>, extra: Record<string, string>) {
  const params = fx.request('client', extra);
  const arrival = await fx.authorize(params, { browser: first.browser });
  const code = arrival.callback?.get('code');
  if (!code) throw new Error(`no code the second time: ${String(arrival.callback ?? arrival.page?.status)}`);
  const tokens = await fx.token('client', { grant_type: 'authorization_code', code, redirect_uri: SUITE_REDIRECT });
  return {
    loginShown: arrival.loginShown,
    idToken: await fx.checkIdToken(tokens.body.id_token!, 'client', params.nonce),
  };
}

describe('oidcc-prompt-login', () => {
  it('shows the login page again with prompt=login (ExpectSecondLoginPage), and the second auth_time is later (CheckSecondIdTokenAuthTimeIsLaterIfPresent)', async () => {
    const first = await codeFlow(fx);
    fx.clock.advance(1); // WaitForOneSecond
    const second = await secondAuthorization(first, { prompt: 'login' });
    expect(second.loginShown).toBe(true);
    expect(second.idToken.auth_time).toBeGreaterThan(first.idToken.auth_time);
    expect(second.idToken.sub).toBe(first.idToken.sub);
  });
});

describe('oidcc-max-age-1', () => {
  it('after 2 seconds, max_age=1 shows the login page again, and the second id_token has a later, recent auth_time', async () => {
    const first = await codeFlow(fx);
    fx.clock.advance(2); // WaitFor2Seconds
    const second = await secondAuthorization(first, { max_age: '1' });
    expect(second.loginShown).toBe(true);
    // CheckIdTokenAuthTimeClaimPresentDueToMaxAge, CheckSecondIdTokenAuthTimeIsLaterIfPresent, ...IsRecentIfPresent
    expect(second.idToken.auth_time).toBeGreaterThan(first.idToken.auth_time);
    expect(second.idToken.auth_time).toBe(fx.clock.now());
  });
});

describe('oidcc-max-age-10000', () => {
  it('max_age=15000 then max_age=10000: auth_time in both, no second login, the same auth_time and sub', async () => {
    const first = await codeFlow(fx, 'client', { max_age: '15000' });
    expect(first.idToken.auth_time).toBeTypeOf('number');
    fx.clock.advance(5);
    const second = await secondAuthorization(first, { max_age: '10000' });
    expect(second.loginShown).toBe(false);
    // CheckIdTokenAuthTimeClaimsSameIfPresent, CheckIdTokenSubConsistentForSecondAuthorization
    expect(second.idToken.auth_time).toBe(first.idToken.auth_time);
    expect(second.idToken.sub).toBe(first.idToken.sub);
  });
});

describe('oidcc-prompt-none-logged-in and oidcc-id-token-hint', () => {
  it('oidcc-prompt-none-logged-in: prompt=none in the signed-in browser returns a code at once, with the same auth_time and sub', async () => {
    const first = await codeFlow(fx);
    fx.clock.advance(3);
    const second = await secondAuthorization(first, { prompt: 'none' });
    expect(second.loginShown).toBe(false);
    expect(second.idToken.auth_time).toBe(first.idToken.auth_time);
    expect(second.idToken.sub).toBe(first.idToken.sub);
  });

  it('oidcc-id-token-hint: prompt=none with the first id_token as id_token_hint returns a code at once, with the same auth_time and sub', async () => {
    const first = await codeFlow(fx);
    fx.clock.advance(3);
    const second = await secondAuthorization(first, { prompt: 'none', id_token_hint: first.tokens.id_token! });
    expect(second.loginShown).toBe(false);
    expect(second.idToken.auth_time).toBe(first.idToken.auth_time);
    expect(second.idToken.sub).toBe(first.idToken.sub);
  });
});

describe('oidcc-prompt-none-not-logged-in', () => {
  it('redirects back with login_required, the 128-character state and iss, and nothing else', async () => {
    const state = 'S'.repeat(64) + 's'.repeat(64); // requested_state_length 128
    const arrival = await fx.authorize(fx.request('client', { prompt: 'none', state }), { login: false });
    const callback = arrival.callback!;
    // CheckErrorFromAuthorizationEndpointIsOneThatRequiredAUserInterface
    expect(callback.get('error')).toBe('login_required');
    expect(callback.get('state')).toBe(state);
    expect(callback.get('iss')).toBe(fx.meta.issuer);
    // CheckForUnexpectedParametersInErrorResponseFromAuthorizationEndpoint, RejectAuthCodeInAuthorizationEndpointResponse
    const allowed = ['error', 'error_description', 'error_uri', 'state', 'session_state', 'iss'];
    expect([...callback.keys()].filter((k) => !allowed.includes(k))).toEqual([]);
    expect(callback.get('error_description') ?? 'absent').toMatch(ERROR_DESCRIPTION);
  });
});

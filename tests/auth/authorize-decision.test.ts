import { describe, expect, it, vi } from 'vitest';
import { authorize, type AuthorizeDeps } from '../../src/main/auth/authorize';
import { login, type LoginDeps } from '../../src/main/auth/authorize-login';
import { checkAuthorizeRequest, type AuthorizeParams } from '../../src/main/auth/authorize-request';
import { FixedClock } from '../../src/main/auth/clock';
import { AuthError } from '../../src/main/auth/errors';
import type { RequestInput } from '../../src/main/auth/request-input';
import type { SessionRecord } from '../../src/main/store/store';
import { makeClient, makeSession, makeUser, T0 } from '../store/contract-fixtures';

const ISSUER = 'https://id.example';
const REDIRECT = 'https://rp.example/callback';
const client = makeClient({ id: 'web', name: 'Web' });
const user = makeUser({ id: 'u1', username: 'alice' });
const COOKIE = 'c'.repeat(43);
const CONTEXT = { ip: '203.0.113.7', userAgent: 'vitest' };

const valid: AuthorizeParams = {
  client_id: 'web',
  redirect_uri: REDIRECT,
  response_type: 'code',
  scope: 'openid',
  state: 'st',
  code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  code_challenge_method: 'S256',
};
const input = (over: AuthorizeParams = {}, invalid: RequestInput<AuthorizeParams>['invalid'] = null) => ({
  params: { ...valid, ...over },
  invalid,
});

/** The use cases over the real request check and fakes of every store-backed service. */
function deps(browserSession: SessionRecord | null = null) {
  const clock = new FixedClock(T0);
  const started = makeSession(user.id, { createdAt: T0 });
  const d = {
    authorization: {
      check: (i: RequestInput<AuthorizeParams>) =>
        checkAuthorizeRequest(i, async (id) => (id === client.id ? client : null)),
      sessionSatisfies: (r, s): s is SessionRecord => s !== null && !r.prompt.has('login'),
      respond: vi.fn(async () => ({ code: 'the-code' })),
    },
    browserSessions: { resolve: vi.fn(async () => browserSession), open: vi.fn(async () => 'new-cookie') },
    sessions: {
      authenticate: vi.fn(async () => user),
      startBrowserSession: vi.fn(async () => started),
    },
    clock,
    issuer: () => ISSUER,
  } satisfies LoginDeps & AuthorizeDeps;
  return { ...d, started };
}

describe('authorize: the authorization endpoint decides without HTTP', () => {
  it('an untrusted client or redirect URI is a page on Gatehouse, and no browser session is read', async () => {
    const d = deps();
    expect(await authorize(d, input({ client_id: 'nobody' }), COOKIE)).toEqual({
      kind: 'error_page',
      message: 'no client "nobody" is registered here, or it is disabled',
    });
    expect(await authorize(d, input({ redirect_uri: 'https://evil.example/cb' }), COOKIE)).toMatchObject({
      kind: 'error_page',
    });
    expect(d.browserSessions.resolve).not.toHaveBeenCalled();
  });

  it('any other refusal goes back to the client, with state and iss, in the response mode', async () => {
    const decision = await authorize(deps(), input({ response_type: 'token' }), COOKIE);
    expect(decision).toEqual({
      kind: 'redirect',
      to: {
        redirectUri: REDIRECT,
        responseMode: 'query',
        params: {
          error: 'unsupported_response_type',
          error_description: 'only response_type=code or response_type=id_token is supported',
          state: 'st',
          iss: ISSUER,
        },
      },
    });
  });

  it('a parameter the edge could not read goes back as invalid_request, without state when state was the one', async () => {
    const { state: _state, ...noState } = valid;
    const decision = await authorize(
      deps(),
      { params: noState, invalid: { name: 'state', message: 'state is given more than once' } },
      COOKIE,
    );
    expect(decision).toMatchObject({
      kind: 'redirect',
      to: { params: { error: 'invalid_request', error_description: 'state is given more than once', iss: ISSUER } },
    });
    expect(decision.kind === 'redirect' && 'state' in decision.to.params).toBe(false);
  });

  it('a browser session that satisfies the request gets a code at once (single sign-on)', async () => {
    const session = makeSession(user.id);
    const d = deps(session);
    const decision = await authorize(d, input(), COOKIE);
    expect(d.browserSessions.resolve).toHaveBeenCalledWith(COOKIE);
    expect(d.authorization.respond).toHaveBeenCalledWith(expect.objectContaining({ redirectUri: REDIRECT }), session);
    expect(decision).toEqual({
      kind: 'redirect',
      to: { redirectUri: REDIRECT, responseMode: 'query', params: { code: 'the-code', state: 'st', iss: ISSUER } },
    });
  });

  it('prompt=none without a usable session is login_required back to the client, never a form', async () => {
    const d = deps(null);
    expect(await authorize(d, input({ prompt: 'none' }), undefined)).toMatchObject({
      kind: 'redirect',
      to: { params: { error: 'login_required', state: 'st' } },
    });
    expect(d.authorization.respond).not.toHaveBeenCalled();
  });

  it('prompt=none with no session is login_required whatever else the request lacks, once client and redirect URI are trusted', async () => {
    // what the suite's prompt=none modules send: no PKCE, an unknown response type, a request object...
    for (const over of [
      { code_challenge: undefined, code_challenge_method: undefined },
      { response_type: 'token' },
      { request: 'eyJ...' },
      { max_age: 'soon' },
    ] satisfies AuthorizeParams[]) {
      expect(await authorize(deps(null), input({ prompt: 'none', ...over }), undefined)).toMatchObject({
        kind: 'redirect',
        to: { redirectUri: REDIRECT, params: { error: 'login_required', state: 'st', iss: ISSUER } },
      });
    }
    // an untrusted client or redirect URI is still a page, never a redirect
    expect(
      await authorize(deps(null), input({ prompt: 'none', redirect_uri: 'https://evil.example/cb' }), undefined),
    ).toMatchObject({ kind: 'error_page' });
    // with a session, the request's own problem is the answer; prompt=none with another value is malformed
    const withSession = await authorize(
      deps(makeSession(user.id)),
      input({ prompt: 'none', response_type: 'token' }),
      COOKIE,
    );
    expect(withSession).toMatchObject({ to: { params: { error: 'unsupported_response_type' } } });
    expect(await authorize(deps(null), input({ prompt: 'none login' }), undefined)).toMatchObject({
      to: { params: { error: 'invalid_request' } },
    });
  });

  it('without a usable session (or with prompt=login) the login form is shown for the checked request', async () => {
    expect(await authorize(deps(null), input(), undefined)).toMatchObject({
      kind: 'login',
      request: { client: { id: 'web' }, state: 'st', responseMode: 'query' },
    });
    const decision = await authorize(deps(makeSession(user.id)), input({ prompt: 'login' }), COOKIE);
    expect(decision).toMatchObject({ kind: 'login' });
    expect(decision.kind === 'login' && decision.problem).toBe(undefined);
  });
});

describe('PKCE at the authorization endpoint (RFC 7636, RFC 9700 §2.1.1)', () => {
  const optional = makeClient({ id: 'basic-rp', requirePkce: false });
  const check = (over: AuthorizeParams, c = optional) =>
    checkAuthorizeRequest({ params: { ...valid, client_id: c.id, ...over }, invalid: null }, async (id) =>
      id === c.id ? c : null,
    );
  const noPkce = { code_challenge: undefined, code_challenge_method: undefined };

  it('a client that requires PKCE (the default) is refused a request without code_challenge', async () => {
    expect(client.requirePkce).toBe(true);
    expect(await check(noPkce, client)).toMatchObject({
      ok: false,
      fatal: false,
      error: 'invalid_request',
      description: 'PKCE is required: send code_challenge with code_challenge_method=S256',
    });
  });

  it('a confidential client registered with requirePkce off may send none: the request carries no challenge', async () => {
    expect(await check(noPkce)).toMatchObject({
      ok: true,
      request: { client: { id: 'basic-rp' }, codeChallenge: null },
    });
  });

  it('a challenge that such a client does send is still held to S256 and kept for the token endpoint', async () => {
    expect(await check({})).toMatchObject({ ok: true, request: { codeChallenge: valid.code_challenge } });
    expect(await check({ code_challenge_method: 'plain' })).toMatchObject({
      ok: false,
      error: 'invalid_request',
      description: 'code_challenge_method must be S256, not plain',
    });
    expect(await check({ code_challenge_method: undefined })).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(await check({ code_challenge: 'short' })).toMatchObject({ ok: false, error: 'invalid_request' });
    expect(await check({ code_challenge: undefined, code_challenge_method: 'S256' })).toMatchObject({
      ok: false,
      error: 'invalid_request',
      description: 'code_challenge_method was sent without code_challenge',
    });
  });
});

describe('login: the hosted login form posted back', () => {
  it('checks the pending request again: a client gone meanwhile is a page, nothing authenticated', async () => {
    const d = deps();
    const decision = await login(d, input({ client_id: 'gone' }), { username: 'alice', password: 'pw' }, CONTEXT);
    expect(decision).toMatchObject({ kind: 'error_page' });
    expect(d.sessions.authenticate).not.toHaveBeenCalled();
  });

  it('a missing username or password shows the form again, keeping the username', async () => {
    const d = deps();
    expect(await login(d, input(), { username: 'alice' }, CONTEXT)).toMatchObject({
      kind: 'login',
      problem: 'missing_credentials',
      username: 'alice',
    });
    expect(d.sessions.authenticate).not.toHaveBeenCalled();
  });

  it.each([
    [new AuthError('invalid_grant', 'no'), { problem: 'wrong_credentials' }],
    [new AuthError('login_throttled', 'wait', 120), { problem: 'throttled', retryAfter: 120 }],
    [new AuthError('login_busy', 'busy', 1), { problem: 'busy', retryAfter: 1 }],
    [new AuthError('login_busy', 'busy'), { problem: 'busy', retryAfter: 60 }],
  ])('a refused password check (%s) shows the form again and opens nothing', async (err, expected) => {
    const d = deps();
    d.sessions.authenticate.mockRejectedValueOnce(err);
    const decision = await login(d, input(), { username: 'alice', password: 'pw' }, CONTEXT);
    expect(decision).toMatchObject({ kind: 'login', username: 'alice', ...expected });
    expect(decision.kind === 'login' && 'retryAfter' in decision).toBe('retryAfter' in expected);
    expect(d.sessions.startBrowserSession).not.toHaveBeenCalled();
  });

  it('a failure that is no refusal is not turned into a form', async () => {
    const d = deps();
    d.sessions.authenticate.mockRejectedValueOnce(new Error('store down'));
    await expect(login(d, input(), { username: 'alice', password: 'pw' }, CONTEXT)).rejects.toThrow('store down');
  });

  it('signs in: a browser session for the user, its cookie for the session lifetime, a code back to the client', async () => {
    const d = deps();
    d.clock.advance(10);
    const decision = await login(d, input(), { username: 'alice', password: 'pw' }, CONTEXT);
    expect(d.sessions.authenticate).toHaveBeenCalledWith('alice', 'pw', CONTEXT);
    expect(d.sessions.startBrowserSession).toHaveBeenCalledWith(user, CONTEXT);
    expect(d.browserSessions.open).toHaveBeenCalledWith(d.started);
    expect(d.authorization.respond).toHaveBeenCalledWith(expect.anything(), d.started);
    expect(decision).toEqual({
      kind: 'redirect',
      to: { redirectUri: REDIRECT, responseMode: 'query', params: { code: 'the-code', state: 'st', iss: ISSUER } },
      signedIn: { cookie: 'new-cookie', maxAge: d.started.absoluteExpiresAt - T0 - 10 },
    });
  });
});

import cookie from '@fastify/cookie';
import { createHash } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthorizeDecision } from '../../src/main/auth/authorize-decision';
import type { AuthorizeRequest } from '../../src/main/auth/authorize-request';
import { FixedClock } from '../../src/main/auth/clock';
import type { LogoutDecision } from '../../src/main/auth/logout-request';
import { AuthCookies } from '../../src/main/http/cookies';
import { authorizeRenderer } from '../../src/main/http/endpoints/authorize-replies';
import { logoutRenderer } from '../../src/main/http/endpoints/logout-replies';
import { sendToClient } from '../../src/main/http/endpoints/response-modes';
import { InteractionSigner } from '../../src/main/http/oidc/interaction';
import { makeClient, T0 } from '../store/contract-fixtures';

const clock = new FixedClock(T0);
const signer = new InteractionSigner(Buffer.alloc(32, 7));
const cookies = new AuthCookies(() => 'http://127.0.0.1');
const renderAuthorize = authorizeRenderer({ cookies, signer, clock });
const renderLogout = logoutRenderer({ cookies, signer, clock });
const client = makeClient({ id: 'web', name: 'Web' });
const request: AuthorizeRequest = {
  client,
  redirectUri: 'https://rp.example/callback',
  responseType: 'code',
  responseMode: 'query',
  scope: 'openid',
  state: 'st',
  nonce: null,
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  prompt: new Set(),
  maxAge: null,
  claims: null,
};

/** One route per test case: the renderer under test answers whatever decision is queued. */
let app: FastifyInstance;
let render: (reply: FastifyReply) => FastifyReply;
beforeAll(async () => {
  app = Fastify();
  await app.register(cookie);
  app.get('/', async (_req, reply) => render(reply));
  await app.ready();
});
afterAll(() => app.close());

const answer = async (r: typeof render) => {
  render = r;
  return app.inject({ method: 'GET', url: '/' });
};
const authorizeAnswer = (d: AuthorizeDecision) => answer((reply) => renderAuthorize(reply, d));
const logoutAnswer = (d: LogoutDecision) => answer((reply) => renderLogout(reply, d));
const setCookies = (res: { headers: Record<string, unknown> }) => [res.headers['set-cookie'] ?? []].flat() as string[];

describe('response modes', () => {
  it('query: a 303 to the redirect URI with the parameters in its query, never cached', async () => {
    const res = await answer((reply) =>
      sendToClient(reply, {
        redirectUri: 'https://rp.example/callback?keep=1',
        responseMode: 'query',
        params: { code: 'c 1', state: 'st', iss: 'https://id.example' },
      }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.location).toBe(
      'https://rp.example/callback?keep=1&code=c+1&state=st&iss=https%3A%2F%2Fid.example',
    );
  });

  it('fragment: a 303 with the parameters in the fragment, the query kept, never cached', async () => {
    const res = await answer((reply) =>
      sendToClient(reply, {
        redirectUri: 'https://rp.example/callback?keep=1',
        responseMode: 'fragment',
        params: { code: 'c 1', state: 'st', iss: 'https://id.example' },
      }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.location).toBe(
      'https://rp.example/callback?keep=1#code=c+1&state=st&iss=https%3A%2F%2Fid.example',
    );
  });

  it('form_post: a never-cached page whose form posts every parameter, escaped, to the redirect URI', async () => {
    const res = await answer((reply) =>
      sendToClient(reply, {
        redirectUri: 'https://rp.example/callback?a=1&b=2',
        responseMode: 'form_post',
        params: { code: 'c"><script>alert(1)</script>', state: "it's & <b>", iss: 'https://id.example' },
      }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain('<form method="post" action="https://rp.example/callback?a=1&#38;b=2">');
    expect(res.body).toContain('name="code" value="c&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;"');
    expect(res.body).toContain('name="state" value="it&#39;s &#38; &#60;b&#62;"');
    expect(res.body).toContain('name="iss" value="https://id.example"');
    expect(res.body).not.toContain('<script>alert');
    // the one inline script runs by its hash, and the form may go to the client's origin only
    const script = /<script>([^<]*)<\/script>/.exec(res.body)?.[1] ?? '';
    expect(script).toBe('document.forms[0].submit()');
    const hash = createHash('sha256').update(script).digest('base64');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
    expect(csp).toContain('form-action https://rp.example;');
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.body).toContain('<noscript>');
  });

  it('form_post to a native app’s private-use URI allows that scheme as the form’s target', async () => {
    const res = await answer((reply) =>
      sendToClient(reply, { redirectUri: 'com.example.app:/cb', responseMode: 'form_post', params: { code: 'c' } }),
    );
    expect(String(res.headers['content-security-policy'])).toContain('form-action com.example.app:;');
  });
});

describe('the authorization endpoint’s renderer', () => {
  it('an error page is a 400 page on Gatehouse, never a redirect', async () => {
    const res = await authorizeAnswer({ kind: 'error_page', message: 'no such client' });
    expect(res.statusCode).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.body).toContain('no such client');
  });

  it('a sign-in sets the provider cookie for its lifetime and drops the form’s binding', async () => {
    const res = await authorizeAnswer({
      kind: 'redirect',
      to: { redirectUri: request.redirectUri, responseMode: 'query', params: { code: 'c' } },
      signedIn: { cookie: 'secret', maxAge: 3600 },
    });
    expect(res.statusCode).toBe(303);
    const set = setCookies(res);
    expect(set.find((c) => c.startsWith('gh_session=secret'))).toContain('Max-Age=3600');
    expect(set.find((c) => c.startsWith('gh_login=;'))).toBeDefined();
  });

  it.each([
    [{}, 200, null],
    [{ problem: 'missing_credentials' }, 400, 'Enter your username and password.'],
    [{ problem: 'wrong_credentials' }, 401, 'The username or password is not right.'],
    [{ problem: 'throttled', retryAfter: 120 }, 429, 'Too many failed sign-ins; try again in 2 min.'],
    [{ problem: 'busy', retryAfter: 1 }, 503, 'Too many sign-ins are in progress; try again in a moment.'],
  ] as const)('the login form %o answers %i with its reason', async (why, status, text) => {
    const res = await authorizeAnswer({ kind: 'login', request, username: 'alice', ...why });
    expect(res.statusCode).toBe(status);
    expect(res.headers['retry-after']).toBe('retryAfter' in why ? String(why.retryAfter) : undefined);
    if (text) expect(res.body).toContain(text);
    else expect(res.body).not.toContain('role="alert"');
    // the form carries the request signed and bound to the browser's fresh binding cookie
    const binding = /^gh_login=([^;]+)/.exec(setCookies(res).find((c) => c.startsWith('gh_login='))!)![1]!;
    const sealed = /name="interaction" value="([^"]+)"/.exec(res.body)![1]!;
    expect(signer.open(sealed, binding, T0)).toEqual({
      params: expect.objectContaining({ client_id: 'web', response_mode: 'query', state: 'st' }),
    });
  });

  it('the login form of an id_token request carries its response type and mode, and no PKCE', async () => {
    const idTokenRequest = {
      ...request,
      responseType: 'id_token',
      responseMode: 'form_post',
      nonce: 'n',
      codeChallenge: null,
    } as const;
    const res = await authorizeAnswer({ kind: 'login', request: idTokenRequest });
    const binding = /^gh_login=([^;]+)/.exec(setCookies(res).find((c) => c.startsWith('gh_login='))!)![1]!;
    const sealed = /name="interaction" value="([^"]+)"/.exec(res.body)![1]!;
    const { params } = signer.open(sealed, binding, T0) as { params: Record<string, string> };
    expect(params).toMatchObject({ response_type: 'id_token', response_mode: 'form_post', nonce: 'n' });
    expect(params.code_challenge).toBeUndefined();
    expect(params.code_challenge_method).toBeUndefined();
  });
});

describe('the end-session endpoint’s renderer', () => {
  const signedOut = { hint: null, client, redirectUri: 'https://rp.example/bye', state: 'st' };

  it('back to the app’s registered URI with its state, clearing the provider cookie when the browser signed out', async () => {
    const res = await logoutAnswer({ kind: 'signed_out', request: signedOut, browserSignedOut: true });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('https://rp.example/bye?state=st');
    expect(setCookies(res).some((c) => c.startsWith('gh_session=;'))).toBe(true);
  });

  it('keeps someone else’s provider cookie, and says signed out when there is nowhere to go back to', async () => {
    const res = await logoutAnswer({
      kind: 'signed_out',
      request: { ...signedOut, redirectUri: null },
      browserSignedOut: false,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are signed out');
    expect(setCookies(res)).toEqual([]);
  });

  it('asks for confirmation on a form bound to the browser, and refuses on a page', async () => {
    const confirm = await logoutAnswer({ kind: 'confirm', request: signedOut });
    expect(confirm.statusCode).toBe(200);
    expect(setCookies(confirm).some((c) => c.startsWith('gh_logout='))).toBe(true);
    expect(confirm.body).toContain('Sign out of Web?');
    const refused = await logoutAnswer({ kind: 'refuse', message: 'bad hint' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('bad hint');
  });
});

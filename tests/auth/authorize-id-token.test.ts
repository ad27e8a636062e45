/**
 * response_type=id_token (OIDC Core §3.2) and the response modes, as the request check and the
 * authorization use case decide them, without HTTP.
 */
import { describe, expect, it, vi } from 'vitest';
import { authorize, type AuthorizeDeps } from '../../src/main/auth/authorize';
import { checkAuthorizeRequest, type AuthorizeParams } from '../../src/main/auth/authorize-request';
import type { SessionRecord } from '../../src/main/store/store';
import { makeClient, makeSession, makeUser } from '../store/contract-fixtures';

const ISSUER = 'https://id.example';
const REDIRECT = 'https://rp.example/callback';
const implicitRp = makeClient({ id: 'rp', name: 'RP', responseTypes: ['code', 'id_token'] });
const codeOnly = makeClient({ id: 'web', name: 'Web', responseTypes: ['code'] });
const idTokenOnly = makeClient({ id: 'idt', name: 'Idt', responseTypes: ['id_token'] });
const clients = new Map([implicitRp, codeOnly, idTokenOnly].map((c) => [c.id, c]));

const idTokenRequest: AuthorizeParams = {
  client_id: 'rp',
  redirect_uri: REDIRECT,
  response_type: 'id_token',
  scope: 'openid email',
  state: 'st',
  nonce: 'n-1',
};
const check = (over: AuthorizeParams = {}) =>
  checkAuthorizeRequest(
    { params: { ...idTokenRequest, ...over }, invalid: null },
    async (id) => clients.get(id) ?? null,
  );
/** Where an error goes back and what it says. */
const refusal = async (over: AuthorizeParams) => {
  const c = await check(over);
  if (c.ok || c.fatal) throw new Error(`expected an error sent back, got ${JSON.stringify(c)}`);
  return { error: c.error, description: c.description, mode: c.replyTo.responseMode };
};

describe('response_type=id_token: the request check', () => {
  it('a registered client with a nonce gets an id_token request: fragment by default, no PKCE asked', async () => {
    const c = await check();
    expect(c).toMatchObject({
      ok: true,
      request: { responseType: 'id_token', responseMode: 'fragment', nonce: 'n-1', codeChallenge: null },
    });
    expect(await check({ response_mode: 'form_post' })).toMatchObject({ request: { responseMode: 'form_post' } });
    // a code challenge sent along is not used: no code, nothing to redeem
    expect(await check({ code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' })).toMatchObject({
      request: { codeChallenge: null },
    });
  });

  it('without a nonce is invalid_request (OIDC Core §3.2.2.1), sent back in the fragment', async () => {
    expect(await refusal({ nonce: undefined })).toEqual({
      error: 'invalid_request',
      description: 'nonce is required with response_type=id_token',
      mode: 'fragment',
    });
  });

  it('response_mode=query is refused: an id_token never travels in a query (nor does the error)', async () => {
    expect(await refusal({ response_mode: 'query' })).toMatchObject({ error: 'invalid_request', mode: 'fragment' });
    expect((await refusal({ response_mode: 'query' })).description).toMatch(/never sent in a query/);
  });

  it('without openid in the scope is invalid_request: an id_token is OpenID only', async () => {
    expect(await refusal({ scope: 'email' })).toMatchObject({ error: 'invalid_request', mode: 'fragment' });
  });

  it('a client not registered for id_token gets unauthorized_client at its redirect URI', async () => {
    expect(await refusal({ client_id: 'web' })).toEqual({
      error: 'unauthorized_client',
      description: 'Web is not registered for response_type=id_token',
      mode: 'fragment',
    });
    // and one registered for id_token alone cannot ask for a code
    expect(await refusal({ client_id: 'idt', response_type: 'code' })).toMatchObject({
      error: 'unauthorized_client',
      mode: 'query',
    });
  });

  it.each(['token', 'id_token token', 'code id_token', 'code token', 'code id_token token', 'none'])(
    'response_type=%s stays unsupported_response_type',
    async (responseType) => {
      expect(await refusal({ response_type: responseType })).toMatchObject({ error: 'unsupported_response_type' });
    },
  );

  it('the code flow sends its errors by the mode asked for', async () => {
    const c = await refusal({ client_id: 'web', response_type: 'code', response_mode: 'form_post', nonce: undefined });
    expect(c).toMatchObject({ error: 'invalid_request', mode: 'form_post' });
    expect(c.description).toMatch(/PKCE/);
  });
});

describe('response_type=id_token: the authorization use case', () => {
  const user = makeUser({ id: 'u1' });
  const deps = (session: SessionRecord | null) =>
    ({
      authorization: {
        check: (i) => checkAuthorizeRequest(i, async (id) => clients.get(id) ?? null),
        sessionSatisfies: (_r, s): s is SessionRecord => s !== null,
        respond: vi.fn(async () => ({ id_token: 'the.id.token' })),
      },
      browserSessions: { resolve: async () => session },
      issuer: () => ISSUER,
    }) satisfies AuthorizeDeps;

  it('a signed-in browser gets the id_token back in the fragment, with state and iss', async () => {
    const session = makeSession(user.id);
    const d = deps(session);
    expect(await authorize(d, { params: idTokenRequest, invalid: null }, 'cookie')).toEqual({
      kind: 'redirect',
      to: {
        redirectUri: REDIRECT,
        responseMode: 'fragment',
        params: { id_token: 'the.id.token', state: 'st', iss: ISSUER },
      },
    });
    expect(d.authorization.respond).toHaveBeenCalledWith(
      expect.objectContaining({ responseType: 'id_token' }),
      session,
    );
  });

  it('without a session, the hosted login exactly as for a code', async () => {
    expect(await authorize(deps(null), { params: idTokenRequest, invalid: null }, undefined)).toMatchObject({
      kind: 'login',
      request: { responseType: 'id_token', responseMode: 'fragment' },
    });
  });
});

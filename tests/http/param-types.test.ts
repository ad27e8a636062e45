/**
 * Parameters of every type but a string: each public endpoint answers its own error (a JSON
 * `invalid_request`, the error page, or the error redirect OIDC requires), never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, type ErrorBody } from '../support/http-client';
import { REDIRECT, startOidcServer, type OidcFixture } from '../support/oidc-fixture';

let fx: OidcFixture;

beforeAll(async () => {
  fx = await startOidcServer();
});
afterAll(() => fx.close());

const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const valid = {
  response_type: 'code',
  client_id: 'web-app',
  redirect_uri: REDIRECT,
  scope: 'openid',
  state: 'st-1',
  code_challenge: challenge,
  code_challenge_method: 'S256',
};
const post = (path: string, body: unknown) =>
  fetch(`${fx.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    redirect: 'manual',
  });

async function expectPage(res: Response, text: string | RegExp): Promise<void> {
  expect(res.status).toBe(400);
  expect(res.headers.get('location')).toBeNull();
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await res.text()).toMatch(text);
}

describe('POST /authorize with JSON values that are not strings', () => {
  it.each([
    ['client_id null', { client_id: null }, 'client_id must be a string, not null'],
    ['client_id a number', { ...valid, client_id: 7 }, 'client_id must be a string, not a number'],
    ['redirect_uri an object', { ...valid, redirect_uri: { href: REDIRECT } }, 'redirect_uri must be a string'],
    ['redirect_uri a list', { ...valid, redirect_uri: [REDIRECT, REDIRECT] }, 'redirect_uri is given more than once'],
    ['the body a list', [valid], 'the parameters must be a form or a JSON object'],
  ])('%s → the error page on Gatehouse, never a redirect', async (_name, body, text) => {
    await expectPage(await post('/authorize', body), text);
  });

  it.each([
    ['state null', { ...valid, state: null }, null, 'state must be a string, not null'],
    ['nonce a number', { ...valid, nonce: 5 }, 'st-1', 'nonce must be a string, not a number'],
    ['scope a boolean', { ...valid, scope: true }, 'st-1', 'scope must be a string, not a boolean'],
    ['prompt an object', { ...valid, prompt: { none: 1 } }, 'st-1', 'prompt must be a string, not an object'],
  ])('%s → back to the client with invalid_request', async (_name, body, state, description) => {
    const res = await post('/authorize', body);
    expect(res.status).toBe(303);
    const url = new URL(res.headers.get('location')!);
    expect(url.origin + url.pathname).toBe(REDIRECT);
    expect(url.searchParams.get('error')).toBe('invalid_request');
    expect(url.searchParams.get('error_description')).toBe(description);
    expect(url.searchParams.get('state')).toBe(state);
  });
});

describe('POST /logout with JSON values that are not strings', () => {
  it.each([
    ['state null', { state: null }, 'state must be a string, not null'],
    ['client_id an object', { client_id: { id: 'web-app' } }, 'client_id must be a string, not an object'],
    ['id_token_hint a number', { id_token_hint: 1 }, 'id_token_hint must be a string, not a number'],
  ])('%s → the error page', async (_name, body, text) => {
    await expectPage(await post('/logout', body), text);
  });
});

describe('JSON endpoints answer invalid_request naming the parameter', () => {
  it.each([
    ['/oauth/token', { grant_type: null }, 'grant_type must be a string, not null'],
    ['/oauth/token', { grant_type: 'client_credentials', client_id: 12 }, 'client_id must be a string, not a number'],
    ['/oauth/revoke', { token: false }, 'token must be a string, not a boolean'],
    ['/oauth/introspect', { token: 'x', client_secret: {} }, 'client_secret must be a string, not an object'],
    ['/auth/login', { username: null, password: 'x' }, 'username must be a string, not null'],
    ['/auth/refresh', { refresh_token: null }, 'refresh_token must be a string, not null'],
  ])('%s %j → 400', async (path, body, description) => {
    const res = await postJson(`${fx.url}${path}`, body);
    expect(res.status).toBe(400);
    expect((await res.json()) as ErrorBody).toMatchObject({ error: 'invalid_request', error_description: description });
  });
});

/**
 * UserInfo's token methods (RFC 6750 §2, OIDC Core §5.3.1), as the conformance suite's
 * `oidcc-userinfo-get`, `oidcc-userinfo-post-header` and `oidcc-userinfo-post-body` send them:
 * the header on GET or POST, a form body's `access_token` on POST; never the query, never two at once.
 */
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../support/gatehouse-fixture';
import { authorizationRequest, REDIRECT, startOidcServer, type OidcFixture } from '../support/oidc-fixture';

let fx: OidcFixture;
let accessToken: string;
let sub: string;

beforeAll(async () => {
  fx = await startOidcServer();
  const config = await fx.configFor('web');
  const req = await authorizationRequest(config, REDIRECT, 'openid profile');
  const callback = await fx.browser().authorize(req.url, { username: 'alice', password: DEMO_PASSWORD });
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: req.verifier,
    expectedState: req.state,
    expectedNonce: req.nonce,
  });
  accessToken = tokens.access_token;
  sub = tokens.claims()!.sub;
});
afterAll(() => fx.close());

const userinfo = (init: RequestInit & { query?: string } = {}) =>
  fetch(`${fx.url}/oauth/userinfo${init.query ?? ''}`, init);
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('UserInfo: where the access token may be', () => {
  it('GET and POST with the Authorization header (oidcc-userinfo-get, -post-header)', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await userinfo({ method, headers: { authorization: `Bearer ${accessToken}` } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ sub, preferred_username: 'alice' });
    }
  });

  it('POST with access_token in a form-encoded body (oidcc-userinfo-post-body, RFC 6750 §2.2)', async () => {
    const res = await userinfo({
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ access_token: accessToken }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ sub, name: 'alice' });
  });

  it('a body token that does not verify is refused like a header one (401 invalid_token)', async () => {
    const res = await userinfo({ method: 'POST', headers: FORM, body: `access_token=${accessToken}x` });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
  });

  it('the header and the body at once: 400 invalid_request (RFC 6750 §2, one method only)', async () => {
    const res = await userinfo({
      method: 'POST',
      headers: { ...FORM, authorization: `Bearer ${accessToken}` },
      body: new URLSearchParams({ access_token: accessToken }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('www-authenticate')).toMatch(/error="invalid_request"/);
    expect(await res.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('access_token twice in the body: 400 invalid_request', async () => {
    const res = await userinfo({
      method: 'POST',
      headers: FORM,
      body: `access_token=${accessToken}&access_token=${accessToken}`,
    });
    expect(res.status).toBe(400);
  });

  it('a JSON body is not a form body: its access_token is no token (401)', async () => {
    const res = await userinfo({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ access_token: accessToken }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_token', reason: 'token_missing' });
  });

  it('GET with the token in the query stays refused (RFC 9700 §2.4.1)', async () => {
    const res = await userinfo({ query: `?access_token=${accessToken}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ reason: 'token_missing' });
  });
});

/** @gatehouse/testing: a real Gatehouse per test run, composed with the test powers. */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { apiMe, CONFIG } from './config';

let gh: TestGatehouse;
beforeAll(async () => {
  gh = await startGatehouse({ config: CONFIG });
});
afterAll(() => gh.stop());

describe('startGatehouse', () => {
  it('serves its discovery document and JWKS at the URLs it names, with its own issuer', async () => {
    expect(gh.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const discovery = (await (await fetch(gh.discoveryUrl)).json()) as { issuer: string; jwks_uri: string };
    expect(discovery.issuer).toBe(gh.issuer);
    expect(discovery.jwks_uri).toBe(gh.jwksUrl);
    const jwks = (await (await fetch(gh.jwksUrl)).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
  });

  it("applies the config's users and clients, answering through gh.admin as the console's AdminApi", async () => {
    const users = await gh.admin.users.list({});
    expect(users.ok && users.value.map((u) => u.username).sort()).toEqual(['carol', 'dave']);
    const missing = await gh.admin.sessions.revoke({ sessionId: 'nope', reason: 'test' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('gives the console link with its sign-in token', () => {
    expect(gh.consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{43}$/);
  });

  it('logs a user in without a password: a real session, its refresh token bound to the client, an id_token', async () => {
    const tokens = await gh.login({ username: 'carol', clientId: 'my-app' });
    const access = decodeJwt(tokens.access_token);
    expect(access).toMatchObject({ iss: gh.issuer, sid: tokens.session_id, client_id: 'my-app' });
    expect(tokens.refresh_token).toBeTruthy();
    expect(decodeJwt(tokens.id_token!)).toMatchObject({ iss: gh.issuer, aud: 'my-app', sid: tokens.session_id });
    const session = await gh.admin.sessions.get({ sessionId: tokens.session_id });
    expect(session).toMatchObject({ ok: true });
    // the refresh token works at the token endpoint for its client, and for no other
    const refresh = (client: { clientId: string; clientSecret: string }) =>
      fetch(`${gh.issuer}/oauth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
        },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token! }),
      });
    const byOther = await refresh(CONFIG.clients[1]!);
    expect(byOther.status).toBe(400);
    expect(await byOther.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(CONFIG.clients[0]!)).status).toBe(200);
  });

  it("logs a user in to Gatehouse's own login API when no client is named: a token /api/me accepts", async () => {
    const tokens = await gh.login({ username: 'dave' });
    expect(tokens.refresh_token).toBeTruthy();
    expect(tokens.id_token).toBeUndefined();
    expect(await apiMe(gh.issuer, tokens.access_token)).toBe(200);
  });

  it('succeeds for 50 parallel logins, each its own session', async () => {
    const all = await Promise.all(
      Array.from({ length: 50 }, () => gh.login({ username: 'carol', clientId: 'my-app' })),
    );
    expect(new Set(all.map((t) => t.session_id)).size).toBe(50);
  });
});

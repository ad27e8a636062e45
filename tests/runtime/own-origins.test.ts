/**
 * The composition root tells the client registry where Gatehouse itself answers (the auth server
 * on the port it got, the issuer, the console), so no client's back-channel logout URI points
 * there: checked on a running headless server, through its console's admin API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson } from '../support/http-client';
import { ADMIN_TOKEN, startServe, type ServeProcess } from '../support/serve-process';

let server: ServeProcess;
beforeAll(async () => {
  server = await startServe({ args: ['--issuer', 'https://login.example.com'] });
});
afterAll(() => server.stop());

const createClient = async (clientId: string, backchannelLogoutUri: string) => {
  const res = await postJson(
    new URL('/admin/api/clients.create', server.consoleUrl).href,
    {
      clientId,
      name: clientId,
      redirectUris: ['http://localhost:3000/cb'],
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'client_secret_basic',
      backchannelLogoutUri,
    },
    { authorization: `Bearer ${ADMIN_TOKEN}` },
  );
  return (await res.json()) as { ok: boolean; error?: { code: string; message: string } };
};

describe('a running Gatehouse refuses a back-channel logout URI at its own origins', () => {
  it.each([
    ['its auth server', () => `${server.authUrl}/oauth/revoke`, () => new URL(server.authUrl).origin],
    ['its console', () => `${server.consoleUrl}/admin/api/users.delete`, () => new URL(server.consoleUrl).origin],
    ['its issuer', () => 'https://login.example.com/logout', () => 'https://login.example.com'],
  ])('%s', async (name, uri, own) => {
    const answer = await createClient(`app-${name.split(' ')[1]}`, uri());
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'invalid_request',
        message: `backchannelLogoutUri: ${uri()} is Gatehouse itself (${own()}): a back-channel logout URI is the app's own endpoint`,
      },
    });
  });

  it("and accepts one on the app's own port", async () => {
    expect(await createClient('app-own-port', 'http://localhost:3000/backchannel')).toMatchObject({ ok: true });
  });
});

/**
 * oidc-client-ts in Chromium with `response_mode: 'fragment'`: a public client's code flow with
 * PKCE from a page at another origin. The code comes back in the URL's fragment, and the token
 * request crosses origins: the app's origin is listed with `--cors-origin`, as a browser app's must
 * be (docs/http-api.md), and the token endpoint's CORS answer to it is part of what is tested.
 */
import { expect, test } from '@playwright/test';
import type { ServeProcess } from '../support/serve-process';
import { buildOidcClientTsApp, SPA_CLIENT_ID } from '../libraries/oidc-client-ts-app';
import { reserveApp, signInOnGatehouse, startGatehouseWith, USER, type AppSlot } from '../libraries/setup';

let app: AppSlot;
let gh: ServeProcess;

test.beforeAll(async () => {
  app = await reserveApp();
  gh = await startGatehouseWith(
    [
      {
        clientId: SPA_CLIENT_ID,
        name: 'Single Page App',
        redirectUris: [`${app.url}/callback`],
        grantTypes: ['authorization_code'],
      },
    ],
    ['--cors-origin', app.url],
  );
  app.serve(buildOidcClientTsApp(gh.authUrl, app.url));
});

test.afterAll(async () => {
  await app?.close();
  await gh?.stop();
});

test('signinRedirect, the hosted login and signinRedirectCallback give a User named for her: code in the fragment, token call answered to the app origin', async ({
  page,
}) => {
  const authorizeRequests: URL[] = [];
  const tokenAnswersCors: (string | undefined)[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(`${gh.authUrl}/authorize?`)) authorizeRequests.push(new URL(r.url()));
  });
  const callbacks: URL[] = [];
  page.on('framenavigated', (f) => {
    if (f.url().startsWith(`${app.url}/callback`)) callbacks.push(new URL(f.url()));
  });
  page.on('response', (r) => {
    if (r.url() === `${gh.authUrl}/oauth/token`) tokenAnswersCors.push(r.headers()['access-control-allow-origin']);
  });
  await page.goto(app.url);
  await expect(page.locator('#status')).toHaveText('Signed out');
  await page.getByRole('button', { name: 'Sign in with Gatehouse' }).click();
  await signInOnGatehouse(page, 'Single Page App');

  await expect(page.locator('#status')).toHaveText(`Signed in as ${USER.name}`);
  const sent = authorizeRequests[0]!.searchParams;
  expect([sent.get('response_mode'), sent.get('code_challenge_method')]).toEqual(['fragment', 'S256']);
  // the code came back in the fragment, never in the query the app's server sees
  expect(callbacks[0]!.search).toBe('');
  expect(new URLSearchParams(callbacks[0]!.hash.slice(1)).has('code')).toBe(true);
  // the one token request, answered to the app's origin (listed with --cors-origin)
  expect(tokenAnswersCors).toEqual([app.url]);
});

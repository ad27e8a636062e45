/**
 * oidc-client-ts in Chromium with `response_mode: 'fragment'`: a public client's code flow with
 * PKCE from a page at another origin. The code comes back in the URL's fragment, and the token
 * request crosses origins: the app's origin is listed with `--cors-origin`, as a browser app's must
 * be (docs/http-api.md), and the token endpoint's CORS answer to it is part of what is tested.
 */
import { expect, test, type Page } from '@playwright/test';
import type { ServeProcess } from '../support/serve-process';
import { buildOidcClientTsApp, SPA_CLIENT_ID } from '../libraries/oidc-client-ts-app';
import { reserveApp, signInOnGatehouse, startGatehouseWith, USER, type AppSlot } from '../libraries/setup';

let app: AppSlot;
let offlineApp: AppSlot;
let gh: ServeProcess;

/** What Gatehouse answered the page's token requests: the grant and the CORS header. */
function watchTokenCalls(page: Page): { grant: string | null; allowOrigin: string | undefined }[] {
  const calls: { grant: string | null; allowOrigin: string | undefined }[] = [];
  page.on('response', (r) => {
    if (r.url() !== `${gh.authUrl}/oauth/token`) return;
    const grant = new URLSearchParams(r.request().postData() ?? '').get('grant_type');
    calls.push({ grant, allowOrigin: r.headers()['access-control-allow-origin'] });
  });
  return calls;
}

test.beforeAll(async () => {
  app = await reserveApp();
  offlineApp = await reserveApp();
  gh = await startGatehouseWith(
    [
      {
        clientId: SPA_CLIENT_ID,
        name: 'Single Page App',
        redirectUris: [`${app.url}/callback`, `${offlineApp.url}/callback`],
        grantTypes: ['authorization_code', 'refresh_token'],
      },
    ],
    ['--cors-origin', app.url, '--cors-origin', offlineApp.url],
  );
  app.serve(buildOidcClientTsApp(gh.authUrl, app.url));
  // Gatehouse's access tokens live 60 s and oidc-client-ts renews 60 s before expiry by default,
  // that is every second: an app with a refresh token renews closer to the expiry
  offlineApp.serve(
    buildOidcClientTsApp(gh.authUrl, offlineApp.url, {
      scope: 'openid profile offline_access',
      accessTokenExpiringNotificationTimeInSeconds: 10,
    }),
  );
});

test.afterAll(async () => {
  await app?.close();
  await offlineApp?.close();
  await gh?.stop();
});

test('signinRedirect, the hosted login and signinRedirectCallback give a User named for her: code in the fragment, token call answered to the app origin', async ({
  page,
}) => {
  const authorizeRequests: URL[] = [];
  const tokenCalls = watchTokenCalls(page);
  page.on('request', (r) => {
    if (r.url().startsWith(`${gh.authUrl}/authorize?`)) authorizeRequests.push(new URL(r.url()));
  });
  const callbacks: URL[] = [];
  page.on('framenavigated', (f) => {
    if (f.url().startsWith(`${app.url}/callback`)) callbacks.push(new URL(f.url()));
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
  expect(tokenCalls).toEqual([{ grant: 'authorization_code', allowOrigin: app.url }]);
});

test('with offline_access, signinSilent renews the User with its refresh token, also across origins', async ({
  page,
}) => {
  const tokenCalls = watchTokenCalls(page);
  await page.goto(offlineApp.url);
  await page.getByRole('button', { name: 'Sign in with Gatehouse' }).click();
  await signInOnGatehouse(page, 'Single Page App');
  await expect(page.locator('#status')).toHaveText(`Signed in as ${USER.name}`);

  await page.getByRole('button', { name: 'Renew' }).click();
  await expect(page.locator('#status')).toHaveText(`Renewed as ${USER.name}`);
  expect(tokenCalls).toEqual([
    { grant: 'authorization_code', allowOrigin: offlineApp.url },
    { grant: 'refresh_token', allowOrigin: offlineApp.url },
  ]);
});

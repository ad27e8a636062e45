/**
 * express-openid-connect with its README's configuration and its defaults (response_type=id_token,
 * response_mode=form_post, RS256) against a real Gatehouse, in Chromium: the user signs in on
 * Gatehouse's page, the protected route shows her name, and the library's /logout ends the
 * Gatehouse session too (RP-initiated logout), so the next visit asks for her password again.
 */
import { expect, test } from '@playwright/test';
import type { ServeProcess } from '../support/serve-process';
import { buildExpressOpenidConnectApp, EOC_CLIENT_ID } from '../libraries/express-openid-connect-app';
import {
  CLIENT_SECRET,
  reserveApp,
  signInOnGatehouse,
  startGatehouseWith,
  USER,
  type AppSlot,
} from '../libraries/setup';

let app: AppSlot;
let gh: ServeProcess;

test.beforeAll(async () => {
  app = await reserveApp();
  gh = await startGatehouseWith([
    {
      clientId: EOC_CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      name: 'Express App',
      redirectUris: [`${app.url}/callback`],
      postLogoutRedirectUris: [app.url],
      grantTypes: ['authorization_code'],
      responseTypes: ['code', 'id_token'],
    },
  ]);
  app.serve(buildExpressOpenidConnectApp(gh.authUrl, app.url));
});

test.afterAll(async () => {
  await app?.close();
  await gh?.stop();
});

test('the user signs in on Gatehouse, sees her name on the protected route, and /logout ends the Gatehouse session', async ({
  page,
}) => {
  await page.goto(`${app.url}/profile`);
  await signInOnGatehouse(page, 'Express App');
  await expect(page.locator('#name')).toHaveText(USER.name);
  expect(new URL(page.url()).pathname).toBe('/profile');

  await page.goto(`${app.url}/logout`);
  // Gatehouse ended its session and sent the browser back to the app's base URL, which (every
  // route being protected) asks Gatehouse to sign in again: the form, no silent sign-in
  await expect(page.getByRole('heading', { name: 'Sign in to Express App' })).toBeVisible();
  await signInOnGatehouse(page, 'Express App');
  await expect(page.getByText('Logged in')).toBeVisible();
});

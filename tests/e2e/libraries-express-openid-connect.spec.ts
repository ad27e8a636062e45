/**
 * express-openid-connect with its README's configuration and its defaults (response_type=id_token,
 * response_mode=form_post, RS256) against a real Gatehouse, in Chromium: the user signs in on
 * Gatehouse's page and the protected route shows her name. With the README's `idpLogout: true`,
 * its /logout ends the Gatehouse session too (RP-initiated logout), so the next visit asks for her
 * password again; with only the five options its /logout is local, and Gatehouse signs her back in.
 */
import { expect, test } from '@playwright/test';
import type { ServeProcess } from '../support/serve-process';
import { buildExpressOpenidConnectApp } from '../libraries/express-openid-connect-app';
import {
  CLIENT_SECRET,
  reserveApp,
  signInOnGatehouse,
  startGatehouseWith,
  USER,
  type AppSlot,
  type ConfigClient,
} from '../libraries/setup';

let readmeApp: AppSlot;
let fiveOptionsApp: AppSlot;
let gh: ServeProcess;

/** A regular web app's registration: its callback, its base URL to come back to after logout, id_token allowed. */
const registration = (clientId: string, name: string, app: AppSlot): ConfigClient => ({
  clientId,
  clientSecret: CLIENT_SECRET,
  name,
  redirectUris: [`${app.url}/callback`],
  postLogoutRedirectUris: [app.url],
  grantTypes: ['authorization_code'],
  responseTypes: ['code', 'id_token'],
});

test.beforeAll(async () => {
  readmeApp = await reserveApp();
  fiveOptionsApp = await reserveApp();
  gh = await startGatehouseWith([
    registration('express-readme-app', 'Express App', readmeApp),
    registration('express-five-options-app', 'Express Five', fiveOptionsApp),
  ]);
  readmeApp.serve(buildExpressOpenidConnectApp(gh.authUrl, readmeApp.url, 'express-readme-app', { idpLogout: true }));
  fiveOptionsApp.serve(
    buildExpressOpenidConnectApp(gh.authUrl, fiveOptionsApp.url, 'express-five-options-app', { idpLogout: false }),
  );
});

test.afterAll(async () => {
  await readmeApp?.close();
  await fiveOptionsApp?.close();
  await gh?.stop();
});

test('the user signs in on Gatehouse, sees her name on the protected route, and /logout ends the Gatehouse session', async ({
  page,
}) => {
  await page.goto(`${readmeApp.url}/profile`);
  await signInOnGatehouse(page, 'Express App');
  await expect(page.locator('#name')).toHaveText(USER.name);
  expect(new URL(page.url()).pathname).toBe('/profile');

  await page.goto(`${readmeApp.url}/logout`);
  // Gatehouse ended its session and sent the browser back to the app's base URL, which (every
  // route being protected) asks Gatehouse to sign in again: the form, no silent sign-in
  await expect(page.getByRole('heading', { name: 'Sign in to Express App' })).toBeVisible();
  await signInOnGatehouse(page, 'Express App');
  await expect(page.getByText('Logged in')).toBeVisible();
});

test('with only the five options it signs in the same way, and its local /logout leaves the Gatehouse session', async ({
  page,
}) => {
  await page.goto(`${fiveOptionsApp.url}/profile`);
  await signInOnGatehouse(page, 'Express Five');
  await expect(page.locator('#name')).toHaveText(USER.name);

  const gatehousePages: string[] = [];
  page.on('framenavigated', (f) => {
    if (f.url().startsWith(`${gh.authUrl}/authorize`)) gatehousePages.push(f.url());
  });
  await page.goto(`${fiveOptionsApp.url}/logout`);
  // the library's default logout is the app's own; Gatehouse's session signs her back in silently
  await expect(page.getByText('Logged in')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in to Express Five' })).toHaveCount(0);
  expect(gatehousePages).toHaveLength(1);
});

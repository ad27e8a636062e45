/**
 * Auth.js (`@auth/express`) with a minimal `type: 'oidc'` provider in Chromium: its sign-in page's
 * button, Gatehouse's hosted login, its callback, then the app's page (getSession) and
 * `/auth/session` show the user's name, which Auth.js reads from the id_token alone.
 */
import { expect, test } from '@playwright/test';
import type { ServeProcess } from '../support/serve-process';
import { AUTHJS_CLIENT_ID, buildAuthJsApp } from '../libraries/auth-js-app';
import {
  reserveApp,
  signInOnGatehouse,
  startGatehouseWith,
  USER,
  webAppClient,
  type AppSlot,
} from '../libraries/setup';

let app: AppSlot;
let gh: ServeProcess;

test.beforeAll(async () => {
  app = await reserveApp();
  gh = await startGatehouseWith([webAppClient(AUTHJS_CLIENT_ID, 'Auth.js App', `${app.url}/auth/callback/gatehouse`)]);
  app.serve(buildAuthJsApp(gh.authUrl));
});

test.afterAll(async () => {
  await app?.close();
  await gh?.stop();
});

test("Auth.js' sign-in button leads through Gatehouse's login to a session holding the user's name", async ({
  page,
}) => {
  await page.goto(app.url);
  await expect(page.locator('#name')).toHaveText('Signed out');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign in with Gatehouse' }).click();
  await signInOnGatehouse(page, 'Auth.js App');

  await expect(page.locator('#name')).toHaveText(USER.name);
  const session = (await (await page.request.get(`${app.url}/auth/session`)).json()) as { user?: { name?: string } };
  expect(session.user?.name).toBe(USER.name);
});

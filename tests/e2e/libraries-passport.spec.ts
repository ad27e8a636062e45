/**
 * passport with openid-client's Strategy in Chromium: the protected home page sends the visitor
 * to /login, the Strategy to Gatehouse's hosted login, and its callback signs her in; `req.user`
 * (the id_token's claims) names her, on this page and the next, from passport's session.
 */
import { expect, test } from '@playwright/test';
import type { ServeProcess } from '../support/serve-process';
import { buildPassportApp, PASSPORT_CLIENT_ID } from '../libraries/passport-app';
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
  gh = await startGatehouseWith([webAppClient(PASSPORT_CLIENT_ID, 'Passport App', `${app.url}/callback`)]);
  app.serve(await buildPassportApp(gh.authUrl, app.url));
});

test.afterAll(async () => {
  await app?.close();
  await gh?.stop();
});

test('the Strategy signs her in through Gatehouse and req.user names her on every later request', async ({ page }) => {
  await page.goto(app.url);
  await signInOnGatehouse(page, 'Passport App');
  await expect(page.locator('#name')).toHaveText(USER.name);
  expect(page.url()).toBe(`${app.url}/`);

  // the next request finds her in passport's session, with no trip to Gatehouse
  const toGatehouse: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(gh.authUrl)) toGatehouse.push(r.url());
  });
  await page.reload();
  await expect(page.locator('#name')).toHaveText(USER.name);
  expect(toGatehouse).toEqual([]);
});

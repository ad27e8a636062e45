/**
 * openid-client v6 with `response_mode=form_post` in Chromium: Gatehouse's auto-submitting page
 * posts the code to the app, and openid-client's `authorizationCodeGrant` reads it from the posted
 * `Request`. (tests/e2e/form-post.spec.ts tests the page itself; this is the library's side.)
 */
import { expect, test } from '@playwright/test';
import type { ServeProcess } from '../support/serve-process';
import { buildOpenidClientApp, OPENID_CLIENT_ID, type OpenidClientApp } from '../libraries/openid-client-app';
import {
  reserveApp,
  signInOnGatehouse,
  startGatehouseWith,
  USER,
  webAppClient,
  type AppSlot,
} from '../libraries/setup';

let slot: AppSlot;
let gh: ServeProcess;
let rp: OpenidClientApp;

test.beforeAll(async () => {
  slot = await reserveApp();
  gh = await startGatehouseWith([webAppClient(OPENID_CLIENT_ID, 'Openid Client App', `${slot.url}/callback`)]);
  rp = await buildOpenidClientApp(gh.authUrl, slot.url);
  slot.serve(rp.app);
});

test.afterAll(async () => {
  await slot?.close();
  await gh?.stop();
});

test("the code is posted to the app's callback and authorizationCodeGrant's id_token names the user", async ({
  page,
}) => {
  await page.goto(`${slot.url}/login`);
  await signInOnGatehouse(page, 'Openid Client App');
  await expect(page.locator('#name')).toHaveText(USER.name);
  expect(rp.callbackMethods).toEqual(['POST']);
});

/**
 * Recipe: a Playwright fixture. One Gatehouse per worker (`scope: 'worker'`), put back to the
 * config before each test by an automatic fixture, so tests never see each other's sessions.
 * Point your app's issuer at `gh.issuer` (start the app in a worker fixture of its own).
 */
import { test as base } from '@playwright/test';
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { config } from '../config';

export const test = base.extend<{ freshGatehouse: void }, { gh: TestGatehouse }>({
  gh: [
    async ({}, use) => {
      const gh = await startGatehouse({ config });
      await use(gh);
      await gh.stop();
    },
    { scope: 'worker' },
  ],
  freshGatehouse: [
    async ({ gh }, use) => {
      await gh.reset();
      await use();
    },
    { auto: true },
  ],
});
export { expect } from '@playwright/test';

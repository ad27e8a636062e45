import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';
import { adminOver } from '../support/admin-http';
import { CAROL, registerAt, SAMPLE_CLIENT, startSampleAppProcess } from '../support/sample-app';

// Gatehouse started as `npm run example` starts it: with the sample app's own config file
test.use({ serveArgs: ['--config', 'examples/sample-app/gatehouse.json'] });

test(
  "the whole loop: sign in to the sample app, see its session in the console, revoke it there, and the app's next page is signed out",
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const app = await startSampleAppProcess(gh.authUrl);
    try {
      await registerAt(adminOver(gh.consoleUrl, gh.adminToken), app.url);

      // the app's button → Gatehouse's hosted login page, named for the app → back at the app
      await page.goto(app.url);
      await page.getByRole('button', { name: 'Sign in with Gatehouse' }).click();
      await expect(page.getByRole('heading', { name: 'Sign in to Sample App' })).toBeVisible();
      await page.getByLabel('Username').fill(CAROL.username);
      await page.getByLabel('Password').fill(CAROL.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.locator('#who')).toHaveText(CAROL.claims.name);
      const claims = page.getByRole('table', { name: 'ID token claims' });
      await expect(claims.locator('[data-claim="aud"] td')).toHaveText(SAMPLE_CLIENT.clientId);
      const sid = (await claims.locator('[data-claim="sid"] td').textContent())!;
      await screenshot(page, 'sample-app');

      // its own API, called with the session's access token
      await page.getByRole('button', { name: 'Call /api/orders' }).click();
      await expect(page.locator('#api-status')).toHaveText('200');
      await page.getByRole('link', { name: 'Back' }).click();

      // the console, in another tab: the session, named for the app; revoked from its row
      const consolePage = await page.context().newPage();
      await gh.open(consolePage, 'sessions');
      const row = consolePage.locator(`[data-session-id="${sid}"]`);
      await expect(row).toContainText(CAROL.username);
      await expect(row.locator('.col-apps')).toHaveText('Sample App');
      await row.getByRole('button', { name: `Revoke session of ${CAROL.username}` }).click();
      const dialog = consolePage.getByRole('dialog', { name: 'Revoke this session?' });
      await dialog.getByRole('button', { name: 'Revoke session' }).click();
      await expect(dialog).toBeHidden();
      await expect(row.getByText('revoked')).toBeVisible();

      // the app heard it by back channel: its next page is signed out
      await expect(async () => {
        await page.reload();
        await expect(page.getByRole('status')).toContainText('Your session ended at Gatehouse', { timeout: 500 });
      }).toPass({ timeout: 10_000 });
      await expect(page.getByRole('button', { name: 'Sign in with Gatehouse' })).toBeVisible();
      await expect(page.locator('#who')).toHaveCount(0);

      // the console's Session detail shows the delivery to the app, live
      await row.click();
      const deliveries = consolePage.getByRole('list', { name: 'Back-channel logout deliveries' });
      const delivery = deliveries.locator(`[data-delivery-client="${SAMPLE_CLIENT.clientId}"]`);
      await expect(delivery).toContainText('Sample App');
      await expect(delivery).toContainText('delivered');
      await expect(delivery).toContainText(`${app.url}/backchannel-logout`);
      await expect(delivery).toContainText('1 attempt');
      await screenshot(consolePage, 'session-delivery');
    } finally {
      await app.stop();
    }
  },
);

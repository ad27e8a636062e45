/**
 * The console's "test instance: hooks armed" banner: shown by the console of an instance started by
 * `@gatehouse/testing` (composed with its hooks), never by a served Gatehouse's.
 */
import { startGatehouse } from '@gatehouse/testing';
import { expect, test } from './fixtures';

test('the console of a @gatehouse/testing instance shows the banner on every screen', async ({ page }) => {
  const gh = await startGatehouse();
  try {
    await page.goto(gh.consoleUrl);
    await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
    const banner = page.getByRole('status').filter({ hasText: 'test instance: hooks armed' });
    await expect(banner).toBeVisible();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Clients' }).click();
    await expect(banner).toBeVisible();
  } finally {
    await gh.stop();
  }
});

test('a console connected to a served instance shows no such banner', async ({ gh, page }) => {
  await gh.open(page);
  await expect(page.getByText('test instance: hooks armed')).toHaveCount(0);
});

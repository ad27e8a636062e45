/**
 * The console's "test instance: hooks armed" banner. A served Gatehouse never has hooks, so the
 * console's system.info answer is given `testHooks: true` on its way to the page (the server's side,
 * that only an instance composed with grantTestPowers({ hooks }) says so, is
 * tests/testing/hooks-requests.test.ts).
 */
import { expect, test } from './fixtures';

test('a console connected to a test instance with hooks shows the banner on every screen', async ({ gh, page }) => {
  await page.route('**/admin/api/system.info', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { ok: boolean; value: Record<string, unknown> };
    await route.fulfill({ response, json: { ...body, value: { ...body.value, testHooks: true } } });
  });
  await gh.open(page);
  const banner = page.getByRole('status').filter({ hasText: 'test instance: hooks armed' });
  await expect(banner).toBeVisible();
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Clients' }).click();
  await expect(banner).toBeVisible();
});

test('a console connected to a served instance shows no such banner', async ({ gh, page }) => {
  await gh.open(page);
  await expect(page.getByText('test instance: hooks armed')).toHaveCount(0);
});

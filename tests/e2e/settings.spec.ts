import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';

test(
  'the linter warns while typing, errors block saving, and a save persists',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    await gh.open(page, 'settings');
    const check = page.getByRole('status', { name: 'Settings check' });
    await expect(check).toContainText('No unsafe combinations');
    await expect(page.getByLabel('Issuer (iss)')).toHaveAttribute('readonly', '');

    const ttl = page.getByLabel('Access token lifetime');
    await ttl.fill('2000');
    await expect(check).toContainText('outlive the verification cap');
    await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();

    await ttl.fill('120');
    await page.getByLabel('Clock tolerance').fill('90');
    await expect(check).toContainText('clock tolerance over 60 s');
    await expect(page.getByRole('button', { name: 'Save settings' })).toBeEnabled();
    await screenshot(page, 'settings');
    await page.getByLabel('Clock tolerance').fill('10');
    await page.getByLabel('Idle timeout').fill('3600');
    await expect(check).toContainText('No unsafe combinations');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();

    const saved = (await gh.admin('settings.get')).settings;
    expect(saved).toMatchObject({ accessTokenTtl: 120, clockTolerance: 10, idleTimeout: 3600 });
    // and the next login gets a token with the new lifetime
    expect((await gh.login('alice')).expires_in).toBe(120);
  },
);

test('users: create one, bump a token version and see older tokens rejected', async ({ page, gh }) => {
  const login = await gh.login('alice');
  await gh.open(page, 'settings');
  const users = page.getByRole('table', { name: 'Users' });
  await expect(users).toContainText('alice');

  const form = page.getByRole('form', { name: 'Create user' });
  await form.getByLabel('Username').fill('carol');
  await form.getByLabel('Password').fill('carol-Passw0rd!');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(users.getByRole('row').filter({ hasText: 'carol' })).toBeVisible();
  expect((await gh.admin('users.list')).some((u) => u.username === 'carol')).toBe(true);

  const aliceRow = users.getByRole('row').filter({ hasText: 'alice' });
  const version = Number(await aliceRow.locator('td.mono').textContent());
  await page.getByRole('button', { name: 'Bump token version of alice' }).click();
  await expect(aliceRow.locator('td.mono')).toHaveText(String(version + 1));
  expect(await gh.me(login.access_token)).toBe(401);
});

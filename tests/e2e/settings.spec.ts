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

test('the banner counts every field’s error: values out of range and an empty audience with the linter’s', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'settings');
  const check = page.getByRole('status', { name: 'Settings check' });
  await page.getByLabel('Access token lifetime').fill('2');
  await expect(check).toContainText('1 error (refused by the server)');
  await expect(check).toContainText('accessTokenTtl A whole number from 5 to 86400.');
  await page.getByLabel('Clock tolerance').fill('');
  await page.getByLabel('Audience (aud)').fill('');
  await expect(check).toContainText('3 errors (refused by the server)');
  await expect(check.getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
});

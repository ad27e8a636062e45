import { expect, test } from './fixtures';
import { startRelyingParty } from './relying-party';

test("an app's user signs in on Gatehouse's page and the session appears on the Sessions screen with the app's name", async ({
  page,
  gh,
}) => {
  const rp = await startRelyingParty(gh.authUrl, 'tiny-rp', async (redirectUri) => {
    await gh.admin('clients.create', {
      clientId: 'tiny-rp',
      name: 'Tiny RP',
      redirectUris: [redirectUri],
      grantTypes: ['authorization_code'],
      tokenEndpointAuthMethod: 'none',
    });
  });
  try {
    await page.goto(rp.url);
    await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();

    // Gatehouse's hosted login page, named for the app
    await expect(page.getByRole('heading', { name: 'Sign in to Tiny RP' })).toBeVisible();
    await page.getByLabel('Username').fill('alice');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toHaveText('The username or password is not right.');
    await expect(page.getByLabel('Username')).toHaveValue('alice');
    await page.getByLabel('Password').fill(gh.demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // back at the app, with tokens and UserInfo
    await expect(page.locator('#who')).toHaveText('Signed in as alice');
    const sid = (await page.locator('#sid').textContent())!;

    await gh.open(page, 'sessions');
    const row = page.locator(`[data-session-id="${sid}"]`);
    await expect(row).toContainText('alice');
    await expect(row.locator('.col-apps')).toHaveText('Tiny RP');
    await row.click();
    await expect(page.getByRole('complementary', { name: 'Session detail' })).toContainText('Tiny RP');
  } finally {
    await rp.close();
  }
});

import { startLogoutReceiver } from '../support/logout-receiver';
import { expect, test } from './fixtures';
import { startRelyingParty } from './relying-party';
import { dismissToasts, screenshot, SCREENSHOT_TAG } from './screenshots';

test(
  'a session names the apps holding its tokens and their refresh family; when it ends, the back-channel logout to each shows live; the inspector tells the ID and logout tokens apart',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const receiver = await startLogoutReceiver(gh.authUrl, 'tiny-rp', () => Math.floor(Date.now() / 1000));
    const rp = await startRelyingParty(
      gh.authUrl,
      'tiny-rp',
      async (redirectUri) => {
        await gh.admin('clients.create', {
          clientId: 'tiny-rp',
          name: 'Tiny RP',
          redirectUris: [redirectUri],
          grantTypes: ['authorization_code', 'refresh_token'],
          tokenEndpointAuthMethod: 'none',
          backchannelLogoutUri: receiver.uri,
        });
      },
      { scope: 'openid profile offline_access' },
    );
    try {
      await page.goto(rp.url);
      await page.getByRole('link', { name: 'Sign in with Gatehouse' }).click();
      await page.getByLabel('Username').fill('alice');
      await page.getByLabel('Password').fill(gh.demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.locator('#who')).toHaveText('Signed in as alice');
      const sid = (await page.locator('#sid').textContent())!;
      const idToken = (await page.locator('#id-token').textContent())!;

      await gh.open(page, 'sessions');
      await page.locator(`[data-session-id="${sid}"]`).click();
      const detail = page.getByRole('complementary', { name: 'Session detail' });
      const apps = detail.getByRole('list', { name: 'Apps in this session' });
      await expect(apps.getByRole('listitem')).toHaveCount(1);
      await expect(apps).toContainText('Tiny RP');
      await expect(apps).toContainText('tiny-rp');
      await expect(apps).toContainText('holds a live refresh token');
      const family = detail.getByRole('list', { name: 'Refresh token family: Tiny RP' });
      await expect(family.getByRole('listitem')).toHaveCount(1);
      await expect(family).toContainText('issued at code exchange');
      await expect(detail).toContainText('When this session ends, each of its apps with a back-channel logout URI');

      // the session ends: the app is told, and the delivery shows without a reload
      await detail.getByRole('button', { name: 'Revoke session' }).click();
      await page
        .getByRole('dialog', { name: 'Revoke this session?' })
        .getByRole('button', { name: 'Revoke session' })
        .click();
      const deliveries = detail.getByRole('list', { name: 'Back-channel logout deliveries' });
      const delivery = deliveries.locator('[data-delivery-client="tiny-rp"]');
      await expect(delivery).toContainText('delivered');
      await expect(delivery).toContainText('Tiny RP');
      await expect(delivery).toContainText(receiver.uri);
      await expect(delivery).toContainText('1 attempt');
      await expect(delivery).toContainText(/answered in \d+ ms/);
      const [received] = await receiver.waitFor(1);
      expect(received!.claims.sid).toBe(sid);
      expect(receiver.rejected).toEqual([]);
      await expect(family).toContainText('Session revoked');
      await dismissToasts(page);
      await deliveries.scrollIntoViewIfNeeded();
      await screenshot(page, 'session-apps');

      // the inspector: the app's ID token, then the logout token it received
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Token inspector' }).click();
      await page.getByLabel('Token', { exact: true }).fill(idToken);
      const kind = page.getByRole('note', { name: 'Token type' });
      await expect(kind).toContainText('ID token');
      await expect(kind).toContainText('Issued to the app Tiny RP');
      const claims = page.getByRole('table', { name: 'Claims' });
      await expect(claims.locator('[data-claim="aud"]')).toContainText('client id of the app this ID token is for');
      await expect(claims.locator('[data-claim="nonce"]')).toContainText('authorization request');
      await expect(claims.locator('[data-claim="at_hash"]')).toContainText('SHA-256 of the access token');
      await expect(claims.locator('[data-claim="auth_time"]')).toContainText(/authenticated .* ago/);
      await expect(page.getByRole('list', { name: 'Token warnings' })).toContainText(
        'must never accept it as an access token',
      );
      // checked against the ring as what it is (its own typ, the issuer, a registered client's aud)
      await expect(page.getByRole('status').filter({ hasText: 'Signature verified' })).toContainText('ID token: valid');

      await page.getByLabel('Token', { exact: true }).fill(received!.raw);
      await expect(kind).toContainText('Logout token');
      await expect(kind).toContainText('typ logout+jwt');
      await expect(claims.locator('[data-claim="events"]')).toContainText(
        'http://schemas.openid.net/event/backchannel-logout',
      );
      await expect(claims.locator('[data-claim="sid"]')).toContainText('The Gatehouse session that ended');
    } finally {
      await rp.close();
      await receiver.close();
    }
  },
);

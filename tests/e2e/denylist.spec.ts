import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';

test(
  'denylisting a pasted token makes /api/me reject it; removing the entry lets it through again',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const login = await gh.login('alice');
    const other = await gh.login('alice');
    await gh.open(page, 'denylist');
    await expect(page.getByText('The denylist is empty')).toBeVisible();

    await page.getByLabel('Access token to denylist').fill(login.access_token);
    await expect(page.getByText(/Will denylist jti/)).toBeVisible();
    await page.getByLabel('Reason').fill('leaked in a log file');
    await page.getByRole('button', { name: 'Add to denylist' }).click();

    const entries = page.getByRole('table', { name: 'Denylist entries' });
    const row = entries.getByRole('row').filter({ hasText: 'leaked in a log file' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Access token (jti)');
    await expect(row).toContainText(/\d+:\d\d|\d+ h/); // the prune countdown
    expect(await gh.me(login.access_token)).toBe(401);
    // only that token: the session and its other tokens keep working
    expect(await gh.me(other.access_token)).toBe(200);

    // a session revoked elsewhere shows up live
    await gh.admin('sessions.revoke', { sessionId: other.session_id });
    await expect(entries.getByRole('row').filter({ hasText: 'Session (sid)' })).toBeVisible();
    await screenshot(page, 'denylist', { fullPage: true });

    const list = (await gh.admin('denylist.list')).items;
    const jti = list.find((e) => e.kind === 'jti')!.subject;
    await page.getByRole('button', { name: `Remove denylist entry ${jti}` }).click();
    await expect(row).toBeHidden();
    expect(await gh.me(login.access_token)).toBe(200);
  },
);

test('an invalid token is refused with the reason', async ({ page, gh }) => {
  await gh.open(page, 'denylist');
  await page.getByLabel('Access token to denylist').fill('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
  await page.getByRole('button', { name: 'Add to denylist' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'only a currently valid token' })).toBeVisible();
});

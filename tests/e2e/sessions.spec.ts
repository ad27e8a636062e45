import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';

const refresh = (authUrl: string, refreshToken: string) =>
  fetch(`${authUrl}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });

test('a login appears live; revoking it in the table makes /api/me answer 401', async ({ page, gh }) => {
  await gh.open(page, 'sessions');
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();

  const login = await gh.login('alice');
  // no reload: the row arrives through the event stream
  const row = page.locator(`[data-session-id="${login.session_id}"]`);
  await expect(row).toBeVisible();
  await expect(row).toContainText('alice');
  await expect(row).toContainText('Firefox on Linux');
  await expect(row.getByText('active')).toBeVisible();
  expect(await gh.me(login.access_token)).toBe(200);

  await row.getByRole('button', { name: 'Revoke session of alice' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke this session?' });
  await expect(dialog).toContainText('alice');
  await dialog.getByRole('button', { name: 'Revoke session' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.getByText('revoked')).toBeVisible();
  expect(await gh.me(login.access_token)).toBe(401);
});

test(
  'detail shows the refresh family with a detected reuse; filter, sort and revoke all of a user',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const a1 = await gh.login('alice');
    const a2 = await gh.login('alice');
    const b1 = await gh.login('bob');
    // rotate once, then present the old refresh token again: reuse detection revokes the family
    expect((await refresh(gh.authUrl, a1.refresh_token)).status).toBe(200);
    expect((await refresh(gh.authUrl, a1.refresh_token)).status).toBe(401);

    await gh.open(page, 'sessions');
    await page.locator(`[data-session-id="${a1.session_id}"]`).click();
    const detail = page.getByRole('complementary', { name: 'Session detail' });
    await expect(detail).toContainText(a1.session_id);
    const chain = detail.getByRole('list', { name: 'Refresh token family' });
    await expect(chain.getByRole('listitem')).toHaveCount(3); // two links + the revocation
    await expect(chain).toContainText('reuse detected');
    await expect(chain).toContainText('rotation 1');
    await expect(detail.getByRole('table', { name: 'Access tokens issued' }).getByRole('row')).toHaveCount(3);
    await expect(detail.getByRole('list', { name: 'Session audit events' })).toContainText('refresh.reuse_detected');

    // filter by user, then sort by user name
    await page.getByLabel('User', { exact: true }).selectOption({ label: 'bob' });
    await expect(page.locator('[data-session-id]')).toHaveCount(1);
    await expect(page.locator(`[data-session-id="${b1.session_id}"]`)).toBeVisible();
    await page.getByLabel('User', { exact: true }).selectOption({ label: 'All users' });
    await page.getByRole('searchbox', { name: 'Search sessions' }).fill('bob');
    await expect(page.locator('[data-session-id]')).toHaveCount(1);
    await page.getByRole('searchbox', { name: 'Search sessions' }).fill('');
    await expect(page.locator('[data-session-id]')).toHaveCount(3);
    await page.getByRole('columnheader', { name: /User/ }).getByRole('button').click();
    await expect(page.getByRole('columnheader', { name: /User/ })).toHaveAttribute('aria-sort', 'ascending');
    await expect(page.locator('[data-session-id]').first()).toContainText('alice');

    await screenshot(page, 'sessions');

    await detail.getByRole('button', { name: 'Revoke all of alice' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke all sessions of alice?' });
    await dialog.getByRole('button', { name: 'Revoke all sessions' }).click();
    await expect(page.locator(`[data-session-id="${a2.session_id}"]`).getByText('revoked')).toBeVisible();
    expect(await gh.me(a2.access_token)).toBe(401);
    expect(await gh.me(b1.access_token)).toBe(200);

    await page.getByRole('radio', { name: 'Dark' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await screenshot(page, 'sessions-dark');
  },
);

test('the detail names the user who acted on the session, not their user id', async ({ page, gh }) => {
  const alice = (await gh.admin('users.list')).find((u) => u.username === 'alice')!;
  const login = await gh.login('alice');
  expect((await refresh(gh.authUrl, login.refresh_token)).status).toBe(200);
  await gh.open(page, 'sessions');
  await page.locator(`[data-session-id="${login.session_id}"]`).click();
  const events = page
    .getByRole('complementary', { name: 'Session detail' })
    .getByRole('list', { name: 'Session audit events' });
  await expect(events.getByRole('listitem')).toHaveCount(2); // the login and the refresh
  for (const item of await events.getByRole('listitem').all()) await expect(item).toContainText('by alice');
  await expect(events).not.toContainText(alice.id);
});

test('at 1366×768 with the detail panel open, two sessions of one user are told apart by device and creation time', async ({
  page,
  gh,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const firefox = await gh.login('bob');
  const res = await fetch(`${gh.authUrl}/auth/login`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile/15E148 Safari/604.1',
    },
    body: JSON.stringify({ username: 'bob', password: gh.demoPassword }),
  });
  const iphone = (await res.json()) as { session_id: string };
  await gh.open(page, 'sessions');
  const rowOf = (sid: string) => page.locator(`[data-session-id="${sid}"]`);
  await rowOf(firefox.session_id).click();
  await expect(page.getByRole('complementary', { name: 'Session detail' })).toBeVisible();
  // the Device and Created columns gave way to the panel; the user cell's second line says both
  await expect(page.locator('.vthead .col-device')).toBeHidden();
  const seen = async (sid: string) => (await rowOf(sid).innerText()).replace(/\s+/g, ' ');
  expect(await seen(firefox.session_id)).toContain('Firefox on Linux');
  expect(await seen(iphone.session_id)).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} · Safari on iOS/);
  expect(await seen(firefox.session_id)).not.toBe(await seen(iphone.session_id));
});

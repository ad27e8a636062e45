import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The revoke path with the keyboard alone: focus is never lost to `<body>`. Opening a row moves
 * focus into its panel, a confirmed revoke leaves focus where the reader was, and Escape closes
 * the panel and gives focus back to the row.
 */

/** Presses Tab until `target` has focus; fails after `max` presses (the panel is meant to be near). */
async function tabTo(page: Page, target: Locator, max = 6): Promise<number> {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === el.ownerDocument.activeElement)) return presses;
  }
  throw new Error(`${String(target)} did not take focus within ${max} Tabs`);
}

type Doc = { activeElement: unknown; body: unknown };
const bodyHasFocus = (page: Page) =>
  page.evaluate(() => {
    const doc = (globalThis as unknown as { document: Doc }).document;
    return doc.activeElement === doc.body;
  });

test('revoking from the session panel with the keyboard keeps focus in the panel; Escape returns it to the row', async ({
  page,
  gh,
}) => {
  const login = await gh.login('alice');
  await gh.open(page, 'sessions');
  const row = page.locator(`.vrow[data-session-id="${login.session_id}"]`);
  await row.focus();
  await page.keyboard.press('Enter');

  const panel = page.getByRole('complementary', { name: 'Session detail' });
  await expect(panel).toBeFocused();
  const revoke = panel.getByRole('button', { name: 'Revoke session' });
  expect(await tabTo(page, revoke)).toBeLessThanOrEqual(2); // after the close button
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Revoke this session?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Revoke session' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(panel.getByText('revoked', { exact: true }).first()).toBeVisible();
  await expect(revoke).toBeDisabled();
  await expect(panel).toBeFocused();
  expect(await bodyHasFocus(page)).toBe(false);
  expect(await gh.me(login.access_token)).toBe(401);

  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(row).toBeFocused();
});

test("revoking from a row's button with the keyboard gives focus back to the row, not to <body>", async ({
  page,
  gh,
}) => {
  const login = await gh.login('bob');
  await gh.open(page, 'sessions');
  const row = page.locator(`.vrow[data-session-id="${login.session_id}"]`);
  await row.focus();
  const revoke = row.getByRole('button', { name: 'Revoke session of bob' });
  await tabTo(page, revoke, 1);
  await page.keyboard.press('Enter');

  const dialog = page.getByRole('dialog', { name: 'Revoke this session?' });
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(row.getByText('revoked')).toBeVisible();
  await expect(revoke).toHaveCount(0); // the button that opened the dialog is gone
  await expect(row).toBeFocused();
  expect(await bodyHasFocus(page)).toBe(false);
});

test('Escape in the confirm dialog closes only the dialog; the panel stays open', async ({ page, gh }) => {
  const login = await gh.login('alice');
  await gh.open(page, 'sessions');
  await page.locator(`.vrow[data-session-id="${login.session_id}"]`).click();
  const panel = page.getByRole('complementary', { name: 'Session detail' });
  const revoke = panel.getByRole('button', { name: 'Revoke session' });
  await revoke.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Revoke this session?' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(panel).toBeVisible();
  await expect(revoke).toBeFocused(); // cancelled: back to the button that asked
});

test('closing the user and client panels gives focus back to their rows, not to <body>', async ({ page, gh }) => {
  await gh.open(page, 'users');
  const aliceRow = page.locator('tr[data-user-id]').filter({ hasText: 'alice' });
  await aliceRow.getByRole('button', { name: 'alice', exact: true }).focus();
  await page.keyboard.press('Enter');
  const userPanel = page.getByRole('complementary', { name: 'User detail' });
  await expect(userPanel).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(userPanel).toBeHidden();
  await expect(aliceRow.getByRole('button', { name: 'alice', exact: true })).toBeFocused();

  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Clients' }).click();
  const clientRow = page.locator('tr[data-client-id="demo-resource"]');
  await clientRow.getByRole('button').first().focus();
  await page.keyboard.press('Enter');
  const clientPanel = page.getByRole('complementary', { name: 'Client detail' });
  await expect(clientPanel).toBeFocused();
  await clientPanel.getByRole('button', { name: 'Close client detail' }).press('Enter');
  await expect(clientPanel).toBeHidden();
  await expect(clientRow.getByRole('button').first()).toBeFocused();
});

test('removing a denylist entry with the keyboard moves focus to the screen, not to <body>, when its row goes', async ({
  page,
  gh,
}) => {
  const login = await gh.login('alice');
  await gh.admin('denylist.add', { token: login.access_token, reason: 'leaked in a log file' });
  const jti = (await gh.admin('denylist.list')).items.find((e) => e.kind === 'jti')!.subject;
  await gh.open(page, 'denylist');
  const remove = page.getByRole('button', { name: `Remove denylist entry ${jti}` });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(remove).toHaveCount(0);
  await expect(page.getByRole('main')).toBeFocused();
  expect(await bodyHasFocus(page)).toBe(false);
});

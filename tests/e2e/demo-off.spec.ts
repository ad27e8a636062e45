import { expect, test } from './fixtures';

test('without the virtual clock the demo lab says how to enable it and its Run buttons are disabled', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'demo');
  await expect(page.getByRole('note')).toContainText('npm run serve -- --virtual-clock');
  const runs = page.getByRole('button', { name: /^Run / });
  await expect(runs).toHaveCount(6);
  for (const button of await runs.all()) await expect(button).toBeDisabled();
  // the shortcut of the new screen
  await page.keyboard.press('1');
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
  await page.keyboard.press('9');
  await expect(page.getByRole('heading', { name: 'Demo lab', level: 1 })).toBeVisible();
});

import { expect, test } from './fixtures';

/**
 * The lab needs no flag: without --virtual-clock (the live instance on real time) its scenarios
 * run, in the sandbox, and leave the live users, keys, sessions and clock as they were. Before the
 * sandbox, this server said "the virtual clock is off" and disabled every Run button.
 */
test('without --virtual-clock the demo lab runs its scenarios in the sandbox and touches nothing live', async ({
  page,
  gh,
}) => {
  const users = await gh.admin('users.list');
  const keys = await gh.admin('keys.list');
  await gh.open(page, 'demo');
  await expect(page.getByText('virtual clock is off')).toHaveCount(0);
  const runs = page.getByRole('button', { name: /^Run / });
  await expect(runs).toHaveCount(7);
  for (const button of await runs.all()) await expect(button).toBeEnabled();
  // the scenario that bumps the demo user's token version and opens sessions for them
  await page.getByRole('combobox', { name: 'Pace' }).selectOption({ label: 'Instant' });
  await page.getByRole('button', { name: 'Run Role change' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Role change: Pass', { timeout: 45_000 });
  expect(await gh.admin('users.list')).toEqual(users);
  expect(await gh.admin('keys.list')).toEqual(keys);
  expect((await gh.admin('sessions.list', {})).total).toBe(0);
  await expect(gh.admin('clock.get')).rejects.toThrow(/clock_disabled/);
  // ...while the sandbox's demo user carries the new version
  const alice = (await gh.sandbox('users.list')).find((u) => u.username === 'alice')!;
  expect(alice.tokenVersion).toBeGreaterThan(users.find((u) => u.username === 'alice')!.tokenVersion);
  // the shortcut of the screen
  await page.keyboard.press('1');
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
  await page.keyboard.press('9');
  await expect(page.getByRole('heading', { name: 'Demo lab', level: 1 })).toBeVisible();
});

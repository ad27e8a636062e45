import { expect, test } from './fixtures';

/**
 * `--virtual-clock` stays for test suites that drive the live instance's time; the console gives
 * them the way back to real time (clock.reset). Without the flag there is nothing to reset.
 */
test.describe('a live instance started with --virtual-clock', () => {
  test.use({ serveArgs: ['--virtual-clock'] });

  test('Settings shows its clock and goes back to real time', async ({ page, gh }) => {
    await gh.admin('clock.advance', { seconds: 86_400 });
    const held = await gh.admin('clock.set', { rate: 60, paused: true });
    expect(held.now - Date.now() / 1000).toBeGreaterThan(86_000);
    await gh.open(page, 'settings');
    const panel = page.getByRole('region', { name: 'Virtual clock' });
    await expect(panel.getByLabel('Live instance time')).toHaveAttribute('data-now', String(held.now));
    await expect(panel).toContainText('paused');
    await panel.getByRole('button', { name: 'Back to real time' }).click();
    await expect(panel).toContainText('running 1×');
    const clock = await gh.admin('clock.get');
    expect(clock).toMatchObject({ rate: 1, paused: false });
    // a day back: the system's time again, give or take the test's own seconds
    expect(Math.abs(clock.now - Date.now() / 1000)).toBeLessThan(60);
    const audit = await gh.admin('audit.list', { limit: 5 });
    expect(audit.map((e) => e.type)).toContain('clock.reset');
  });
});

test('without --virtual-clock Settings has no clock to reset', async ({ page, gh }) => {
  await gh.open(page, 'settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Identity' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Virtual clock' })).toHaveCount(0);
});

import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The demo lab runs on a sandbox, never on the live instance (issue 14): a run leaves the live
 * sessions and keys as they were, the Live | Sandbox switch shows the sandbox's own in the usual
 * screens with its label on each, a reset empties it, and the switch goes back. The server runs
 * without --virtual-clock: the lab needs no flag.
 */

const banner = (page: Page) => page.getByTestId('sandbox-banner');
const instance = (page: Page, name: 'Live' | 'Sandbox') =>
  page.getByRole('radiogroup', { name: 'Instance shown' }).getByRole('radio', { name });
const nav = (page: Page, label: string) =>
  page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: label });
const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1 });

/** Goes to a screen from the sidebar and checks the sandbox label is (or is not) on it. */
async function visit(page: Page, label: string, title: string, sandbox: boolean) {
  await nav(page, label).click();
  await expect(heading(page, title)).toBeVisible();
  if (sandbox) {
    await expect(banner(page)).toBeVisible();
    await expect(banner(page)).toContainText('Sandbox — demo data, not your live instance');
    await expect(page.locator('.app-shell')).toHaveAttribute('data-target', 'sandbox');
  } else {
    await expect(banner(page)).toHaveCount(0);
    await expect(page.locator('.app-shell')).toHaveAttribute('data-target', 'live');
  }
}

test('a run touches nothing live; the switch shows the sandbox, labelled on every screen; reset; back to live', async ({
  page,
  gh,
}) => {
  const liveKeys = await gh.admin('keys.list');
  const liveActive = liveKeys.find((k) => k.state === 'active')!;
  expect((await gh.admin('sessions.list', {})).total).toBe(0);
  expect((await gh.admin('demo.sandbox')).running).toBe(false);

  await gh.open(page, 'demo');
  await expect(instance(page, 'Live')).toHaveAttribute('aria-checked', 'true');
  await expect(banner(page)).toHaveCount(0);
  await expect(page.getByTestId('sandbox-state')).toHaveText('not started');
  // the scenario that used to emergency-revoke the live signing key and open live sessions
  await page.getByRole('combobox', { name: 'Pace' }).selectOption({ label: 'Instant' });
  await page.getByRole('button', { name: 'Run Key compromise' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toContainText('Key compromise: Pass', {
    timeout: 45_000,
  });
  await expect(page.getByTestId('sandbox-state')).toHaveText('running');
  const sandboxInfo = await gh.admin('demo.sandbox');
  expect(sandboxInfo.authUrl).not.toBe(gh.authUrl);
  await expect(page.getByRole('region', { name: 'Sandbox' })).toContainText(
    sandboxInfo.authUrl!.replace(/^https?:\/\//, ''),
  );

  // the live instance: its keys and sessions as they were, on its screens too
  expect(await gh.admin('keys.list')).toEqual(liveKeys);
  expect((await gh.admin('sessions.list', {})).total).toBe(0);
  await visit(page, 'Sessions', 'Sessions', false);
  await expect(page.getByText('No sessions yet')).toBeVisible();
  await visit(page, 'Signing keys', 'Signing keys', false);
  await expect(
    page.getByRole('listitem', { name: `Key ${liveActive.kid}` }).getByText('active', { exact: true }),
  ).toBeVisible();
  await expect(page.locator('.key-card.key-revoked')).toHaveCount(0);

  // the switch keeps the screen and shows the sandbox's keys: the revoked one and its successor
  const sandboxKeys = await gh.sandbox('keys.list');
  const revoked = sandboxKeys.find((k) => k.state === 'revoked')!;
  const successor = sandboxKeys.find((k) => k.state === 'active')!;
  expect(sandboxKeys.some((k) => k.kid === liveActive.kid)).toBe(false);
  await instance(page, 'Sandbox').click();
  await expect(instance(page, 'Sandbox')).toHaveAttribute('aria-checked', 'true');
  await expect(heading(page, 'Signing keys')).toBeVisible();
  await expect(banner(page)).toBeVisible();
  await expect(page.getByRole('listitem', { name: `Key ${revoked.kid}` })).toBeVisible();
  await expect(page.getByRole('listitem', { name: `Key ${successor.kid}` })).toBeVisible();
  await expect(page.getByRole('listitem', { name: `Key ${liveActive.kid}` })).toHaveCount(0);
  await expect(page).toHaveTitle('Signing keys · Sandbox · Gatehouse');

  // every screen carries the label; the sandbox's sessions are the run's
  const sandboxSessions = await gh.sandbox('sessions.list', {});
  expect(sandboxSessions.total).toBeGreaterThan(0);
  await visit(page, 'Sessions', 'Sessions', true);
  await expect(page.locator(`[data-session-id="${sandboxSessions.items[0]!.id}"]`)).toBeVisible();
  await visit(page, 'Users', 'Users', true);
  await visit(page, 'Clients', 'Clients', true);
  await visit(page, 'Token inspector', 'Token inspector', true);
  await visit(page, 'Denylist', 'Denylist', true);
  await visit(page, 'Audit log', 'Audit log', true);
  await expect(page.locator('[data-audit-id]').first()).toBeVisible();
  await visit(page, 'Settings', 'Settings', true);
  await expect(page.getByRole('note', { name: 'Sandbox settings' })).toBeVisible();

  // reset from the lab while the sandbox is shown: the console shows a fresh one
  await visit(page, 'Demo lab', 'Demo lab', true);
  await page.getByRole('button', { name: 'Reset sandbox…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset the sandbox?' });
  await dialog.getByRole('button', { name: 'Reset sandbox', exact: true }).click();
  await expect(dialog).toBeHidden();
  await visit(page, 'Signing keys', 'Signing keys', true);
  await expect(page.getByRole('listitem', { name: `Key ${revoked.kid}` })).toHaveCount(0);
  const fresh = await gh.sandbox('keys.list');
  expect(fresh.some((k) => k.kid === revoked.kid || k.kid === successor.kid)).toBe(false);
  await expect(page.getByRole('listitem', { name: `Key ${fresh[0]!.kid}` })).toBeVisible();
  await visit(page, 'Sessions', 'Sessions', true);
  await expect(page.getByText('No sessions yet')).toBeVisible();

  // back to live from the banner: the same screen, the live data again
  await banner(page).getByRole('button', { name: 'Back to live' }).click();
  await expect(instance(page, 'Live')).toHaveAttribute('aria-checked', 'true');
  await expect(banner(page)).toHaveCount(0);
  await visit(page, 'Signing keys', 'Signing keys', false);
  await expect(page.getByRole('listitem', { name: `Key ${liveActive.kid}` })).toBeVisible();
  expect(await gh.admin('keys.list')).toEqual(liveKeys);
});

test('the lab can open the sandbox in the usual screens, and a reset from another console shows there', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'demo');
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  await expect(heading(page, 'Sessions')).toBeVisible();
  await expect(banner(page)).toBeVisible();
  // opening it started it; the demo user's session, opened here over the sandbox's own auth server
  const { authUrl } = await gh.admin('demo.sandbox');
  expect(authUrl).toBeTruthy();
  await expect(page.getByText('No sessions yet')).toBeVisible();
  const users = await gh.sandbox('users.list');
  expect(users.map((u) => u.username)).toContain('alice');
  expect(gh.demoPassword).toBeTruthy();
  // the live demo password does not open a sandbox session: its users are its own
  const refused = await fetch(`${authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'alice', password: gh.demoPassword }),
  });
  expect(refused.status).toBe(401);

  // another console resets it: this one, showing it, follows to a fresh sandbox
  const before = (await gh.sandbox('keys.list')).map((k) => k.kid);
  await nav(page, 'Signing keys').click();
  await expect(page.getByRole('listitem', { name: `Key ${before[0]!}` })).toBeVisible();
  expect((await gh.admin('demo.reset')).running).toBe(false);
  await expect(page.getByRole('listitem', { name: `Key ${before[0]!}` })).toHaveCount(0);
  await expect(page.locator('.key-card').first()).toBeVisible();
  await expect(banner(page)).toBeVisible();
});

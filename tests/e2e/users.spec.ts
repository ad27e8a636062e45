import { expect, test, type Gatehouse } from './fixtures';
import { dismissToasts, screenshot, SCREENSHOT_TAG } from './screenshots';

async function loginStatus(gh: Gatehouse, username: string, password: string): Promise<number> {
  const res = await fetch(`${gh.authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return res.status;
}

test(
  'custom claims and roles: an invalid claim name is refused while typing; saving raises the token version and older tokens die',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const login = await gh.login('alice');
    const alice = (await gh.admin('users.list')).find((u) => u.username === 'alice')!;
    await gh.open(page, 'users');
    await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: 'alice' }).click();
    const panel = page.getByRole('complementary', { name: 'User detail' });
    const version = panel.locator('[data-token-version]');
    await expect(version).toHaveText(String(alice.tokenVersion));
    // the login is listed among the user's sessions
    await expect(
      panel.getByRole('list', { name: 'Sessions of alice' }).locator(`[data-session-id="${login.session_id}"]`),
    ).toBeVisible();

    const claims = panel.getByRole('form', { name: 'Custom claims' });
    const editor = claims.getByLabel('Custom claims (JSON)');
    const save = claims.getByRole('button', { name: 'Save claims' });
    await editor.fill('{ "email": "alice@example.com", "bad name": 1 }');
    await expect(editor).toHaveAttribute('aria-invalid', 'true');
    await expect(claims.locator('.field-msg-error')).toHaveText(
      '"bad name": a claim name is 1–64 letters, digits or _ . : -',
    );
    await expect(save).toBeDisabled();
    await editor.fill('{ "email": "alice@example.com", "sub": "x" }');
    await expect(claims.locator('.field-msg-error')).toHaveText('sub: registered claim name, set by Gatehouse itself');
    await editor.fill('{ "email": "alice@example.com"');
    await expect(claims.locator('.field-msg-error')).toContainText('Not JSON');
    await editor.fill('{ "email": "alice@example.com", "name": "Alice Liddell" }');
    await expect(editor).toHaveAttribute('aria-invalid', 'false');
    await expect(claims).toContainText('Saving raises the token version');
    await save.click();
    await expect(version).toHaveText(String(alice.tokenVersion + 1));
    await expect(page.locator(`[data-user-id="${alice.id}"] .u-version`)).toHaveText(String(alice.tokenVersion + 1));
    expect(await gh.me(login.access_token)).toBe(401);
    expect((await gh.admin('users.list')).find((u) => u.id === alice.id)!.claims).toEqual({
      email: 'alice@example.com',
      name: 'Alice Liddell',
    });

    // roles: the same, through users.update
    const roles = panel.getByRole('form', { name: 'Roles' });
    await roles.getByLabel('Roles').fill('user, auditor');
    await roles.getByRole('button', { name: 'Save roles' }).click();
    await expect(version).toHaveText(String(alice.tokenVersion + 2));
    expect((await gh.admin('users.list')).find((u) => u.id === alice.id)!.roles).toEqual(['user', 'auditor']);
    await dismissToasts(page);
    await screenshot(page, 'users');
  },
);

test('disabling a user with a live session ends it and refuses their login; enabling lets them back', async ({
  page,
  gh,
}) => {
  const login = await gh.login('bob');
  await gh.open(page, 'users');
  await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: 'bob' }).click();
  const panel = page.getByRole('complementary', { name: 'User detail' });
  const session = panel.locator(`[data-session-id="${login.session_id}"]`);
  await expect(session).toContainText('active');

  await panel.getByRole('button', { name: 'Disable…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Disable bob?' });
  await expect(dialog.getByLabel('Impact')).toContainText('1 active session of bob ends now');
  await dialog.getByRole('button', { name: 'Disable user' }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('disabled');
  await expect(session).toContainText('revoked');
  expect(await gh.me(login.access_token)).toBe(401);
  expect(await loginStatus(gh, 'bob', gh.demoPassword)).toBe(401);

  await panel.getByRole('button', { name: 'Enable' }).click();
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('active');
  expect(await loginStatus(gh, 'bob', gh.demoPassword)).toBe(200);

  // a session of the user opens on the Sessions screen
  await session.click();
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Session detail' })).toContainText(login.session_id);
});

test('a password reset ends the sessions; the old password no longer works, the new one does', async ({ page, gh }) => {
  const login = await gh.login('alice');
  await gh.open(page, 'users');
  await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: 'alice' }).click();
  const panel = page.getByRole('complementary', { name: 'User detail' });
  await expect(panel.locator(`[data-session-id="${login.session_id}"]`)).toContainText('active');
  await panel.getByRole('button', { name: 'Reset password…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset the password of alice?' });
  await expect(dialog.getByLabel('Impact')).toContainText('1 active session of alice ends now');
  const confirm = dialog.getByRole('button', { name: 'Reset password' });
  await dialog.getByLabel('New password').fill('short');
  await expect(dialog).toContainText('At least 8 characters');
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel('New password').fill('a-new-Passw0rd!');
  await confirm.click();
  await expect(dialog).toBeHidden();
  await expect(panel.locator(`[data-session-id="${login.session_id}"]`)).toContainText('revoked');
  expect(await gh.me(login.access_token)).toBe(401);
  expect(await loginStatus(gh, 'alice', gh.demoPassword)).toBe(401);
  expect(await loginStatus(gh, 'alice', 'a-new-Passw0rd!')).toBe(200);
});

test('create a user with claims, bump their token version, then delete them with their sessions', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'users');
  await page.getByRole('button', { name: 'New user' }).click();
  const form = page.getByRole('form', { name: 'Create user' });
  await form.getByLabel('Username').fill('carol');
  await form.getByLabel('Password').fill('carol-Passw0rd!');
  await form.getByLabel('Roles').fill('user, billing');
  await form.getByLabel('Custom claims (JSON, optional)').fill('{ "iss": "me" }');
  await expect(form).toContainText('iss: registered claim name');
  await expect(form.getByRole('button', { name: 'Create user' })).toBeDisabled();
  await form.getByLabel('Custom claims (JSON, optional)').fill('{ "email": "carol@example.com" }');
  await form.getByRole('button', { name: 'Create user' }).click();
  const panel = page.getByRole('complementary', { name: 'User detail' });
  await expect(panel.getByRole('heading', { level: 2 })).toContainText('carol');
  const carol = (await gh.admin('users.list')).find((u) => u.username === 'carol')!;
  expect(carol).toMatchObject({ roles: ['user', 'billing'], claims: { email: 'carol@example.com' } });

  const first = await gh.login('carol').catch(() => null);
  expect(first).toBeNull(); // gh.login uses the demo password
  const res = await fetch(`${gh.authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'carol', password: 'carol-Passw0rd!' }),
  });
  const login = (await res.json()) as { access_token: string; session_id: string };
  await panel.getByRole('button', { name: 'Bump token version' }).click();
  await expect(panel.locator('[data-token-version]')).toHaveText(String(carol.tokenVersion + 1));
  expect(await gh.me(login.access_token)).toBe(401);

  await panel.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete carol?' });
  await expect(dialog.getByLabel('Impact')).toContainText('1 active session of carol ends now');
  await expect(dialog.getByLabel('Impact')).toContainText('cannot be undone');
  await dialog.getByRole('button', { name: 'Delete user' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('complementary', { name: 'User detail' })).toHaveCount(0);
  await expect(page.locator(`[data-user-id="${carol.id}"]`)).toHaveCount(0);
  expect((await gh.admin('users.list')).some((u) => u.username === 'carol')).toBe(false);
  expect(await loginStatus(gh, 'carol', 'carol-Passw0rd!')).toBe(401);
});

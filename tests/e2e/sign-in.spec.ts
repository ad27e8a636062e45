import type { Page } from '@playwright/test';
import { startServe, type ServeProcess } from '../support/serve-process';
import { expect, test } from './fixtures';

const ready = (page: Page) => page.locator('[data-app-state="ready"]');
const gate = (page: Page) => page.getByRole('form', { name: 'Sign in to the console' });
const field = (page: Page) => page.getByLabel('Sign-in link or admin token');
/** What a page script sees of its global scope (the specs compile without the DOM library). */
type PageGlobals = {
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  sameDocument?: boolean;
};
const storedToken = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('gatehouse.adminToken'));

/** A server whose admin token was generated (as on a first `npm start`), so it prints the sign-in link. */
async function startGenerated(env: NodeJS.ProcessEnv = {}): Promise<ServeProcess & { signIn: string }> {
  const server = await startServe({ env: { GATEHOUSE_ADMIN_TOKEN: '', ...env } });
  try {
    await expect.poll(server.output).toMatch(/sign in: \S+\n/);
    const lines = server.output().trim().split('\n');
    const signIn = /^sign in: (http:\/\/\S+#token=\S+)$/.exec(lines.at(-1)!)?.[1];
    if (!signIn) throw new Error(`the last line printed is not the sign-in link:\n${server.output()}`);
    return { ...server, signIn };
  } catch (err) {
    await server.stop();
    throw err;
  }
}

test('the last line printed signs in: the whole link pasted into the field opens the console', async ({ page }) => {
  const server = await startGenerated({ GATEHOUSE_LAUNCHED_BY: 'npm start' });
  try {
    // the ready lines stay as scripts expect them, the console line without the token, the demo
    // users named, and the sign-in link last
    expect(server.output()).toMatch(
      /\nauth server: http:\/\/\S+\nadmin console: http:\/\/\S+\/\ndemo users: alice \(admin, user\), bob \(user\); password: [^\n]+\nsign in: \S+\s*$/,
    );
    expect(server.signIn.startsWith(server.consoleUrl)).toBe(true);

    await page.goto(server.consoleUrl);
    await expect(gate(page)).toBeVisible();
    // the screen names the command that was run and shows the line it printed
    await expect(gate(page)).toContainText('The last line npm start printed is the sign-in link');
    await expect(gate(page).getByLabel('The line to look for')).toHaveText(
      `sign in: ${new URL(server.consoleUrl).origin}/#token=…`,
    );
    await field(page).fill(server.signIn);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(ready(page)).toBeVisible();
    expect(await storedToken(page)).toBe(new URL(server.signIn).hash.replace('#token=', ''));
  } finally {
    await server.stop();
  }
});

test('opening the sign-in link in the tab already on the gate (only the fragment changes) signs in', async ({
  page,
  gh,
}) => {
  await page.goto(gh.consoleUrl);
  await expect(gate(page)).toBeVisible();
  // named after the command that started this server, which printed no link (its token came from the environment)
  await expect(gate(page)).toContainText('npm run serve printed no sign-in link');
  await page.evaluate(() => ((globalThis as unknown as PageGlobals).sameDocument = true));
  await page.goto(`${gh.consoleUrl}#token=${gh.adminToken}`);
  await expect(ready(page)).toBeVisible();
  // no reload happened: the page noticed the fragment change
  expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).sameDocument)).toBe(true);
  // the token left the address bar at once
  expect(page.url()).toBe(gh.consoleUrl);
});

test('a reload stays signed in; the fragment is removed; a new tab or browser context signs in again', async ({
  page,
  gh,
  browser,
}) => {
  await page.goto(`${gh.consoleUrl}?screen=audit#token=${gh.adminToken}`);
  await expect(ready(page)).toBeVisible();
  expect(page.url()).toBe(`${gh.consoleUrl}?screen=audit`);

  await page.reload();
  await expect(ready(page)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Audit log', level: 1 })).toBeVisible();

  // sessionStorage belongs to the tab: a new tab of the same browser asks again
  const tab = await page.context().newPage();
  await tab.goto(gh.consoleUrl);
  await expect(gate(tab)).toBeVisible();
  const other = await browser.newContext();
  try {
    const fresh = await other.newPage();
    await fresh.goto(gh.consoleUrl);
    await expect(gate(fresh)).toBeVisible();
  } finally {
    await other.close();
  }
});

test('a refused token is forgotten and said so; a bare token in the field signs in', async ({ page, gh }) => {
  await page.goto(`${gh.consoleUrl}#token=not-the-token`);
  await expect(gate(page).getByRole('alert')).toContainText('refused that admin token');
  expect(await storedToken(page)).toBeNull();
  expect(page.url()).toBe(gh.consoleUrl);

  // a link without a token is refused in the page, before any request
  await field(page).fill(`${gh.consoleUrl}?screen=sessions`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(gate(page).getByRole('alert')).toContainText('carries no token');

  await field(page).fill(`  ${gh.adminToken}  `);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(ready(page)).toBeVisible();
  expect(await storedToken(page)).toBe(gh.adminToken);

  // a stored token the server no longer accepts (say, another data folder) is dropped on reload
  await page.evaluate(() =>
    (globalThis as unknown as PageGlobals).sessionStorage.setItem('gatehouse.adminToken', 'stale-token'),
  );
  await page.reload();
  await expect(gate(page).getByRole('alert')).toContainText('refused that admin token');
  expect(await storedToken(page)).toBeNull();
});

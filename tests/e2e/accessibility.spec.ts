import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startServe, type ServeProcess } from '../support/serve-process';
import { expect, test } from './fixtures';

/**
 * axe-core (WCAG 2.1 A and AA rules) over every console screen in both themes, with the detail
 * panels and a confirm dialog open, the console's sign-in screen, and the provider's hosted pages.
 * Any serious or critical violation fails, listed one per line. One server serves every test, and
 * one page load per theme every screen (the theme follows the emulated system preference).
 */
const THEMES = ['light', 'dark'] as const;
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const RP_REDIRECT = 'http://127.0.0.1:9/callback';
/** An S256 challenge has 43 base64url characters; the page is shown before anything checks it. */
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

test.describe.configure({ mode: 'serial' });
// the size the console was measured at: the demo lab's diagram and log scroll there
test.use({ viewport: { width: 1366, height: 768 } });

let server: ServeProcess;
let alice: { session_id: string };

async function admin(method: string, request: object = {}): Promise<unknown> {
  const res = await fetch(new URL(`/admin/api/${method}`, server.consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.adminToken}` },
    body: JSON.stringify(request),
  });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

async function login(username: string): Promise<{ session_id: string }> {
  const res = await fetch(`${server.authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' },
    body: JSON.stringify({ username, password: server.demoPassword }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

test.beforeAll(async () => {
  server = await startServe();
  alice = await login('alice');
  // a revoked session beside the active one: the Users panel shows both
  const ended = await login('alice');
  await admin('sessions.revoke', { sessionId: ended.session_id, reason: 'ended for the accessibility check' });
  await admin('clients.create', {
    clientId: 'a11y-app',
    name: 'A11y App',
    redirectUris: [RP_REDIRECT],
    grantTypes: ['authorization_code'],
    tokenEndpointAuthMethod: 'none',
  });
});

test.afterAll(async () => {
  await server?.stop();
});

/** The serious and critical violations on the page as it is now, one line each, named by `state`. */
async function violations(page: Page, state: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) =>
      v.nodes.map((n) => `${state}: ${v.id} (${v.impact}) ${n.target.join(' ')} — ${n.failureSummary ?? v.help}`),
    );
}

async function nav(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: label }).click();
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
}

/** Each state of the console: brings it about, and undoes what would carry over to the next. */
const STATES: { name: string; open(page: Page): Promise<void>; close?(page: Page): Promise<void> }[] = [
  { name: 'sessions', open: (page) => nav(page, 'Sessions') },
  {
    name: 'sessions with the detail panel',
    async open(page) {
      await page.locator(`[data-session-id="${alice.session_id}"]`).click();
      await expect(
        page.getByRole('complementary', { name: 'Session detail' }).getByText(alice.session_id),
      ).toBeVisible();
    },
  },
  {
    name: 'sessions with a confirm dialog',
    async open(page) {
      await page
        .getByRole('complementary', { name: 'Session detail' })
        .getByRole('button', { name: 'Revoke session' })
        .click();
      await expect(page.getByRole('dialog', { name: 'Revoke this session?' })).toBeVisible();
    },
    async close(page) {
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Close session detail' }).click();
    },
  },
  { name: 'users', open: (page) => nav(page, 'Users') },
  {
    name: 'users with a user open',
    async open(page) {
      await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: 'alice', exact: true }).click();
      await expect(page.getByRole('list', { name: 'Sessions of alice' }).getByText('revoked')).toBeVisible();
    },
    close: (page) => page.getByRole('button', { name: 'Close user detail' }).click(),
  },
  { name: 'clients', open: (page) => nav(page, 'Clients') },
  {
    name: 'clients with a client open',
    async open(page) {
      await page.locator('[data-client-id="a11y-app"]').click();
      await expect(page.getByRole('complementary', { name: 'Client detail' })).toBeVisible();
    },
    close: (page) => page.getByRole('button', { name: 'Close client detail' }).click(),
  },
  { name: 'token inspector', open: (page) => nav(page, 'Token inspector') },
  { name: 'denylist', open: (page) => nav(page, 'Denylist') },
  { name: 'signing keys', open: (page) => nav(page, 'Signing keys') },
  { name: 'audit log', open: (page) => nav(page, 'Audit log') },
  { name: 'settings', open: (page) => nav(page, 'Settings') },
  {
    name: 'app checks with a stopped run',
    async open(page) {
      await nav(page, 'App checks');
      // nothing listens on port 9: the run stops at its baseline, the table shows every case skipped
      await page.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/api/orders');
      await page.getByRole('button', { name: 'Run checks' }).click();
      await expect(page.getByRole('status', { name: 'Run' })).toHaveAttribute('data-verdict', 'stopped', {
        timeout: 30_000,
      });
    },
  },
  {
    name: 'demo lab after a run',
    async open(page) {
      await nav(page, 'Demo lab');
      await page.getByRole('combobox', { name: 'Pace' }).selectOption({ label: 'Instant' });
      await page.getByRole('button', { name: 'Run Stolen refresh token' }).click();
      await expect(page.getByRole('status', { name: 'Verdict' })).toBeVisible({ timeout: 60_000 });
      // what scrolls takes focus, so the keyboard can scroll it (axe checks only those that overflow)
      for (const name of ['Sequence diagram', 'Lifetimes chart', 'Network log entries']) {
        await page.getByRole('region', { name }).focus();
        await expect(page.getByRole('region', { name })).toBeFocused();
      }
    },
  },
  {
    name: 'demo lab showing the sandbox',
    async open(page) {
      await page.getByRole('radio', { name: 'Sandbox' }).click();
      await expect(page.getByTestId('sandbox-banner')).toBeVisible();
    },
    async close(page) {
      await page.getByTestId('sandbox-banner').getByRole('button', { name: 'Back to live' }).click();
      await expect(page.getByTestId('sandbox-banner')).toHaveCount(0);
    },
  },
];

// one test per theme: each stays well inside its time limit on a loaded machine
for (const theme of THEMES) {
  test(`every console screen, panel and dialog has no serious or critical axe violation, ${theme} theme`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.emulateMedia({ colorScheme: theme });
    await page.goto(server.consoleUrl); // a tab with no token yet: the sign-in screen
    await expect(page.getByRole('main').getByRole('heading', { name: 'Sign in to the console' })).toBeVisible();
    const found = await violations(page, 'sign-in');
    await page.goto(`${server.consoleUrl}?screen=sessions#token=${server.adminToken}`);
    await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
    for (const state of STATES) {
      await state.open(page);
      found.push(...(await violations(page, state.name)));
      await state.close?.(page);
    }
    expect(found, 'serious or critical axe violations').toEqual([]);
  });
}

test("the provider's login, logout confirmation and error pages have no serious or critical axe violation", async ({
  page,
}) => {
  const authorize = new URL('/authorize', server.authUrl);
  Object.entries({
    client_id: 'a11y-app',
    redirect_uri: RP_REDIRECT,
    response_type: 'code',
    scope: 'openid',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    state: 'a11y',
  }).forEach(([k, v]) => authorize.searchParams.set(k, v));
  const pages = [
    { name: 'login page', url: authorize.href, heading: 'Sign in to A11y App' },
    { name: 'logout confirmation', url: `${server.authUrl}/logout`, heading: 'Sign out?' },
    { name: 'error page', url: `${server.authUrl}/authorize?client_id=nobody`, heading: /./ },
  ];
  const found: string[] = [];
  for (const theme of THEMES) {
    await page.emulateMedia({ colorScheme: theme });
    for (const hosted of pages) {
      await page.goto(hosted.url);
      await expect(page.getByRole('heading', { level: 1, name: hosted.heading })).toBeVisible();
      found.push(...(await violations(page, `${theme} · ${hosted.name}`)));
    }
  }
  expect(found, 'serious or critical axe violations').toEqual([]);
});

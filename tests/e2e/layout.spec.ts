import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../../playwright.config';
import { TSX } from '../support/node-args';
import { ADMIN_TOKEN, CLIENT_SECRET, DEMO_PASSWORD, startServe, type ServeProcess } from '../support/serve-process';
import { expect, test } from './fixtures';
import { signInThroughApp } from './relying-party';

/**
 * Every screen at the widths people use (1280–1920 px), on 100,000 sessions: nothing scrolls
 * sideways, no table, card or cell is wider than it allows, cut text ends with an ellipsis and has
 * a title, the Sessions header lines up with its cells, chart labels do not overlap, and a field
 * message does not push its neighbours. One data folder and one page serve every viewport.
 */
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const SESSIONS = 100_000;
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PROBE = path.join(import.meta.dirname, 'layout-probe.js');
/** Long enough to be cut anywhere it is shown (64 characters at most). */
const LONG_NAME = 'maximiliana.featherstonehaugh-wolfeschlegelsteinhausen@corp.io';
/** A client with every value at the length it is cut at, or near (a name of 100, an id of 80, long URIs). */
const LONG_CLIENT_ID = 'contoso-emea-west-customer-self-service-portal-production-blue-green-canary-rollout-01';
const LONG_CLIENT_NAME =
  'Contoso Customer Self-Service Portal (EMEA West, production, blue-green canary rollout, tenant 42)';
const LONG_REDIRECT =
  'https://portal.contoso-emea-west.example.com/oauth2/callback/self-service/customers/tenant-contoso-emea-west-42';
const LONG_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0 CorporateProxy/12.4.1 (managed; build 20251130; tenant=contoso-emea-west)';

test.describe.configure({ mode: 'serial' });
// Playwright hides scrollbars in headless Chromium; most desktops draw them, and a scrollbar is
// what moved the Sessions header away from its cells
test.use({
  launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--hide-scrollbars'] },
});

let dataDir: string;
let server: ServeProcess | undefined;
let page: Page;
let longSessionId: string;
let longAccessToken: string;
/** A session of LONG_NAME through the long client, ended: its back-channel logout could not be delivered. */
let appSessionId: string;

/** `npm run seed` in its own process, with the secrets the test server will use. */
function seed(dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...TSX, 'src/main/runtime/seed.ts', '--data-dir', dir, '--sessions', String(SESSIONS)],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          GATEHOUSE_DEMO_PASSWORD: DEMO_PASSWORD,
          GATEHOUSE_CLIENT_SECRET: CLIENT_SECRET,
          GATEHOUSE_ADMIN_TOKEN: ADMIN_TOKEN,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`seed exited with ${code}:\n${out}`))));
  });
}

async function admin(method: string, request: object = {}): Promise<unknown> {
  const res = await fetch(new URL(`/admin/api/${method}`, server!.consoleUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify(request),
  });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value;
}

async function login(
  username: string,
  password: string,
): Promise<{ status: number; body: { access_token: string; refresh_token: string; session_id: string } }> {
  const res = await fetch(`${server!.authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': LONG_UA },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

const refresh = (token: string) =>
  fetch(`${server!.authUrl}/auth/refresh`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': LONG_UA },
    body: JSON.stringify({ refresh_token: token }),
  });

/** Audit entries with long details, a long user name, a denylisted token and a refresh reuse. */
async function addLongValues(): Promise<void> {
  const password = 'layout-Passw0rd!';
  await admin('users.create', { username: LONG_NAME, password, roles: ['admin', 'auditor', 'support-escalation'] });
  expect((await login(LONG_NAME, 'wrong-password')).status).toBe(401);
  const first = await login(LONG_NAME, password);
  expect(first.status).toBe(200);
  expect((await refresh(first.body.refresh_token)).status).toBe(200);
  expect((await refresh(first.body.refresh_token)).status).toBe(401); // reuse: the family is revoked
  const second = await login(LONG_NAME, password);
  longSessionId = second.body.session_id;
  longAccessToken = second.body.access_token;
  const denied = await login(LONG_NAME, password);
  await admin('denylist.add', {
    token: denied.body.access_token,
    reason:
      'reported by the security team after a phishing campaign targeting the EMEA tenant; ticket SEC-20251130-0042',
  });
  const users = (await admin('users.list')) as { id: string; username: string }[];
  const alice = users.find((u) => u.username === 'alice')!;
  const long = users.find((u) => u.username === LONG_NAME)!;
  await admin('users.setClaims', {
    userId: long.id,
    claims: {
      email: LONG_NAME,
      name: 'Maximiliana Featherstonehaugh-Wolfeschlegelsteinhausen',
      'contoso.example.com:cost-centre-and-business-unit-of-employee': 'EMEA-WEST-CUSTOMER-SUCCESS-0042-ESCALATIONS',
    },
  });
  const created = (await admin('clients.create', {
    clientId: LONG_CLIENT_ID,
    name: LONG_CLIENT_NAME,
    redirectUris: [LONG_REDIRECT, `${LONG_REDIRECT}/second`, 'http://localhost:3000/callback'],
    postLogoutRedirectUris: [
      'https://portal.contoso-emea-west.example.com/signed-out/self-service/customers/tenant-42',
    ],
    grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    // nothing listens on port 9: the delivery fails with an error to show
    backchannelLogoutUri: 'http://127.0.0.1:9/backchannel-logout/self-service/customers/tenant-contoso-emea-west-42',
    audience: 'https://api.contoso-emea-west.example.com/customers/self-service/orders-and-billing',
    scopes: [
      'https://api.contoso-emea-west.example.com/customers/self-service/orders-and-billing.read-write',
      'orders:read',
    ],
  })) as { clientSecret: string };
  const tokens = await signInThroughApp(
    server!.authUrl,
    { clientId: LONG_CLIENT_ID, secret: created.clientSecret, redirectUri: LONG_REDIRECT },
    { username: LONG_NAME, password },
    'openid profile email',
  );
  appSessionId = String(tokens.claims()!.sid);
  await admin('sessions.revoke', { sessionId: appSessionId, reason: 'ended to show its back-channel logout' });
  await admin('users.bumpVersion', {
    userId: alice.id,
    reason:
      'role change: moved from support to billing, all tokens carrying the old roles must stop working at once (HR-7781)',
  });
}

test.beforeAll(async ({ browser }, info) => {
  info.setTimeout(240_000);
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-layout-'));
  await seed(dataDir);
  server = await startServe({ dataDir, args: ['--virtual-clock'] });
  await addLongValues();
  page = await browser.newPage();
  await page.addInitScript({ path: PROBE });
  await page.goto(`${server.consoleUrl}?screen=demo#token=${ADMIN_TOKEN}`);
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
  // a run for the sequence diagram, made once: the page keeps it while screens change
  await page.getByRole('combobox', { name: 'Pace' }).selectOption({ label: 'Instant' });
  await page.getByRole('button', { name: 'Run Stolen refresh token' }).click();
  await expect(page.getByRole('status', { name: 'Verdict' })).toBeVisible({ timeout: 60_000 });
  // the inspector keeps its token too
  await nav('Token inspector');
  await page.getByLabel('Token', { exact: true }).fill(longAccessToken);
  await expect(page.getByRole('table', { name: 'Claims' })).toBeVisible();
});

test.afterAll(async () => {
  await page?.close();
  await server?.stop(); // removes the data folder too
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function nav(label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: label }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

interface Screen {
  name: string;
  /** Brings the screen into the state measured and returns what must be on it. */
  open(): Promise<Locator>;
  /** Undoes what open() changed that would carry over to the next screen. */
  close?(): Promise<void>;
  checks?: ('columns' | 'labels' | 'fieldRows')[];
}

let ttlBefore = '';
const detail = () => page.getByRole('complementary', { name: 'Session detail' });

const SCREENS: Screen[] = [
  {
    name: 'sessions',
    async open() {
      await nav('Sessions');
      return page.locator(`[data-session-id="${longSessionId}"]`);
    },
    checks: ['columns'],
  },
  {
    name: 'sessions with the detail panel',
    async open() {
      await page.locator(`[data-session-id="${longSessionId}"]`).click();
      await expect(detail().getByRole('list', { name: 'Session audit events' })).toBeVisible();
      return detail();
    },
    async close() {
      await page.getByRole('button', { name: 'Close session detail' }).click();
    },
    checks: ['columns'],
  },
  {
    name: 'sessions with an app and its back-channel logout',
    async open() {
      await page.locator(`[data-session-id="${appSessionId}"]`).click();
      return detail().getByRole('list', { name: 'Back-channel logout deliveries' });
    },
    async close() {
      await page.getByRole('button', { name: 'Close session detail' }).click();
    },
    checks: ['columns'],
  },
  { name: 'users', open: async () => (await nav('Users'), page.getByRole('table', { name: 'Users' })) },
  {
    name: 'users with a user open',
    async open() {
      await page.getByRole('searchbox', { name: 'Search users' }).fill('maximiliana');
      await page.getByRole('table', { name: 'Users' }).getByRole('button', { name: LONG_NAME }).click();
      return page.getByRole('list', { name: `Sessions of ${LONG_NAME}` });
    },
    async close() {
      await page.getByRole('button', { name: 'Close user detail' }).click();
      await page.getByRole('searchbox', { name: 'Search users' }).fill('');
    },
  },
  { name: 'clients', open: async () => (await nav('Clients'), page.getByRole('table', { name: 'Clients' })) },
  {
    name: 'clients with the quick start',
    async open() {
      await page.locator(`[data-client-id="${LONG_CLIENT_ID}"]`).click();
      return page.getByLabel('openid-client snippet', { exact: true });
    },
    async close() {
      await page.getByRole('button', { name: 'Close client detail' }).click();
    },
  },
  {
    name: 'clients form with field errors',
    async open() {
      await page.getByRole('button', { name: 'New client' }).click();
      await page.getByLabel('Redirect URIs', { exact: true }).fill(LONG_REDIRECT.replace('https:', 'http:'));
      return page.locator('#client-redirects-msg');
    },
    async close() {
      await page.getByRole('button', { name: 'Cancel' }).click();
    },
    checks: ['fieldRows'],
  },
  {
    name: 'token inspector',
    open: async () => (await nav('Token inspector'), page.getByRole('list', { name: 'Verification steps' })),
  },
  { name: 'denylist', open: async () => (await nav('Denylist'), page.getByRole('table').first()) },
  { name: 'signing keys', open: async () => (await nav('Signing keys'), page.locator('.key-card').first()) },
  { name: 'audit log', open: async () => (await nav('Audit log'), page.getByRole('table', { name: 'Audit entries' })) },
  {
    name: 'settings with a field error',
    async open() {
      await nav('Settings');
      const ttl = page.getByLabel('Access token lifetime');
      ttlBefore = await ttl.inputValue();
      await ttl.fill('1'); // below the minimum: the field shows its error
      return page.locator('.field-msg-error').first();
    },
    async close() {
      await page.getByLabel('Access token lifetime').fill(ttlBefore);
    },
    checks: ['fieldRows'],
  },
  {
    // nothing listens on port 9: the run stops at its baseline; a long path and the stop reason wrap
    name: 'app checks with a stopped run',
    async open() {
      await nav('App checks');
      await page
        .getByLabel('Endpoint URL')
        .fill(`http://127.0.0.1:9/api/orders/${'tenant-contoso-emea-west-42/'.repeat(4)}`);
      await page.getByRole('button', { name: 'Run checks' }).click();
      await expect(page.getByRole('status', { name: 'Run' })).toHaveAttribute('data-verdict', 'stopped');
      return page.getByRole('table', { name: 'Cases' });
    },
  },
  {
    name: 'demo lab after a run',
    open: async () => (await nav('Demo lab'), page.getByRole('img', { name: /Sequence/ })),
    checks: ['labels'],
  },
  {
    // the sandbox shown: its banner above the screen, the switch on; the lab's run stays on screen
    name: 'demo lab showing the sandbox',
    async open() {
      await page.getByRole('radio', { name: 'Sandbox' }).click();
      await expect(page.getByTestId('sandbox-banner')).toBeVisible();
      return page.getByRole('img', { name: /Sequence/ });
    },
    checks: ['labels'],
  },
  {
    name: 'sessions of the sandbox',
    async open() {
      await nav('Sessions');
      await expect(page.getByTestId('sandbox-banner')).toBeVisible();
      return page.locator('[data-session-id]').first();
    },
    async close() {
      await page.getByTestId('sandbox-banner').getByRole('button', { name: 'Back to live' }).click();
      await expect(page.getByTestId('sandbox-banner')).toHaveCount(0);
    },
    checks: ['columns'],
  },
];

type Probe = {
  settled(): Promise<void>;
  overflow(): string[];
  columns(): string[];
  labels(selector: string): string[];
  fieldRows(): string[];
};

/** Every problem on every screen at one viewport size, one line each. */
async function problemsAt(viewport: { width: number; height: number }): Promise<string[]> {
  await page.setViewportSize(viewport);
  const problems: string[] = [];
  for (const screen of SCREENS) {
    await expect(await screen.open()).toBeVisible();
    await page.evaluate(() => (globalThis as unknown as { __layout: Probe }).__layout.settled());
    const found = await page.evaluate(
      ({ checks }) => {
        const probe = (globalThis as unknown as { __layout: Probe }).__layout;
        return [
          ...probe.overflow(),
          ...(checks.includes('columns') ? probe.columns() : []),
          ...(checks.includes('labels') ? probe.labels('svg') : []),
          ...(checks.includes('fieldRows') ? probe.fieldRows() : []),
        ];
      },
      { checks: screen.checks ?? [] },
    );
    problems.push(...found.map((p) => `${screen.name}: ${p}`));
    // a picture of each screen that failed, in the report (test-results/), never in docs/
    if (found.length || process.env.LAYOUT_SHOTS)
      await test.info().attach(`${viewport.width}×${viewport.height} ${screen.name}`, {
        body: await page.screenshot(),
        contentType: 'image/png',
      });
    await screen.close?.();
  }
  return problems;
}

// one test, so that a failure at one width still reports the others (serial mode would skip them)
test(`every screen fits 1280×800, 1366×768 and 1920×1080 with ${SESSIONS.toLocaleString('en')} sessions`, async () => {
  test.setTimeout(240_000);
  for (const viewport of VIEWPORTS) {
    const problems = await problemsAt(viewport);
    expect.soft(problems, `layout problems at ${viewport.width}×${viewport.height}`).toEqual([]);
  }
});

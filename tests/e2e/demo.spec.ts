import fs from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import type { DemoRun } from '../../src/shared/demo';
import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';

// no --virtual-clock: the lab needs no flag, its runs are in the sandbox (tests/e2e/sandbox.spec.ts)

const verdict = (page: Page) => page.getByRole('status', { name: 'Verdict' });
const log = (page: Page) => page.getByRole('table', { name: 'Network log' });
/** Each request row's "who method path status token reason" text, in order. */
const rowTexts = async (table: Locator) =>
  (await table.locator('tbody tr[data-status]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());

async function run(page: Page, title: string, pace: 'Instant' | 'Watch (a short pause per step)' = 'Instant') {
  await page.getByRole('combobox', { name: 'Pace' }).selectOption({ label: pace });
  await page.getByRole('button', { name: `Run ${title}` }).click();
  await expect(verdict(page)).toBeVisible({ timeout: 45_000 });
}

test('happy path: login, calls, silent refreshes, logout; drawn as a sequence and lifetimes', async ({ page, gh }) => {
  await gh.open(page, 'demo');
  await expect(page.getByRole('heading', { name: 'Demo lab', level: 1 })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Happy path' })).toContainText(
    'renews its short-lived access token',
  );
  await run(page, 'Happy path', 'Watch (a short pause per step)');
  await expect(verdict(page)).toContainText('Happy path: Pass');
  const rows = await rowTexts(log(page));
  expect(rows[0]).toMatch(/client POST \/auth\/login 200/);
  expect(rows.filter((r) => /POST \/auth\/refresh 200 refresh #\d/.test(r)).length).toBeGreaterThanOrEqual(3);
  expect(rows.at(-2)).toMatch(/POST \/auth\/logout 204/);
  expect(rows.at(-1)).toMatch(/GET \/api\/me 401 access #\d+ session_revoked/);
  await expect(page.getByRole('img', { name: /Sequence/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Lifetimes/ })).toBeVisible();
  // the demo's session is real, in the sandbox: not on the live Sessions screen, on the sandbox's
  await page.getByRole('button', { name: /Sessions/ }).click();
  await expect(page.getByText('No sessions yet')).toBeVisible();
  expect((await gh.admin('sessions.list', {})).total).toBe(0);
  await page.getByRole('radio', { name: 'Sandbox' }).click();
  await expect(page.getByTestId('sandbox-banner')).toBeVisible();
  await expect(page.locator('[data-session-id]').filter({ hasText: 'revoked' }).first()).toBeVisible();
});

test('stolen access token: both next calls are refused once the session is revoked', async ({ page, gh }) => {
  await gh.open(page, 'demo');
  await run(page, 'Stolen access token');
  await expect(verdict(page)).toContainText('Stolen access token: Pass');
  const rows = await rowTexts(log(page));
  expect(rows.filter((r) => /attacker GET \/api\/me 200 access #1/.test(r))).toHaveLength(2);
  expect(rows.slice(-2)).toEqual([
    expect.stringMatching(/victim GET \/api\/me 401 access #1 session_revoked/),
    expect.stringMatching(/attacker GET \/api\/me 401 access #1 session_revoked/),
  ]);
  await expect(log(page).locator('tr.log-admin')).toContainText('revoke session');
});

test('stolen refresh token: attacker 200, victim reuse 401, then both are out', async ({ page, gh }) => {
  await gh.open(page, 'demo');
  await run(page, 'Stolen refresh token');
  await expect(verdict(page)).toContainText('Stolen refresh token: Pass');
  const refreshes = (await rowTexts(log(page))).filter((r) => r.includes('/auth/refresh'));
  expect(refreshes).toEqual([
    expect.stringMatching(/attacker POST \/auth\/refresh 200 refresh #1/),
    expect.stringMatching(/victim POST \/auth\/refresh 401 refresh #1 invalid_grant .*already used/),
    expect.stringMatching(/attacker POST \/auth\/refresh 401 refresh #2 invalid_grant/),
  ]);
  expect(
    (await rowTexts(log(page))).slice(-2).every((r) => /GET \/api\/me 401 access #\d session_revoked/.test(r)),
  ).toBe(true);
});

test('key compromise: key_revoked at once, then a token from the new key; the live key ring untouched', async ({
  page,
  gh,
}) => {
  const liveKeys = await gh.admin('keys.list');
  await gh.open(page, 'demo');
  // the sandbox starts on first use: its key ring is its own
  await page.getByRole('button', { name: 'Open the sandbox' }).click();
  await expect(page.getByTestId('sandbox-banner')).toBeVisible();
  // the access tokens' lane: the scenario revokes the key its access token names
  const before = (await gh.sandbox('keys.list')).find((k) => k.state === 'active' && k.lane === 'access')!;
  expect(liveKeys.some((k) => k.kid === before.kid)).toBe(false);
  await page.getByTestId('sandbox-banner').getByRole('button', { name: 'Back to live' }).click();
  await page.getByRole('button', { name: /Demo lab/ }).click();
  await run(page, 'Key compromise');
  await expect(verdict(page)).toContainText('Key compromise: Pass');
  const rows = await rowTexts(log(page));
  expect(rows.filter((r) => r.includes('/api/me')).map((r) => /\b(200|401)\b/.exec(r)?.[1])).toEqual([
    '200',
    '401',
    '200',
  ]);
  expect(rows.some((r) => /GET \/api\/me 401 access #1 key_revoked/.test(r))).toBe(true);
  expect(rows.some((r) => /POST \/auth\/refresh 200 refresh #1/.test(r))).toBe(true);
  const keys = await gh.sandbox('keys.list');
  expect(keys.find((k) => k.kid === before.kid)?.state).toBe('revoked');
  expect(await gh.admin('keys.list')).toEqual(liveKeys);
  // the refreshed token is from the new key: the verdict's check names it, and it passed
  const now = keys.find((k) => k.state === 'active' && k.lane === 'access')!;
  expect(now.kid).not.toBe(before.kid);
  await expect(verdict(page).getByRole('listitem').filter({ hasText: 'the new token carries the new kid' })).toHaveText(
    `✓ the new token carries the new kid (key ${now.kid.slice(0, 8)}) (passed)`,
  );
});

test('role change: version_stale for the old token, the refreshed one carries the new ver', async ({ page, gh }) => {
  await gh.open(page, 'demo');
  await run(page, 'Role change');
  await expect(verdict(page)).toContainText('Role change: Pass');
  const rows = (await rowTexts(log(page))).filter((r) => r.includes('/api/me'));
  expect(rows).toEqual([
    expect.stringMatching(/user GET \/api\/me 200 access #1 sub .* ver 0/),
    expect.stringMatching(/user GET \/api\/me 401 access #1 version_stale/),
    expect.stringMatching(/user GET \/api\/me 200 access #2 sub .* ver 1/),
  ]);
});

test(
  'strategy comparison: bar charts of store reads and revocation windows; hybrid 0 and 0',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    await gh.open(page, 'demo');
    await run(page, 'Strategy comparison');
    await expect(verdict(page)).toContainText('Strategy comparison: Pass');
    const reads = page.getByRole('img', { name: /Store reads per request/ });
    const window = page.getByRole('img', { name: /Revocation window/ });
    await expect(reads.locator('[data-strategy="hybrid"]')).toContainText('0');
    // the figure says what it counts: each API call with its share of the client's refreshes
    await expect(page.locator('#chart-reads-title')).toContainText('Store reads per request, refreshes included');
    await expect(reads.locator('[data-strategy="hybrid"]')).toHaveText(
      /^Hybrid \(Gatehouse\)0 \(\+0\.\d+ writes\), 1 refresh$/,
    );
    await expect(reads.locator('[data-strategy="access-refresh"]')).toHaveText(
      /^Access \+ refresh0 \(\+0\.\d+ writes\), 2 refreshes$/,
    );
    await expect(reads.locator('[data-strategy="server-session"]')).toContainText(
      /^Server sessions1 \(\+0\.\d+ writes\)$/,
    );
    await expect(window.locator('[data-strategy="hybrid"]')).toContainText(/0 s$/);
    await expect(window.locator('[data-strategy="stateless-jwt"]')).toContainText(/\d{4} s$/);
    const rows = await rowTexts(log(page));
    for (const path of [
      '/demo/strategy/server-session/me',
      '/demo/strategy/stateless-jwt/me',
      '/demo/strategy/jwt-denylist/me',
      '/demo/strategy/access-refresh/me',
      '/api/me',
    ])
      expect(rows.some((r) => r.includes(`GET ${path} 401`))).toBe(true);
    // the main pane scrolls by itself: a tall viewport shows the whole lab in one picture
    await page.setViewportSize({ width: 1400, height: 2300 });
    await screenshot(page, 'demo');
  },
);

test('record and replay: a saved run loads back with the same steps and verdict, without the server', async ({
  page,
  gh,
}, info) => {
  await gh.open(page, 'demo');
  await run(page, 'Stolen access token');
  await expect(verdict(page)).toContainText('Pass');
  const liveRows = await rowTexts(log(page));
  const liveChecks = await verdict(page).getByRole('listitem').allInnerTexts();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save run' }).click();
  const file = info.outputPath('run.json');
  await (await download).saveAs(file);
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { scenario: string; verdict: { pass: boolean } };
  expect(saved).toMatchObject({ scenario: 'stolen-access', verdict: { pass: true } });

  // a fresh console (another page) with no run of its own
  const fresh = await page.context().newPage();
  await gh.open(fresh, 'demo');
  await expect(log(fresh)).toBeHidden();
  const calls: string[] = [];
  fresh.on('request', (r) => {
    if (r.url().includes('/admin/api/demo.run')) calls.push(r.url());
  });
  await fresh.getByLabel('Load run').setInputFiles(file);
  await expect(verdict(fresh)).toContainText('Stolen access token (replay): Pass');
  expect(await rowTexts(log(fresh))).toEqual(liveRows);
  expect(calls).toEqual([]);
  // the same verdict, recomputed from the file's steps, check by check
  expect(await verdict(fresh).getByRole('listitem').allInnerTexts()).toEqual(liveChecks);
  await expect(verdict(fresh)).toContainText(
    "Recomputed from the file's steps; the file's saved verdict says the same.",
  );
});

test('replay: the verdict is recomputed from the file’s steps, and a saved verdict that disagrees is shown as such', async ({
  page,
  gh,
}, info) => {
  await gh.open(page, 'demo');
  await run(page, 'Stolen access token');
  await expect(verdict(page)).toContainText('Stolen access token: Pass');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save run' }).click();
  const saved = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8')) as DemoRun;
  const load = async (name: string, file: DemoRun) => {
    const path = info.outputPath(name);
    fs.writeFileSync(path, JSON.stringify(file));
    await page.getByLabel('Load run').setInputFiles(path);
    await expect(verdict(page)).toContainText('Stolen access token (replay)');
  };

  // a verdict edited in the file: the steps still say Pass, so Pass it is
  await load('forged-verdict.json', {
    ...saved,
    verdict: { pass: false, summary: 'Failed: forged', checks: [{ label: 'forged', pass: false }] },
  });
  await expect(verdict(page)).toContainText('Stolen access token (replay): Pass');
  await expect(verdict(page).getByRole('note', { name: 'Saved verdict' })).toHaveText(
    "The file's saved verdict differed (Fail: Failed: forged); shown here is the verdict recomputed from its steps.",
  );
  await expect(verdict(page)).not.toContainText('✗ forged');

  // steps edited so that the attacker got through after the revoke: the saved Pass no longer holds
  const attackerAfter = saved.steps.findLast((s) => s.kind === 'request' && s.actor === 'attacker')!;
  const steps = saved.steps.map((s) => (s === attackerAfter ? { ...s, status: 200, reason: null } : s));
  await load('forged-steps.json', { ...saved, steps });
  await expect(verdict(page)).toContainText('Stolen access token (replay): Fail');
  await expect(verdict(page)).toContainText("Failed: the attacker's very next call: 401 session_revoked");
  await expect(verdict(page).getByRole('note', { name: 'Saved verdict' })).toContainText(
    "The file's saved verdict differed (Pass: Both copies of the token were refused",
  );
  // Save run writes the verdict shown, never the file's
  const again = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save run' }).click();
  const resaved = JSON.parse(fs.readFileSync(await (await again).path(), 'utf8')) as DemoRun;
  expect(resaved.verdict).toMatchObject({
    pass: false,
    summary: "Failed: the attacker's very next call: 401 session_revoked",
  });
});

test('sandbox clock: +10 min moves the sandbox’s clock, pause holds it; the live instance has no virtual clock', async ({
  page,
  gh,
}) => {
  await gh.open(page, 'demo');
  await expect(page.getByLabel('Sandbox time')).toBeHidden();
  await run(page, 'Stolen access token');
  const now = page.getByLabel('Sandbox time');
  await expect(now).toHaveAttribute('data-now', /\d+/);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(page.getByRole('button', { name: 'Resume' })).toBeVisible();
  const before = Number(await now.getAttribute('data-now'));
  await page.getByRole('button', { name: '+10 min' }).click();
  await expect.poll(async () => Number(await now.getAttribute('data-now')) - before).toBeGreaterThanOrEqual(600);
  const clock = await gh.sandbox('clock.get');
  expect(clock.paused).toBe(true);
  expect(clock.now - before).toBeGreaterThanOrEqual(600);
  await page.getByRole('combobox', { name: 'Clock rate' }).selectOption('60');
  await expect.poll(async () => (await gh.sandbox('clock.get')).rate).toBe(60);
  // the controls moved the sandbox's clock only: the live one is the real time, not virtual
  await expect(gh.admin('clock.get')).rejects.toThrow(/clock_disabled/);
});

test('at 1366×768 a run brings its verdict into view: it is not left below the scenario cards', async ({
  page,
  gh,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await gh.open(page, 'demo');
  await run(page, 'Stolen access token');
  await expect(verdict(page)).toContainText('Stolen access token: Pass');
  await expect(verdict(page)).toBeInViewport();
});

import fs from 'node:fs';
import { AUDIT_TYPES } from '../../src/shared/audit-types';
import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';

test(
  'a login appears live, filters by type and text, and exports JSON lines',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    await gh.open(page, 'audit');
    const table = page.getByRole('table', { name: 'Audit entries' });
    await expect(table).toBeVisible();

    const login = await gh.login('bob');
    // pushed over the event stream, no reload
    const row = table.getByRole('row').filter({ hasText: login.session_id }).filter({ hasText: 'login.succeeded' });
    await expect(row).toBeVisible();

    await page.getByLabel('Type', { exact: true }).selectOption('login.succeeded');
    await expect(table.getByRole('row')).toHaveCount(2); // header + bob's login
    await gh.login('alice');
    await expect(table.getByRole('row')).toHaveCount(3);
    await page.getByRole('searchbox', { name: 'Search audit log' }).fill(login.session_id);
    await expect(table.getByRole('row')).toHaveCount(2);
    await page.getByLabel('Type', { exact: true }).selectOption('');
    await page.getByRole('searchbox', { name: 'Search audit log' }).fill('');
    await screenshot(page, 'audit');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON lines' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^gatehouse-audit-.*\.jsonl$/);
    const lines = fs
      .readFileSync((await file.path())!, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; subject: string });
    expect(lines.some((e) => e.type === 'login.succeeded' && e.subject === login.session_id)).toBe(true);
  },
);

test('load older pages back through history', async ({ page, gh }) => {
  const alice = (await gh.admin('users.list')).find((u) => u.username === 'alice')!;
  for (let i = 0; i < 120; i++) await gh.admin('users.bumpVersion', { userId: alice.id, reason: `drill ${i}` });
  await gh.open(page, 'audit');
  const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  await expect(rows).toHaveCount(100);
  await page.getByRole('button', { name: 'Load older entries' }).click();
  await expect(async () => expect(await rows.count()).toBeGreaterThan(100)).toPass();
  const ids = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-audit-id'))));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
});

test('the type filter lists every type the server writes, and finds a client registration', async ({ page, gh }) => {
  await gh.admin('clients.create', {
    name: 'Filter App',
    redirectUris: ['http://localhost:3000/cb'],
    grantTypes: ['authorization_code'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    audience: null,
  });
  await gh.open(page, 'audit');
  const filter = page.getByLabel('Type', { exact: true });
  const options = await filter
    .locator('option')
    .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
  expect(options).toEqual(['', ...AUDIT_TYPES]);
  for (const type of ['client.created', 'token.issued', 'logout.delivered', 'user.deleted', 'clock.reset'])
    expect(options).toContain(type);
  await filter.selectOption('client.created');
  const rows = page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
  await expect(rows.filter({ hasText: 'Filter App' })).toHaveCount(1);
  await expect(rows.filter({ hasNotText: 'client.created' })).toHaveCount(0);
});

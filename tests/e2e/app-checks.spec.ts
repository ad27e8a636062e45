import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ORDERS_PATH, startSignatureOnlyApi, type SampleApi } from '../../examples/app-checks';
import type { CheckRun } from '../../src/shared/app-checks';
import { expect, test } from './fixtures';
import { dismissToasts, screenshot, SCREENSHOT_TAG } from './screenshots';

const AUDIENCE = 'orders';
/** Each answer of the API is held this long, so a run's progress can be watched case by case. */
const HOLD_MS = 250;

/** A loopback proxy in front of the API that holds each answer for HOLD_MS. */
async function slowProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (answer) => {
        setTimeout(() => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        }, HOLD_MS);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let api: SampleApi | undefined;
let proxy: { url: string; close(): Promise<void> } | undefined;
/** The signature-only sample API for this Gatehouse's issuer, behind the slow proxy: its orders endpoint. */
async function slowSignatureOnlyEndpoint(authUrl: string): Promise<string> {
  const { issuer } = (await (await fetch(`${authUrl}/.well-known/openid-configuration`)).json()) as { issuer: string };
  api = await startSignatureOnlyApi({ issuer, audience: AUDIENCE });
  proxy = await slowProxy(api.url);
  return `${proxy.url}${ORDERS_PATH}`;
}
test.afterEach(async () => {
  await proxy?.close();
  await api?.close();
});

test(
  'runs the checks against a signature-only API: live progress, verdicts with fixes, history, exports',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    test.setTimeout(90_000);
    const endpoint = await slowSignatureOnlyEndpoint(gh.authUrl);

    await gh.open(page, 'app-checks');
    await expect(page.getByRole('heading', { level: 1, name: 'App checks' })).toBeVisible();
    const form = page.getByRole('form', { name: 'Run app checks' });

    // a target that is neither loopback nor registered: refused inline, the form keeps what was typed
    await form.getByLabel('Endpoint URL').fill('http://example.com/');
    await form.getByRole('button', { name: 'Run checks' }).click();
    await expect(page.getByTestId('check-form-error')).toContainText('Not run:');
    await expect(form.getByLabel('Endpoint URL')).toHaveValue('http://example.com/');

    // an Authorization header is refused in the form itself
    await form.getByRole('button', { name: 'Add header' }).click();
    await form.getByLabel('Header 1 name').fill('Authorization');
    await form.getByRole('button', { name: 'Run checks' }).click();
    await expect(form.getByText('Leave Authorization out')).toBeVisible();
    await form.getByRole('button', { name: 'Remove header 1' }).click();

    await form.getByLabel('Endpoint URL').fill(endpoint);
    await form.getByLabel('Audience (optional)').fill(AUDIENCE);
    await form.getByRole('button', { name: 'Run checks' }).click();

    // live: rows fill in from the pushed events while the run is going
    const banner = page.getByRole('status', { name: 'Run' });
    await expect(banner).toHaveAttribute('data-verdict', 'running');
    await expect(page.getByTestId('check-progress')).toHaveText(/^([1-9]|1[0-7]) \/ 18$/);
    await expect(page.getByTestId('check-elapsed')).toBeVisible();
    await expect(page.getByRole('progressbar', { name: 'Cases answered' })).toBeVisible();
    await expect(banner).toHaveAttribute('data-verdict', 'fail', { timeout: 30_000 });
    await expect(page.getByTestId('check-progress')).toHaveText('18 / 18');
    await expect(page.getByTestId('check-summary')).toContainText('accepted (flagged)');

    const table = page.getByRole('table', { name: 'Cases' });
    await expect(table.locator('tbody tr')).toHaveCount(18);
    await expect(table.locator('[data-case="valid-baseline"]')).toHaveAttribute('data-outcome', 'pass');
    await expect(table.locator('[data-case="expired"]')).toHaveAttribute('data-outcome', 'pass');
    await expect(table.locator('[data-case="expired"]')).toContainText('401');
    const revoked = table.locator('[data-case="revoked-session"]');
    await expect(revoked).toHaveAttribute('data-outcome', 'flagged');
    await expect(revoked).toContainText('FLAGGED accepted');
    await expect(revoked.getByTestId('check-fix').locator('code', { hasText: 'revocations' })).toBeVisible();

    // the history keeps the run
    const history = page.getByRole('list', { name: 'Kept runs' });
    await expect(history.getByRole('button', { name: new RegExp(`GET ${endpoint}`) })).toHaveCount(1);
    await dismissToasts(page);
    await screenshot(page, 'app-checks');

    const jsonDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const json = await jsonDownload;
    expect(json.suggestedFilename()).toMatch(/^app-checks-127\.0\.0\.1-\d+-.+\.json$/);
    const run = JSON.parse(fs.readFileSync((await json.path())!, 'utf8')) as CheckRun;
    expect(run).toMatchObject({ target: endpoint, state: 'done' });
    expect(run.results.find((r) => r.case === 'revoked-session')).toMatchObject({ verdict: 'accepted', pass: false });

    const testDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export as test' }).click();
    const testFile = await testDownload;
    expect(testFile.suggestedFilename()).toMatch(/\.test\.ts$/);
    const text = fs.readFileSync((await testFile.path())!, 'utf8');
    expect(text).toContain('startGatehouse');
    expect(text).toContain(ORDERS_PATH);
    // the audience asked in the form is repeated, though a kept run does not carry it
    expect(text).toContain('"audience":"orders"');
  },
);

test('key 0 opens App checks; a run stopped at its baseline says why prominently', async ({ page, gh }) => {
  await gh.open(page);
  await page.keyboard.press('0');
  await expect(page.getByRole('heading', { level: 1, name: 'App checks' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Run app checks' });
  // nothing listens on port 9: the valid token gets no answer, so nothing else is run
  await form.getByLabel('Endpoint URL').fill('http://127.0.0.1:9/api/orders');
  await form.getByRole('button', { name: 'Run checks' }).click();
  await expect(page.getByRole('status', { name: 'Run' })).toHaveAttribute('data-verdict', 'stopped', {
    timeout: 30_000,
  });
  await expect(page.getByTestId('check-stopped')).toContainText('did not answer the valid token');
  await expect(page.getByRole('table', { name: 'Cases' }).locator('[data-outcome="skipped"]')).toHaveCount(17);
});

test('a run started elsewhere (CI, a test) shows live; a second run is refused inline meanwhile', async ({
  page,
  gh,
}) => {
  const endpoint = await slowSignatureOnlyEndpoint(gh.authUrl);
  await gh.open(page, 'app-checks');
  await expect(page.getByText('No run yet')).toBeVisible();

  const elsewhere = gh.admin('checks.api', { url: endpoint, audience: AUDIENCE });
  const banner = page.getByRole('status', { name: 'Run' });
  await expect(banner).toHaveAttribute('data-verdict', 'running');
  await expect(banner).toContainText(endpoint);

  const form = page.getByRole('form', { name: 'Run app checks' });
  await form.getByLabel('Endpoint URL').fill(endpoint);
  await form.getByRole('button', { name: 'Run checks' }).click();
  await expect(page.getByTestId('check-form-error')).toContainText('already going');
  await expect(form.getByLabel('Endpoint URL')).toHaveValue(endpoint);

  const run = await elsewhere;
  await expect(banner).toHaveAttribute('data-verdict', 'fail');
  await expect(page.getByTestId('check-progress')).toHaveText('18 / 18');
  await expect(page.getByRole('list', { name: 'Kept runs' }).locator(`[data-run-id="${run.id}"]`)).toBeVisible();
});

import { createHmac } from 'node:crypto';
import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';

const b64url = (value: object | Buffer) =>
  (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');
function hs256(claims: object, secret: string): string {
  const body = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${body}.${b64url(createHmac('sha256', secret).update(body).digest())}`;
}

test(
  'paste an access token: claims explained, times human, every verification step, link to its session',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const login = await gh.login('alice');
    await gh.open(page, 'inspector');
    await page.getByLabel('Token', { exact: true }).fill(login.access_token);

    const claims = page.getByRole('table', { name: 'Claims' });
    await expect(claims.locator('[data-claim="sid"]')).toContainText(login.session_id);
    await expect(claims.locator('[data-claim="exp"]')).toContainText(/expires in \d+ s/);
    await expect(claims.locator('[data-claim="iat"]')).toContainText(/issued \d+ s ago/);
    await expect(claims.locator('[data-claim="jti"]')).toContainText('what a denylist names');
    await expect(page.getByRole('table', { name: 'Header fields' })).toContainText('at+jwt');

    const steps = page.getByRole('list', { name: 'Verification steps' });
    await expect(steps.getByRole('listitem')).toHaveCount(10);
    await expect(steps.getByRole('listitem').filter({ hasText: 'signature' })).toContainText('pass');
    await expect(page.getByRole('status').filter({ hasText: 'Signature verified' })).toBeVisible();
    await screenshot(page, 'inspector', { fullPage: true });

    await page.getByRole('button', { name: /Open session/ }).click();
    await expect(page.getByRole('complementary', { name: 'Session detail' })).toContainText(login.session_id);
  },
);

test('a revoked session shows the failing step; an HMAC token verifies with its pasted secret only', async ({
  page,
  gh,
}) => {
  const login = await gh.login('bob');
  await gh.admin('sessions.revoke', { sessionId: login.session_id });
  await gh.open(page, 'inspector');
  await page.getByLabel('Token', { exact: true }).fill(login.access_token);
  const steps = page.getByRole('list', { name: 'Verification steps' });
  await expect(steps.getByRole('listitem').filter({ hasText: 'revocation' })).toContainText('fail');
  // in the result and in the summary beside the token
  await expect(page.getByLabel('Verification result').getByText('session_revoked')).toBeVisible();
  await expect(page.getByLabel('Verification summary')).toContainText('session_revoked');

  const now = Math.floor(Date.now() / 1000);
  const token = hs256({ sub: 'demo', iat: now, exp: now + 7200, password: 'hunter2' }, 'correct horse battery staple');
  await page.getByLabel('Token', { exact: true }).fill(token);
  const warnings = page.getByRole('list', { name: 'Token warnings' });
  await expect(warnings).toContainText('HMAC-signed');
  await expect(warnings).toContainText('look sensitive (password)');
  await expect(warnings).toContainText('Lifetime 120 min');

  await page.getByRole('radio', { name: 'HMAC secret' }).click();
  await page.getByLabel('HMAC secret').fill('wrong secret');
  await page.getByRole('button', { name: 'Verify signature' }).click();
  await expect(steps.getByRole('listitem').filter({ hasText: 'signature' })).toContainText('fail');
  await page.getByLabel('HMAC secret').fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Verify signature' }).click();
  await expect(steps.getByRole('listitem').filter({ hasText: 'signature' })).toContainText('pass');
});

test('mint a token for a user fills the inspector; a JWE shows its header only', async ({ page, gh }) => {
  await gh.open(page, 'inspector');
  await expect(page.getByText('No token yet')).toBeVisible();
  await page.getByLabel('User', { exact: true }).selectOption({ label: 'bob' });
  await page.getByRole('button', { name: 'Mint token' }).click();
  await expect(page.getByLabel('Token', { exact: true })).toHaveValue(/^eyJ/);
  const sub = (await gh.admin('users.list')).find((u) => u.username === 'bob')!.id;
  await expect(page.getByRole('table', { name: 'Claims' }).locator('[data-claim="sub"]')).toContainText(sub);
  await expect(page.getByRole('status').filter({ hasText: 'Signature verified' })).toBeVisible();

  const jwe = `${b64url({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'enc-1' })}.AAAA.BBBB.CCCC.DDDD`;
  await page.getByLabel('Token', { exact: true }).fill(jwe);
  await expect(page.getByRole('note').filter({ hasText: 'Encrypted token (JWE)' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Header fields' })).toContainText('A256GCM');
  await expect(page.getByRole('table', { name: 'Claims' })).toHaveCount(0);
});

test('at 1366×768 the verification is said beside the pasted token, and the Verify button brings its steps into view', async ({
  page,
  gh,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const login = await gh.login('alice');
  await gh.open(page, 'inspector');
  await page.getByLabel('Token', { exact: true }).fill(login.access_token);
  const summary = page.getByLabel('Verification summary');
  await expect(summary).toContainText('Signature verified');
  await expect(summary).toBeInViewport();

  await page.getByRole('button', { name: 'Verify signature' }).click();
  await expect(page.getByRole('list', { name: 'Verification steps' })).toBeInViewport();
});

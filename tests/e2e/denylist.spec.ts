import { expect, test } from './fixtures';
import { screenshot, SCREENSHOT_TAG } from './screenshots';

test(
  'denylisting a pasted token makes /api/me reject it; removing the entry lets it through again',
  { tag: SCREENSHOT_TAG },
  async ({ page, gh }) => {
    const login = await gh.login('alice');
    const other = await gh.login('alice');
    await gh.open(page, 'denylist');
    await expect(page.getByText('The denylist is empty')).toBeVisible();

    await page.getByLabel('Access token to denylist').fill(login.access_token);
    await expect(page.getByText(/Will denylist jti/)).toBeVisible();
    await page.getByLabel('Reason').fill('leaked in a log file');
    await page.getByRole('button', { name: 'Add to denylist' }).click();

    const entries = page.getByRole('table', { name: 'Denylist entries' });
    const row = entries.getByRole('row').filter({ hasText: 'leaked in a log file' });
    await expect(row).toBeVisible();
    await expect(row).toContainText('Access token (jti)');
    await expect(row).toContainText(/\d+:\d\d|\d+ h/); // the prune countdown
    expect(await gh.me(login.access_token)).toBe(401);
    // only that token: the session and its other tokens keep working
    expect(await gh.me(other.access_token)).toBe(200);

    // a session revoked elsewhere shows up live
    await gh.admin('sessions.revoke', { sessionId: other.session_id });
    await expect(entries.getByRole('row').filter({ hasText: 'Session (sid)' })).toBeVisible();
    await screenshot(page, 'denylist', { fullPage: true });

    const list = (await gh.admin('denylist.list')).items;
    const jti = list.find((e) => e.kind === 'jti')!.subject;
    await page.getByRole('button', { name: `Remove denylist entry ${jti}` }).click();
    await expect(row).toBeHidden();
    expect(await gh.me(login.access_token)).toBe(200);
  },
);

test('an invalid token is refused with the reason', async ({ page, gh }) => {
  await gh.open(page, 'denylist');
  await page.getByLabel('Access token to denylist').fill('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
  await page.getByRole('button', { name: 'Add to denylist' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'only a currently valid token' })).toBeVisible();
});

/** The jti claim of an access token (the test reads it as an admin would from a log line). */
const jtiOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;

test("adding a user picked by name refuses that user's tokens, and the entry and the audit log name them", async ({
  page,
  gh,
}) => {
  const bob = await gh.login('bob');
  const alice = await gh.login('alice');
  const users = await gh.admin('users.list');
  const bobId = users.find((u) => u.username === 'bob')!.id;
  await gh.open(page, 'denylist');

  await page.getByRole('radio', { name: 'User' }).click();
  const add = page.getByRole('button', { name: 'Add to denylist' });
  await expect(add).toBeDisabled(); // no user chosen yet
  await page.getByLabel('User', { exact: true }).selectOption({ label: 'bob' });
  await expect(page.getByText(/Raises bob's token version \(0 → 1\)/)).toBeVisible();
  await page.getByLabel('Reason').fill('account shared with a contractor');
  await add.click();

  const row = page
    .getByRole('table', { name: 'Denylist entries' })
    .getByRole('row')
    .filter({ hasText: 'account shared with a contractor' });
  await expect(row).toContainText('User token version');
  await expect(row).toContainText('bob');
  await expect(row.getByTitle(`bob (${bobId})`)).toBeVisible();
  expect(await gh.me(bob.access_token)).toBe(401);
  expect(await gh.me(alice.access_token)).toBe(200);

  // the audit log names the user (id on hover), for listed entries and for those pushed live
  await gh.open(page, 'audit');
  const audit = page.getByRole('table', { name: 'Audit entries' });
  const bumped = audit.getByRole('row').filter({ hasText: 'user.version_bumped' });
  await expect(bumped.getByRole('cell', { name: 'bob', exact: true })).toHaveAttribute('title', `bob (${bobId})`);
  const aliceId = users.find((u) => u.username === 'alice')!.id;
  await gh.admin('denylist.add', { kind: 'user', userId: aliceId, reason: 'live' });
  await expect(
    audit.getByRole('row').filter({ hasText: 'user.version_bumped' }).getByRole('cell', { name: 'alice', exact: true }),
  ).toHaveAttribute('title', `alice (${aliceId})`);
  expect(await gh.me(alice.access_token)).toBe(401);
});

test('adding a session by id checks the id first, then revokes the session', async ({ page, gh }) => {
  const login = await gh.login('alice');
  const other = await gh.login('alice');
  await gh.open(page, 'denylist');
  await page.getByRole('radio', { name: 'Session' }).click();
  const id = page.getByLabel('Session id');
  const add = page.getByRole('button', { name: 'Add to denylist' });

  await id.fill('no-such-session');
  await expect(page.getByText('No session has this id.')).toBeVisible();
  await expect(id).toHaveAttribute('aria-invalid', 'true');
  await expect(add).toBeDisabled();

  await id.fill(login.session_id);
  await expect(page.getByText(/alice's session on Firefox on Linux, active since/)).toBeVisible();
  await page.getByLabel('Reason').fill('laptop stolen');
  await add.click();

  const row = page
    .getByRole('table', { name: 'Denylist entries' })
    .getByRole('row')
    .filter({ hasText: 'laptop stolen' });
  await expect(row).toContainText('Session (sid)');
  await expect(row).toContainText('alice');
  await expect(row).toContainText('final');
  expect((await gh.admin('sessions.get', { sessionId: login.session_id })).session).toMatchObject({
    status: 'revoked',
    revokedReason: 'laptop stolen',
  });
  expect(await gh.me(login.access_token)).toBe(401);
  expect(await gh.me(other.access_token)).toBe(200); // the user's other session lives on

  // the same id again: nothing left to revoke
  await id.fill(login.session_id);
  await expect(page.getByText(/alice's session is already revoked/)).toBeVisible();
  await expect(add).toBeDisabled();
});

test('adding a jti without its token refuses that token only, until it expires', async ({ page, gh }) => {
  const login = await gh.login('alice');
  const other = await gh.login('alice');
  const jti = jtiOf(login.access_token);
  await gh.open(page, 'denylist');
  await page.getByRole('radio', { name: 'jti' }).click();
  await expect(page.getByText(/otherwise for the token horizon/)).toBeVisible();
  await page.getByLabel('jti', { exact: true }).fill(jti);
  await page.getByLabel('Reason').fill('seen in a proxy log');
  await page.getByRole('button', { name: 'Add to denylist' }).click();

  const row = page
    .getByRole('table', { name: 'Denylist entries' })
    .getByRole('row')
    .filter({ hasText: 'seen in a proxy log' });
  await expect(row).toContainText('Access token (jti)');
  await expect(row).toContainText('alice'); // the issued-token log knows the jti's session
  await expect(row.getByTitle(jti, { exact: true })).toBeVisible();
  expect(await gh.me(login.access_token)).toBe(401);
  expect(await gh.me(other.access_token)).toBe(200);
  const [entry] = (await gh.admin('denylist.list', { kind: 'jti' })).items;
  expect(entry).toMatchObject({ subject: jti, name: 'alice' });
  // kept exactly as long as the token could verify: its exp plus the clock tolerance
  const exp = (JSON.parse(Buffer.from(login.access_token.split('.')[1]!, 'base64url').toString()) as { exp: number })
    .exp;
  expect(entry!.pruneAfter).toBe(exp + (await gh.admin('settings.get')).settings.clockTolerance);
});

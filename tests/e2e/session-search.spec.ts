import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Gatehouse } from './fixtures';

/** A login over the public API with the user agent a browser would send. */
async function loginWith(gh: Gatehouse, username: string, userAgent: string): Promise<string> {
  const res = await fetch(`${gh.authUrl}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent },
    body: JSON.stringify({ username, password: gh.demoPassword }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { session_id: string }).session_id;
}

/**
 * Sessions whose ids contain "bob" in some case (a random id does so about once in 1,600): written
 * straight into the server's database, which it reads for every list (WAL: one writer at a time).
 */
function insertSessions(gh: Gatehouse, rows: { id: string; username: string; ip: string; device: string }[]) {
  const db = new Database(path.join(gh.dataDir, 'gatehouse.db'));
  try {
    db.pragma('busy_timeout = 5000');
    const now = Math.floor(Date.now() / 1000);
    const insert = db.prepare(
      `INSERT INTO sessions (id, user_id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, ip, user_agent, device, status)
       SELECT @id, u.id, @now, @now, @now + 1800, @now + 43200, @ip, 'Mozilla/5.0 (crafted)', @device, 'active'
       FROM users u WHERE u.username = @username`,
    );
    for (const row of rows) expect(insert.run({ ...row, now }).changes).toBe(1);
  } finally {
    db.close();
  }
}

test('search by field: plain words skip ids and user agents, each field narrows, rows say why, bad syntax is explained', async ({
  page,
  gh,
}) => {
  const aliceBobAgent = await loginWith(gh, 'alice', 'BobBrowser/1.0 (bob)');
  const bobFirefox = await loginWith(gh, 'bob', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0');
  insertSessions(gh, [
    { id: 'bobcat-Id-1', username: 'alice', ip: '10.0.0.5', device: 'Firefox on Linux' },
    { id: 'xxBOBxx-2', username: 'alice', ip: '110.0.2.3', device: 'Safari on macOS' },
    { id: 'Qx4bZZ-3', username: 'bob', ip: '10.0.9.9', device: 'Safari on iOS' },
  ]);
  const all = [aliceBobAgent, bobFirefox, 'bobcat-Id-1', 'xxBOBxx-2', 'Qx4bZZ-3'];

  await gh.open(page, 'sessions');
  const rows = page.locator('[data-session-id]');
  const box = page.getByRole('searchbox', { name: 'Search sessions' });
  const shows = async (ids: string[]) => {
    await expect(rows).toHaveCount(ids.length);
    for (const id of ids) await expect(page.locator(`[data-session-id="${id}"]`)).toBeVisible();
  };
  await shows(all);
  // the syntax is on screen, and is the search box's description
  await expect(box).toHaveAccessibleDescription(/By field: user:bob ip:10\.0\. device:"Firefox on Linux" sid:Qx4b/);

  // "bob": bob's sessions only, though three of alice's have "bob" in their id or user agent
  await box.fill('bob');
  await shows([bobFirefox, 'Qx4bZZ-3']);
  const bobRow = page.locator(`[data-session-id="${bobFirefox}"]`);
  await expect(bobRow.locator('mark')).toHaveText(['bob']);
  await expect(bobRow.locator('.why')).toHaveText('matched: user');
  await expect(page.getByRole('search', { name: 'Filter sessions' })).toContainText('2 sessions');

  await box.fill('user:BOB');
  await shows([bobFirefox, 'Qx4bZZ-3']);

  // ip: a prefix (110.0.2.3 does not start with 10.0.)
  await box.fill('ip:10.0.');
  await shows(['bobcat-Id-1', 'Qx4bZZ-3']);
  await expect(page.locator('[data-session-id="Qx4bZZ-3"] .col-ip mark')).toHaveText('10.0.');
  await expect(page.locator('[data-session-id="Qx4bZZ-3"] .why')).toHaveText('matched: IP');

  await box.fill('device:safari');
  await shows(['xxBOBxx-2', 'Qx4bZZ-3']);
  await box.fill('device:"Firefox on Linux"');
  await shows([bobFirefox, 'bobcat-Id-1']);
  await expect(page.locator('[data-session-id="bobcat-Id-1"] .col-device mark')).toHaveText('Firefox on Linux');

  // every term must match
  await box.fill('user:bob device:safari');
  await shows(['Qx4bZZ-3']);
  await expect(page.locator('[data-session-id="Qx4bZZ-3"] .why')).toHaveText('matched: user, device');
  await box.fill('bob 10.0.9');
  await shows(['Qx4bZZ-3']);

  // sid: a case-sensitive prefix of the id, which has no column: the hint shows it
  await box.fill('sid:bobcat');
  await shows(['bobcat-Id-1']);
  await expect(page.locator('[data-session-id="bobcat-Id-1"] .why')).toHaveText('matched: sid bobcat…');
  await box.fill('sid:BOBCAT');
  await expect(rows).toHaveCount(0);
  await expect(page.getByText('No session matches these filters')).toBeVisible();

  // bad syntax: the parser's message under the box, the last rows kept (no error state)
  await box.fill('user:bob');
  await shows([bobFirefox, 'Qx4bZZ-3']);
  await box.fill('user:bob foo:bar');
  const error = page.locator('#sessions-search-error');
  await expect(error).toContainText('Unknown field "foo:". Search by user:, ip:, device:, sid:');
  await expect(box).toHaveAttribute('aria-invalid', 'true');
  await expect(box).toHaveAccessibleDescription(/Unknown field "foo:"/);
  await expect(page.getByText('Something went wrong')).toHaveCount(0);
  await expect(rows).toHaveCount(2);
  await box.fill('user:');
  await expect(error).toContainText('user: needs a value right after the colon, as in user:bob.');

  await box.fill('');
  await shows(all);
  await expect(error).toBeEmpty();
  await expect(box).not.toHaveAttribute('aria-invalid');
});

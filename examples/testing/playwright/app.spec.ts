import { expect, test } from './fixtures';

test('an issued token opens /api/me', async ({ gh, request }) => {
  const { access_token } = await gh.issueToken({ sub: 'carol' });
  const me = await request.get(`${gh.issuer}/api/me`, { headers: { authorization: `Bearer ${access_token}` } });
  expect(me.status()).toBe(200);
});

test('each test starts from the config: no session left by the one before', async ({ gh }) => {
  const sessions = await gh.admin.sessions.list({});
  expect(sessions.ok && sessions.value.total).toBe(0);
});

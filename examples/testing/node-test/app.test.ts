/**
 * Recipe: a plain `node:test` file (`node --import tsx --test`, or `node --test` on its JavaScript).
 * One Gatehouse for the file; `reset()` after each test puts it back to the config.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { startGatehouse, type TestGatehouse } from '@gatehouse/testing';
import { config } from '../config';

let gh: TestGatehouse;
before(async () => {
  gh = await startGatehouse({ config, clock: 'virtual' });
});
afterEach(() => gh.reset());
after(() => gh.stop());

const me = (token: string) => fetch(`${gh.issuer}/api/me`, { headers: { authorization: `Bearer ${token}` } });

test('a token revoked through the admin API is refused on the next request', async () => {
  const { access_token, session_id } = await gh.issueToken({ sub: 'carol' });
  assert.equal((await me(access_token)).status, 200);
  await gh.admin.sessions.revoke({ sessionId: session_id!, reason: 'test' });
  assert.equal((await me(access_token)).status, 401);
});

test('an access token is refused once the clock passes its expiry', async () => {
  const { access_token } = await gh.login({ username: 'carol' });
  await gh.clock.advance('2m');
  assert.equal((await me(access_token)).status, 401);
});

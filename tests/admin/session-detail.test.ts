/**
 * A session's detail keeps listing its access tokens once they expired (marked by their expiry),
 * for EXPIRED_TOKEN_RETENTION after it: the maintenance sweep no longer deletes a token's record
 * the moment it expires, which left "No access tokens recorded" on every session idle a minute.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import { EXPIRED_TOKEN_RETENTION } from '../../src/shared/admin-views';
import { addUser, CLIENT, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
let admin: AdminService;
beforeEach(async () => {
  fx = await openTestGatehouse();
  admin = new AdminService({
    gatehouse: fx.gatehouse,
    authUrl: () => 'http://127.0.0.1',
    mode: 'headless',
    version: 'test',
  });
});
afterEach(() => fx.close());

async function detail(sessionId: string) {
  const result = await admin.handle('sessions.get', { sessionId });
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('the access tokens of a session’s detail', () => {
  it('an expired token stays listed, with its expiry, through the sweep; it is pruned only after the retention', async () => {
    const g = fx.gatehouse;
    const { session, access } = await g.sessions.startSession(await addUser(g, 'erin'), CLIENT, 'admin');
    fx.clock.advance(g.settings.get().accessTokenTtl + g.settings.get().clockTolerance + 60);
    await g.tick();
    const [token] = (await detail(session.id)).accessTokens;
    expect(token).toMatchObject({ jti: access.jti, denylisted: false });
    expect(token!.expiresAt).toBeLessThan(g.clock.now());

    fx.clock.advance(EXPIRED_TOKEN_RETENTION);
    await g.tick();
    expect((await detail(session.id)).accessTokens).toEqual([]);
  });
});

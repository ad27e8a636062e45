import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { PasswordHasher } from '../../src/main/auth/password-hasher';
import { ScryptPasswords } from '../../src/main/auth/passwords';
import { CLIENT, DEMO_PASSWORD, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
let g: Gatehouse;
let hasher: PasswordHasher;

beforeEach(async () => {
  // one thread and no queue: while one hash runs, any other is refused at once, whatever the
  // estimate (the fixture's demo users are hashed by this hasher, so it has timed hashes)
  hasher = new PasswordHasher({ threads: 1, maxQueued: 0, initialEstimateMs: null });
  fx = await openTestGatehouse({ demoData: true, passwords: new ScryptPasswords(hasher) });
  g = fx.gatehouse;
});
afterEach(async () => {
  await fx.close();
  await hasher.close();
});

/** Occupies the only hashing thread; resolves when that hash is done. */
const occupy = () => g.passwords.hash('occupies the only hashing thread');

describe('a login the password hasher refuses', () => {
  it('fails as login_busy with a Retry-After, for a known and an unknown user alike', async () => {
    const busy = occupy();
    for (const username of ['alice', 'nobody']) {
      const err: unknown = await g.sessions.login(username, 'wrong password', CLIENT).catch((e: unknown) => e);
      expect(err).toMatchObject({ name: 'AuthError', code: 'login_busy' });
      expect((err as { retryAfter: number }).retryAfter).toBeGreaterThanOrEqual(1);
    }
    await busy;
  });

  it('is not counted as a failed attempt: no login.failed audit and no throttling', async () => {
    await g.settings.update({ loginMaxFailures: 1 }, 'admin');
    const busy = occupy();
    await expect(g.sessions.login('alice', 'wrong password', CLIENT)).rejects.toMatchObject({ code: 'login_busy' });
    await busy;
    expect(await g.store.listAudit({ type: 'login.failed' })).toHaveLength(0);
    // had the refusal counted, one failure would have throttled alice
    const pair = await g.sessions.login('alice', DEMO_PASSWORD, CLIENT);
    expect(pair.session.status).toBe('active');
  });

  it('is refused before it touches the store: no attempt reserved, no user read', async () => {
    const calls: string[] = [];
    for (const method of ['reserveLoginAttempt', 'releaseLoginAttempt', 'getUserByUsername'] as const) {
      const original = g.store[method].bind(g.store) as (...args: unknown[]) => Promise<unknown>;
      (g.store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        calls.push(method);
        return original(...args);
      };
    }
    const busy = occupy();
    await expect(g.sessions.login('alice', 'wrong password', CLIENT)).rejects.toMatchObject({ code: 'login_busy' });
    expect(calls).toEqual([]);
    await busy;
    // with the thread free again, a login reserves, reads and releases as usual
    await g.sessions.login('alice', DEMO_PASSWORD, CLIENT);
    expect(calls).toEqual(['reserveLoginAttempt', 'getUserByUsername', 'releaseLoginAttempt']);
  });
});

describe('admin users.create while the password hasher is full', () => {
  it('answers the admin error code busy and creates nothing; it succeeds once the hasher is free', async () => {
    const admin = new AdminService({
      gatehouse: g,
      authUrl: () => 'http://127.0.0.1',
      mode: 'headless',
      version: 'test',
    });
    const busy = occupy();
    const refused = await admin.handle('users.create', { username: 'carol', password: 'a long enough password' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'busy' } });
    await busy;
    expect(await g.store.getUserByUsername('carol')).toBeNull();
    expect(await admin.handle('users.create', { username: 'carol', password: 'a long enough password' })).toMatchObject(
      { ok: true, value: { username: 'carol' } },
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type ServerFixture } from '../support/gatehouse-fixture';
import { login, postJson } from '../support/http-client';
import { useUnboundedHasher } from '../support/unbounded-hasher';

const passwords = useUnboundedHasher();
let fx: ServerFixture;
beforeAll(async () => {
  fx = await startTestServer({ passwords });
  // a small limit keeps the number of (128 MiB, CPU-bound) password hashes in these tests low
  await fx.gatehouse.settings.update({ loginMaxFailures: 2 }, 'test');
});
afterAll(() => fx.close());

const attempt = (username: string, password = 'wrong password') =>
  postJson(`${fx.url}/auth/login`, { username, password });

describe('login throttling that holds under concurrency', () => {
  it('reserves the attempt before hashing: 20 concurrent wrong passwords for one user get 2 × 401 and 18 × 429 at once', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => attempt('alice')));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(18);
    for (const r of responses.filter((res) => res.status === 429))
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    // only the 2 tried attempts are failures in the audit log
    expect(await fx.gatehouse.store.listAudit({ type: 'login.failed', limit: 100 })).toHaveLength(2);
  });

  it('limits one address over many usernames (4 × the per-user limit), so a username flood is throttled too', async () => {
    const statuses = (await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(`nobody-${i}`)))).map(
      (r) => r.status,
    );
    // alice's 2 failures already count against this address (limit 8): 6 more are tried, the rest refused
    expect(statuses.filter((s) => s === 401)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });

  it('forgets the attempts once the window has passed, in the store (nothing is kept in memory per attempt)', async () => {
    const store = fx.gatehouse.store;
    const madeAt = fx.clock.now(); // the earlier tests' attempts
    fx.clock.advance(fx.gatehouse.settings.get().loginWindow);
    await fx.gatehouse.tick();
    expect((await attempt('alice')).status).toBe(401);
    await login(fx.url, 'alice', DEMO_PASSWORD);
    // the next sweep deletes them from the store: none made at that time is left
    fx.clock.advance(1);
    await fx.gatehouse.tick();
    expect(await store.pruneLoginAttempts(madeAt + 1)).toBe(0);
    // the count lives in the store only: cleared there, a throttled user may try again at once
    for (let i = 0; i < 2; i++) expect((await attempt('bob')).status).toBe(401);
    expect((await attempt('bob')).status).toBe(429);
    await store.clearLoginAttempts('user:bob');
    expect((await attempt('bob')).status).toBe(401);
  });
});

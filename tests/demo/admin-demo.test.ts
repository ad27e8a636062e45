import { afterEach, expect, it } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import { startTestServer, type ServerFixture } from '../support/gatehouse-fixture';

let fx: ServerFixture;
afterEach(async () => {
  await fx.close();
});

it('a bare admin service (no demo lab): scenarios are listed, runs and the sandbox are invalid_state, no demo routes', async () => {
  fx = await startTestServer();
  const admin = new AdminService({ gatehouse: fx.gatehouse, authUrl: () => fx.url, mode: 'headless', version: 'test' });
  const list = await admin.handle('demo.scenarios', {});
  expect(list.ok && list.value.map((s) => s.id)).toEqual([
    'happy-path',
    'stolen-access',
    'stolen-refresh',
    'key-compromise',
    'role-change',
    'strategies',
    'app-checks',
  ]);
  expect(list.ok && list.value.every((s) => s.explanation.split('. ').length === 2)).toBe(true);
  // never clock_disabled any more: the lab runs in its sandbox, which the composition root gives
  for (const [method, request] of [
    ['demo.run', { scenario: 'happy-path' }],
    ['demo.sandbox', {}],
    ['demo.reset', {}],
  ] as const)
    expect(await admin.handle(method, request)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  expect(await admin.handle('demo.run', { scenario: 'nope' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_request' },
  });
  expect(await admin.handle('demo.reset', { now: true })).toMatchObject({
    ok: false,
    error: { code: 'invalid_request' },
  });
  expect((await fetch(`${fx.url}/demo/strategy/stateless-jwt/me`)).status).toBe(404);
});

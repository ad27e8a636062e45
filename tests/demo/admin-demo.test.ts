import { afterEach, expect, it } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import { startTestServer, type ServerFixture } from '../support/gatehouse-fixture';

let fx: ServerFixture;
afterEach(async () => {
  await fx.close();
});

it('without the virtual clock: scenarios are listed, runs are refused with clock_disabled, no demo routes exist', async () => {
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
  ]);
  expect(list.ok && list.value.every((s) => s.explanation.split('. ').length === 2)).toBe(true);
  expect(await admin.handle('demo.run', { scenario: 'happy-path' })).toMatchObject({
    ok: false,
    error: { code: 'clock_disabled' },
  });
  expect(await admin.handle('demo.run', { scenario: 'nope' })).toMatchObject({
    ok: false,
    error: { code: 'invalid_request' },
  });
  expect((await fetch(`${fx.url}/demo/strategy/stateless-jwt/me`)).status).toBe(404);
});

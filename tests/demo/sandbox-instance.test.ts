/** The sandbox's instances come from the composition root (runtime/sandbox-instance.ts), not from the demo layer. */
import { describe, expect, it } from 'vitest';
import type { Passwords } from '../../src/main/auth/passwords';
import { createSandbox } from '../../src/main/runtime/sandbox-instance';
import { openTestGatehouse } from '../support/gatehouse-fixture';

describe('createSandbox', () => {
  it('answers its control methods without starting, then composes an instance that shares the live password hashing', async () => {
    const hashed: string[] = [];
    const passwords: Passwords = {
      hash: async (password) => (hashed.push(password), `plain$${password}`),
      verify: async (password, stored) => stored === `plain$${password}`,
      refusal: () => null,
    };
    const live = await openTestGatehouse({ passwords });
    const sandbox = createSandbox({ live: live.gatehouse, mode: 'headless', version: 'test' });
    try {
      expect(await sandbox.admin.handle('demo.sandbox', {})).toEqual({
        ok: true,
        value: { running: false, authUrl: null, clock: null },
      });
      // a request the contract refuses is answered as data by the admin layer's runner, and starts nothing
      expect(await sandbox.admin.handle('demo.reset', { extra: 1 })).toMatchObject({ ok: false });
      expect(sandbox.state().running).toBe(false);

      const info = await sandbox.admin.handle('system.info', {});
      const state = sandbox.state();
      expect(state.running).toBe(true);
      expect(info).toMatchObject({
        ok: true,
        value: { instance: 'sandbox', virtualClock: true, authUrl: state.authUrl, issuer: state.authUrl },
      });
      // the demo users were hashed through the live instance's Passwords (one executor per process)
      expect(hashed).toHaveLength(2);
      const users = await sandbox.admin.handle('users.list', {});
      expect(users.ok && users.value.map((u) => u.username).sort()).toEqual(['alice', 'bob']);
    } finally {
      await sandbox.close();
      await live.close();
    }
  });
});

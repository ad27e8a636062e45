/**
 * The scrypt cost is a setting: OWASP's minimums (or their equivalents) are the floor, the linter
 * warns below today's default, and a stored hash keeps its own parameters, so hashes made before a
 * change still verify after it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { DEFAULT_SETTINGS, lintSettings, type AuthSettings } from '../../src/shared/settings';
import { CLIENT, DEMO_PASSWORD, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

const settings = (cost: Partial<AuthSettings>): AuthSettings => ({ ...DEFAULT_SETTINGS, issuer: 'x', ...cost });
const scryptLint = (cost: Partial<AuthSettings>) =>
  lintSettings(settings(cost)).filter((w) => w.field === 'scryptLogN');

describe('the scrypt cost linter', () => {
  it('says nothing of the default (N=2^17, r=8, p=1) or anything costlier', () => {
    expect(scryptLint({})).toEqual([]);
    expect(scryptLint({ scryptLogN: 18, scryptP: 2 })).toEqual([]);
  });

  it.each([
    { scryptLogN: 16, scryptP: 1 },
    { scryptLogN: 15, scryptP: 2 },
    { scryptLogN: 14, scryptP: 4 },
    { scryptLogN: 13, scryptP: 9 },
  ])('refuses N=2^$scryptLogN with p=$scryptP, below OWASP’s minimums, as an error', (cost) => {
    expect(scryptLint(cost)).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringMatching(/OWASP/) }),
    ]);
  });

  it.each([
    { scryptLogN: 16, scryptP: 2 },
    { scryptLogN: 15, scryptP: 3 },
    { scryptLogN: 14, scryptP: 5 },
    { scryptLogN: 13, scryptP: 10 },
  ])(
    'accepts OWASP’s equivalent N=2^$scryptLogN with p=$scryptP, warning that it holds less memory than the default',
    (cost) => {
      expect(scryptLint(cost)).toEqual([
        expect.objectContaining({ level: 'warning', message: expect.stringMatching(/MiB/) }),
      ]);
    },
  );

  it('refuses a cost whose one hash would hold more than 1 GiB', () => {
    expect(scryptLint({ scryptLogN: 20, scryptR: 16 })).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringMatching(/2048 MiB/) }),
    ]);
  });
});

describe('changing the scrypt cost', () => {
  let fx: GatehouseFixture;
  let g: Gatehouse;
  beforeEach(async () => {
    fx = await openTestGatehouse({ demoData: true });
    g = fx.gatehouse;
  });
  afterEach(() => fx.close());

  it('refuses a cost below the floor with settings_invalid and changes nothing', async () => {
    await expect(g.settings.update({ scryptLogN: 16 }, 'admin')).rejects.toMatchObject({ code: 'settings_invalid' });
    expect(g.settings.get().scryptLogN).toBe(17);
  });

  it('hashes new passwords at the new cost, while hashes made before still verify', async () => {
    const alice = (await g.store.getUserByUsername('alice'))!;
    expect(alice.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    await g.settings.update({ scryptLogN: 16, scryptP: 2 }, 'admin');

    const carol = await g.users.createUser('carol', 'a new password 123', ['user'], 'admin');
    expect(carol.passwordHash).toMatch(/^scrypt\$65536\$8\$2\$/);
    expect((await g.sessions.login('carol', 'a new password 123', CLIENT)).session.status).toBe('active');
    // alice's hash keeps N=2^17, p=1
    expect((await g.sessions.login('alice', DEMO_PASSWORD, CLIENT)).session.status).toBe('active');
  });
});

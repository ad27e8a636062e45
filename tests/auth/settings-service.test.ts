import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { lintSettings, type AuthSettings } from '../../src/shared/settings';
import { addUser, CLIENT, openTestGatehouse, type GatehouseFixture } from '../support/gatehouse-fixture';

let fx: GatehouseFixture;
let g: Gatehouse;

beforeEach(async () => {
  fx = await openTestGatehouse();
  g = fx.gatehouse;
});
afterEach(() => fx.close());

describe('SettingsService.update', () => {
  it.each([
    {
      name: 'a token lifetime over the verification cap (lint error)',
      patch: { accessTokenTtl: 1000, maxAccessTokenLifetime: 900 },
    },
    { name: 'a rotation interval shorter than the token horizon (lint error)', patch: { rotationInterval: 600 } },
    { name: 'a negative tolerance', patch: { clockTolerance: -1 } },
    { name: 'a fractional lifetime', patch: { accessTokenTtl: 60.5 } },
    { name: 'a lifetime as a string', patch: { accessTokenTtl: '60' } },
    { name: 'an unknown algorithm', patch: { signingAlg: 'none' } },
    { name: 'an empty audience', patch: { audience: '' } },
  ])('refuses $name with settings_invalid and changes nothing', async ({ patch }) => {
    const before = g.settings.get();
    await expect(g.settings.update(patch as unknown as Partial<AuthSettings>, 'admin')).rejects.toMatchObject({
      name: 'AuthError',
      code: 'settings_invalid',
    });
    expect(g.settings.get()).toEqual(before);
    expect(await g.store.getSettings()).toEqual({});
    expect(await g.store.listAudit({ type: 'settings.updated' })).toHaveLength(0);
  });

  it('applies, persists and audits a valid change, which the next token follows', async () => {
    const changed = await g.settings.update({ accessTokenTtl: 120, clockTolerance: 10 }, 'admin');
    expect(changed).toMatchObject({ accessTokenTtl: 120, clockTolerance: 10 });
    expect(await g.store.getSettings()).toMatchObject({ accessTokenTtl: 120, clockTolerance: 10 });
    expect(await g.store.listAudit({ type: 'settings.updated' })).toHaveLength(1);
    const { access } = await g.sessions.startSession(await addUser(g, 'gina'), CLIENT, 'admin');
    expect(access.expiresIn).toBe(120);
  });

  it('accepts a warning-level combination (idle longer than absolute)', async () => {
    // the linter warns about it, and only warns
    const lint = lintSettings({ ...g.settings.get(), idleTimeout: 7200, absoluteTimeout: 3600 });
    expect(lint).toContainEqual(expect.objectContaining({ level: 'warning', field: 'idleTimeout' }));
    expect(lint.filter((w) => w.level === 'error')).toEqual([]);
    await expect(g.settings.update({ idleTimeout: 7200, absoluteTimeout: 3600 }, 'admin')).resolves.toMatchObject({
      idleTimeout: 7200,
    });
  });

  it('does not let an update change the issuer', async () => {
    const issuer = g.settings.get().issuer;
    await g.settings.update({ issuer: 'https://evil.example', accessTokenTtl: 30 } as Partial<AuthSettings>, 'admin');
    expect(g.settings.get()).toMatchObject({ issuer, accessTokenTtl: 30 });
    expect(await g.store.getSettings()).not.toHaveProperty('issuer');
  });
});

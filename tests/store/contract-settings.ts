import { describe, expect, it } from 'vitest';
import { useStore, type OpenStore } from './contract-fixtures';

/** The deployment's settings and its one seeding: SettingsStore (store/ports/settings.ts). */
export function describeSettings(open: OpenStore): void {
  describe('settings and seeding', () => {
    const store = useStore(open);

    it('keeps settings as JSON values by key', async () => {
      expect(await store().getSettings()).toEqual({});
      await store().putSetting('accessTokenTtl', 60);
      await store().putSetting('alg', 'ES256');
      await store().putSetting('nested', { a: [1, 2], b: null, c: true });
      await store().putSetting('accessTokenTtl', 120);
      expect(await store().getSettings()).toEqual({
        accessTokenTtl: 120,
        alg: 'ES256',
        nested: { a: [1, 2], b: null, c: true },
      });
    });

    it('lets exactly one of many concurrent claims seed the deployment, and none after it', async () => {
      const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => store().claimSeeding(1000 + i)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store().claimSeeding(2000)).toBe(false);
      expect(await store().getSettings()).toEqual({});
    });
  });
}

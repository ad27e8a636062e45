import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../src/main/store/store';
import { T0, useStore, type OpenStore } from './contract-fixtures';

const key = (over: Partial<KeyRecord>): KeyRecord => ({
  kid: 'k1',
  alg: 'ES256',
  state: 'pending',
  createdAt: T0,
  activatesAt: null,
  activatedAt: null,
  retiringAt: null,
  retiredAt: null,
  revokedAt: null,
  publicJwk: '{"kty":"EC","crv":"P-256","x":"x","y":"y"}',
  sealedPrivateKey: new Uint8Array([0, 1, 2, 250, 255]),
  ...over,
});

/** Compares a key as returned (Buffer or Uint8Array) with the one stored. */
const plainKey = (k: KeyRecord) => ({ ...k, sealedPrivateKey: k.sealedPrivateKey && Array.from(k.sealedPrivateKey) });

/** The key ring's keys: SigningKeyStore (store/ports/signing-keys.ts). */
export function describeSigningKeys(open: OpenStore): void {
  describe('signing keys', () => {
    const store = useStore(open);

    it('upserts keys by kid, with the sealed private key as bytes or null', async () => {
      const k1 = key({});
      const k2 = key({ kid: 'k2', alg: 'EdDSA', createdAt: T0 + 1 });
      await store().putKey(k1);
      await store().putKey(k2);
      const sorted = async () =>
        [...(await store().listKeys())].sort((a, b) => a.kid.localeCompare(b.kid)).map(plainKey);
      expect(await sorted()).toEqual([plainKey(k1), plainKey(k2)]);
      const retired = {
        ...k1,
        state: 'retired' as const,
        activatedAt: T0 + 5,
        retiringAt: T0 + 6,
        retiredAt: T0 + 7,
        sealedPrivateKey: null,
      };
      await store().putKey(retired);
      expect(await sorted()).toEqual([plainKey(retired), plainKey(k2)]);
      const back = (await store().listKeys()).find((k) => k.kid === 'k2');
      expect(back?.sealedPrivateKey).toBeInstanceOf(Uint8Array);
    });
  });
}

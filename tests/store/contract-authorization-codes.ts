import { describe, expect, it } from 'vitest';
import { makeCode, seedSession, T0, useStore, type OpenStore } from './contract-fixtures';

/** Authorization codes: AuthorizationCodeStore (store/ports/authorization-codes.ts). */
export function describeAuthorizationCodes(open: OpenStore): void {
  describe('authorization codes', () => {
    const store = useStore(open);

    it('redeems a code once: the first consumption sees it unused, later ones see when it was used', async () => {
      const { session } = await seedSession(store());
      const code = makeCode(session, 'rp-one');
      await store().putAuthorizationCode(code);
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 10)).toEqual(code);
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 20)).toEqual({ ...code, usedAt: T0 + 10 });
      // the first redemption's time is kept
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 30)).toEqual({ ...code, usedAt: T0 + 10 });
    });

    it('keeps a code without a nonce as null', async () => {
      const { session } = await seedSession(store());
      const code = makeCode(session, 'rp-one', { nonce: null, scope: 'openid' });
      await store().putAuthorizationCode(code);
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 1)).toEqual(code);
    });

    it('keeps a code issued without a PKCE challenge as null, so the token endpoint can refuse a verifier for it', async () => {
      const { session } = await seedSession(store());
      const code = makeCode(session, 'rp-one', { codeChallenge: null });
      await store().putAuthorizationCode(code);
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 1)).toEqual(code);
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 2)).toEqual({ ...code, usedAt: T0 + 1 });
    });

    it('keeps the claims request as written, and its absence as null', async () => {
      const { session } = await seedSession(store());
      const claims = JSON.stringify({ userinfo: { email: { essential: true } }, id_token: { name: null } });
      const code = makeCode(session, 'rp-one', { claims });
      await store().putAuthorizationCode(code);
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 1)).toEqual(code);
    });

    it('answers null for a code never stored', async () => {
      expect(await store().consumeAuthorizationCode('no-such-code', T0)).toBeNull();
      // and a consumption of an unknown code creates nothing
      expect(await store().consumeAuthorizationCode('no-such-code', T0 + 1)).toBeNull();
    });

    it('refuses a second code with the same hash, so a put never makes a redeemed code unused again', async () => {
      const { session } = await seedSession(store());
      const code = makeCode(session, 'rp-one');
      await store().putAuthorizationCode(code);
      await store().consumeAuthorizationCode(code.codeHash, T0 + 10);
      await expect(store().putAuthorizationCode({ ...code, clientId: 'rp-two' })).rejects.toThrow();
      expect(await store().consumeAuthorizationCode(code.codeHash, T0 + 20)).toEqual({ ...code, usedAt: T0 + 10 });
    });

    it('lets exactly one of 20 concurrent redemptions see the code unused', async () => {
      const { session } = await seedSession(store());
      const code = makeCode(session, 'rp-one');
      await store().putAuthorizationCode(code);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store().consumeAuthorizationCode(code.codeHash, T0 + 10 + i)),
      );
      const winners = outcomes.filter((o) => o?.usedAt === null);
      expect(winners).toEqual([code]);
      const usedAt = outcomes.indexOf(winners[0]!) + T0 + 10;
      expect(outcomes.filter((o) => o?.usedAt === usedAt)).toHaveLength(19);
    });

    it('prunes codes that expired strictly before a time, used or not', async () => {
      const { session } = await seedSession(store());
      const early = makeCode(session, 'rp-one', { expiresAt: T0 + 10 });
      const earlyUsed = makeCode(session, 'rp-one', { expiresAt: T0 + 20 });
      const onTheDot = makeCode(session, 'rp-one', { expiresAt: T0 + 30 });
      const later = makeCode(session, 'rp-two', { expiresAt: T0 + 60 });
      for (const c of [early, earlyUsed, onTheDot, later]) await store().putAuthorizationCode(c);
      await store().consumeAuthorizationCode(earlyUsed.codeHash, T0 + 5);
      expect(await store().pruneAuthorizationCodes(T0 + 30)).toBe(2);
      expect(await store().consumeAuthorizationCode(early.codeHash, T0 + 40)).toBeNull();
      expect(await store().consumeAuthorizationCode(earlyUsed.codeHash, T0 + 40)).toBeNull();
      expect(await store().pruneAuthorizationCodes(T0 + 30)).toBe(0);
      // the code expiring exactly at the time is kept
      expect(await store().consumeAuthorizationCode(onTheDot.codeHash, T0 + 40)).toEqual(onTheDot);
      expect(await store().pruneAuthorizationCodes(T0 + 1000)).toBe(2);
      expect(await store().consumeAuthorizationCode(later.codeHash, T0 + 1000)).toBeNull();
    });
  });
}

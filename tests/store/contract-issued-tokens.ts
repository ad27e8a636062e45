import { describe, expect, it } from 'vitest';
import { makeSession, makeToken, seedSession, stored, T0, useStore, type OpenStore } from './contract-fixtures';

/** The issued-token log: IssuedTokenStore (store/ports/issued-tokens.ts). */
export function describeIssuedTokens(open: OpenStore): void {
  describe('issued tokens', () => {
    const store = useStore(open);

    it('records tokens and lists those of one session', async () => {
      const { session } = await seedSession(store());
      const t1 = { jti: 'j1', sessionId: session.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 };
      const t2 = { jti: 'j2', sessionId: session.id, kid: 'k2', issuedAt: T0 + 30, expiresAt: T0 + 90 };
      const other = { jti: 'j3', sessionId: 'another-session', kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 };
      for (const t of [t1, t2, other]) await store().recordIssuedToken(t);
      expect(await store().listIssuedTokens(session.id)).toEqual([t1, t2]);
      expect(await store().listIssuedTokens('nope')).toEqual([]);
    });

    it('reads the records of many jtis at once, skipping those it does not hold', async () => {
      const { session } = await seedSession(store());
      const t1 = { jti: 'j1', sessionId: session.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 };
      const t2 = { jti: 'j2', sessionId: 'another-session', kid: 'k2', issuedAt: T0 + 30, expiresAt: T0 + 90 };
      for (const t of [t1, t2]) await store().recordIssuedToken(t);
      const found = await store().getIssuedTokens(['j2', 'nope', 'j1', 'j2']);
      expect([...found].sort((a, b) => a.jti.localeCompare(b.jti))).toEqual([t1, t2]);
      expect(await store().getIssuedTokens([])).toEqual([]);
      await store().pruneIssuedTokens(T0 + 61);
      expect(await store().getIssuedTokens(['j1', 'j2'])).toEqual([t2]);
    });

    it('counts live tokens of a key and their distinct sessions', async () => {
      const { user, session: s1 } = await seedSession(store());
      const s2 = makeSession(user.id);
      await store().createSession(s2, stored(makeToken(s2.id)));
      const tokens = [
        { jti: 'a', sessionId: s1.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 },
        { jti: 'b', sessionId: s1.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 120 },
        { jti: 'c', sessionId: s2.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 120 },
        { jti: 'd', sessionId: s2.id, kid: 'k2', issuedAt: T0, expiresAt: T0 + 120 },
      ];
      for (const t of tokens) await store().recordIssuedToken(t);
      expect(await store().countLiveTokensByKid('k1', T0)).toEqual({ tokens: 3, sessions: 2 });
      // a token whose expiry equals now is no longer live
      expect(await store().countLiveTokensByKid('k1', T0 + 60)).toEqual({ tokens: 2, sessions: 2 });
      expect(await store().countLiveTokensByKid('k1', T0 + 120)).toEqual({ tokens: 0, sessions: 0 });
      expect(await store().countLiveTokensByKid('k9', T0)).toEqual({ tokens: 0, sessions: 0 });
    });

    it('prunes issued tokens that expired strictly before a time', async () => {
      const { session } = await seedSession(store());
      for (const [jti, expiresAt] of [
        ['a', T0 + 10],
        ['b', T0 + 20],
        ['c', T0 + 30],
      ] as const) {
        await store().recordIssuedToken({ jti, sessionId: session.id, kid: 'k1', issuedAt: T0, expiresAt });
      }
      expect(await store().pruneIssuedTokens(T0 + 20)).toBe(1);
      expect((await store().listIssuedTokens(session.id)).map((t) => t.jti)).toEqual(['b', 'c']);
      expect(await store().pruneIssuedTokens(T0 + 20)).toBe(0);
    });
  });
}

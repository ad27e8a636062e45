import { describe, expect, it } from 'vitest';
import { PRUNE, seedSession, T0, useStore, type OpenStore } from './contract-fixtures';

/** The provider's single-sign-on cookies: BrowserSessionStore (store/ports/browser-sessions.ts). */
export function describeBrowserSessions(open: OpenStore): void {
  describe('browser sessions', () => {
    const store = useStore(open);

    it('names a session by the hash of a cookie secret until deleted', async () => {
      const { session } = await seedSession(store());
      await store().putBrowserSession('hash-a', session.id, T0);
      expect(await store().getBrowserSession('hash-a')).toBe(session.id);
      expect(await store().getBrowserSession('hash-b')).toBeNull();
      await store().deleteBrowserSession('hash-a');
      expect(await store().getBrowserSession('hash-a')).toBeNull();
      // deleting one that is not there is harmless
      await store().deleteBrowserSession('hash-a');
    });

    it('replaces the session a hash names, and lets several hashes name one session', async () => {
      const a = await seedSession(store());
      const b = await seedSession(store());
      await store().putBrowserSession('hash-a', a.session.id, T0);
      await store().putBrowserSession('hash-a', b.session.id, T0 + 1);
      await store().putBrowserSession('hash-c', b.session.id, T0 + 2);
      expect(await store().getBrowserSession('hash-a')).toBe(b.session.id);
      expect(await store().getBrowserSession('hash-c')).toBe(b.session.id);
    });

    it('refuses a browser session of an unknown session', async () => {
      await expect(store().putBrowserSession('hash-a', 'no-such-session', T0)).rejects.toThrow();
      expect(await store().getBrowserSession('hash-a')).toBeNull();
    });

    it('prunes the browser sessions whose session is revoked or expired, keeping those of active ones', async () => {
      const live = await seedSession(store());
      const revoked = await seedSession(store());
      const expired = await seedSession(store(), { idleExpiresAt: T0 + 10 });
      await store().putBrowserSession('live-1', live.session.id, T0);
      await store().putBrowserSession('live-2', live.session.id, T0);
      await store().putBrowserSession('revoked', revoked.session.id, T0);
      await store().putBrowserSession('expired', expired.session.id, T0);
      expect(await store().pruneBrowserSessions()).toBe(0);
      await store().revokeSession(revoked.session.id, 'logout', T0 + 20, PRUNE);
      expect(await store().expireSessions(T0 + 20)).toHaveLength(1);
      expect(await store().pruneBrowserSessions()).toBe(2);
      expect(await store().getBrowserSession('revoked')).toBeNull();
      expect(await store().getBrowserSession('expired')).toBeNull();
      expect(await store().getBrowserSession('live-1')).toBe(live.session.id);
      expect(await store().getBrowserSession('live-2')).toBe(live.session.id);
      expect(await store().pruneBrowserSessions()).toBe(0);
    });
  });
}

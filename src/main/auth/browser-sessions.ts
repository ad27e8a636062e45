import type { SessionRecord, Store } from '../store/store';
import type { Clock } from './clock';
import { randomId, sha256b64u } from './random';

/** A browser session cookie's value: 32 random bytes, base64url. */
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The OpenID Provider's own browser session (single sign-on): a cookie whose secret names a
 * Gatehouse session, so a second client gets a code without a second password prompt. Only the
 * secret's hash is stored, and the cookie answers only while its session is active: it ends when
 * the session ends, however it ends.
 */
export class BrowserSessions {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** Opens one for a session; returns the cookie's value. */
  async open(session: SessionRecord): Promise<string> {
    const secret = randomId(32);
    await this.store.putBrowserSession(sha256b64u(secret), session.id, this.clock.now());
    return secret;
  }

  /** The active session a cookie names, or null (no cookie, a malformed or unknown one, an ended session). */
  async resolve(cookie: string | undefined): Promise<SessionRecord | null> {
    if (!cookie || !COOKIE_VALUE.test(cookie)) return null;
    const sessionId = await this.store.getBrowserSession(sha256b64u(cookie));
    const session = sessionId ? await this.store.getSession(sessionId) : null;
    const now = this.clock.now();
    if (!session || session.status !== 'active' || session.idleExpiresAt <= now || session.absoluteExpiresAt <= now)
      return null;
    return session;
  }

  async close(cookie: string | undefined): Promise<void> {
    if (cookie && COOKIE_VALUE.test(cookie)) await this.store.deleteBrowserSession(sha256b64u(cookie));
  }
}

import { describeDevice } from '../../shared/device';
import type { AuthSettings } from '../../shared/settings';
import type { SessionRecord, Store, UserRecord } from '../store/store';
import type { IssuedAccessToken, AccessTokenIssuer } from './access-token-issuer';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import { AuthError } from './errors';
import type { EventBus } from './event-bus';
import type { LoginThrottle } from './login-throttle';
import { HashingBusyError } from './password-hasher';
import { dummyPasswordHash, verifyPassword } from './passwords';
import { randomId } from './random';
import { createRefreshToken, hashRefreshSecret, parseRefreshToken } from './refresh-token';
import type { RevocationIndex } from './revocations';

export interface ClientContext {
  ip: string;
  userAgent: string;
}

export interface TokenPair {
  access: IssuedAccessToken;
  refreshToken: string;
  session: SessionRecord;
}

const GENERIC_LOGIN_FAILURE = 'invalid username or password';

/**
 * The session half of the hybrid model: login creates a server-side session and a refresh-token
 * family; refresh rotates (with reuse detection); revocation takes effect on the next request
 * through the revocation index.
 */
export class SessionService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly settings: () => AuthSettings,
    private readonly issuer: AccessTokenIssuer,
    private readonly revocations: RevocationIndex,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly bus: EventBus,
    private readonly tokenHorizon: () => number,
  ) {}

  async login(username: string, password: string, client: ClientContext): Promise<TokenPair> {
    const wait = this.throttle.retryAfter(username, client.ip);
    if (wait > 0) {
      await this.audit.record('login.throttled', 'anonymous', username.slice(0, 64), { ip: client.ip });
      throw new AuthError('login_throttled', 'too many failed logins; try again later', wait);
    }
    const user = await this.store.getUserByUsername(username);
    // hash even for an unknown user, so timing does not reveal which usernames exist
    const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash())).catch((err: unknown) => {
      // refused at once by the bounded hasher (whoever the user): not a failed attempt, nothing to throttle
      if (err instanceof HashingBusyError) throw new AuthError('login_busy', 'too many logins are in progress; try again shortly', err.retryAfter);
      throw err;
    });
    if (!user || !valid) {
      this.throttle.fail(username, client.ip);
      await this.audit.record('login.failed', 'anonymous', username.slice(0, 64), { ip: client.ip, userAgent: client.userAgent.slice(0, 256) });
      throw new AuthError('invalid_grant', GENERIC_LOGIN_FAILURE);
    }
    this.throttle.succeed(username);
    return this.startSession(user, client, 'login');
  }

  /** Creates a session for a user without a password (admin "mint", seeding, the demo lab). */
  async startSession(user: UserRecord, client: ClientContext, how: 'login' | 'admin'): Promise<TokenPair> {
    const s = this.settings();
    const now = this.clock.now();
    const absoluteExpiresAt = now + s.absoluteTimeout;
    const session: SessionRecord = {
      id: randomId(16), userId: user.id, createdAt: now, lastSeenAt: now,
      idleExpiresAt: Math.min(now + s.idleTimeout, absoluteExpiresAt), absoluteExpiresAt,
      ip: client.ip, userAgent: client.userAgent.slice(0, 512), device: describeDevice(client.userAgent),
      status: 'active', revokedAt: null, revokedReason: null,
    };
    const refresh = createRefreshToken();
    await this.store.createSession(session, {
      id: refresh.id, sessionId: session.id, secretHash: refresh.secretHash, parentId: null,
      createdAt: now, expiresAt: session.idleExpiresAt, usedAt: null, status: 'active',
    });
    const access = await this.issuer.issue(user, session);
    this.bus.emit({ type: 'session.created', at: now, sessionId: session.id, userId: user.id });
    await this.audit.record(how === 'login' ? 'login.succeeded' : 'session.minted', how === 'login' ? user.id : 'admin', session.id, { ip: client.ip, device: session.device });
    return { access, refreshToken: refresh.token, session };
  }

  /** Rotates a refresh token (RFC 9700 §4.14). A replayed token revokes the whole family. */
  async refresh(presented: unknown, client: ClientContext): Promise<TokenPair> {
    const parts = parseRefreshToken(presented);
    if (!parts) throw new AuthError('invalid_grant', 'malformed refresh token');
    const s = this.settings();
    const now = this.clock.now();
    const next = createRefreshToken();
    const outcome = await this.store.rotateRefreshToken({
      tokenId: parts.id, secretHash: hashRefreshSecret(parts.secret), now, idleExpiresAt: now + s.idleTimeout, reuseReason: 'refresh token reuse detected',
      next: { id: next.id, sessionId: '', secretHash: next.secretHash, parentId: parts.id, createdAt: now, expiresAt: now + s.idleTimeout, usedAt: null, status: 'active' },
    });
    if (outcome.kind === 'reused') {
      await this.markRevoked(outcome.session, 'refresh token reuse detected');
      this.bus.emit({ type: 'reuse.detected', at: now, sessionId: outcome.session.id, tokenId: parts.id });
      await this.audit.record('refresh.reuse_detected', 'anonymous', outcome.session.id, { tokenId: parts.id, ip: client.ip, userAgent: client.userAgent.slice(0, 256) });
      throw new AuthError('invalid_grant', 'refresh token was already used; the session has been revoked');
    }
    if (outcome.kind === 'invalid') {
      await this.audit.record('refresh.rejected', 'anonymous', parts.id, { reason: outcome.reason, ip: client.ip });
      throw new AuthError('invalid_grant', outcome.reason === 'mismatch' || outcome.reason === 'unknown' ? 'unknown refresh token' : `refresh token ${outcome.reason.replace('_', ' ')}`);
    }
    const user = await this.store.getUserById(outcome.session.userId);
    if (!user) throw new AuthError('invalid_grant', 'the user no longer exists');
    const access = await this.issuer.issue(user, outcome.session);
    this.bus.emit({ type: 'session.refreshed', at: now, sessionId: outcome.session.id });
    await this.audit.record('session.refreshed', user.id, outcome.session.id, { ip: client.ip });
    return { access, refreshToken: next.token, session: outcome.session };
  }

  async revokeSession(sessionId: string, reason: string, actor: string): Promise<SessionRecord> {
    const session = await this.store.revokeSession(sessionId, reason, this.clock.now());
    if (!session) {
      if (!(await this.store.getSession(sessionId))) throw new AuthError('not_found', 'no such session');
      throw new AuthError('invalid_state', 'the session is not active');
    }
    await this.markRevoked(session, reason);
    await this.audit.record('session.revoked', actor, sessionId, { reason, userId: session.userId });
    return session;
  }

  async revokeUserSessions(userId: string, reason: string, actor: string): Promise<SessionRecord[]> {
    if (!(await this.store.getUserById(userId))) throw new AuthError('not_found', 'no such user');
    const sessions = await this.store.revokeUserSessions(userId, reason, this.clock.now());
    for (const session of sessions) await this.markRevoked(session, reason);
    await this.audit.record('user.sessions_revoked', actor, userId, { reason, count: sessions.length });
    return sessions;
  }

  /** Marks sessions past their idle or absolute expiry as expired. */
  async expireDueSessions(): Promise<number> {
    const expired = await this.store.expireSessions(this.clock.now());
    for (const session of expired) this.bus.emit({ type: 'session.expired', at: this.clock.now(), sessionId: session.id });
    return expired.length;
  }

  /** The in-memory half of a revocation: the very next request with one of its tokens fails. */
  private async markRevoked(session: SessionRecord, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.revocations.add({ kind: 'sid', subject: session.id, value: 0, reason, createdAt: now, pruneAfter: now + this.tokenHorizon() });
    this.bus.emit({ type: 'session.revoked', at: now, sessionId: session.id, reason });
  }
}

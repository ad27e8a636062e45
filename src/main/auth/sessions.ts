import { describeDevice } from '../../shared/device';
import { scryptCostOf, type AuthSettings } from '../../shared/settings';
import type { DenylistEntry, RefreshTokenRecord, SessionRecord, Store, UserRecord } from '../store/store';
import type { IssuedAccessToken, AccessTokenIssuer } from './access-token-issuer';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import { claimsAskedIn, storedClaimsRequest, type ClaimsRequest } from './claims-request';
import { AuthError } from './errors';
import type { EventBus } from './event-bus';
import type { LoginThrottle } from './login-throttle';
import { HashingBusyError } from './password-hasher';
import { dummyPasswordHash, type Passwords } from './passwords';
import { safeEqual } from '../lib/constant-time';
import { randomId } from './random';
import { createRefreshToken, hashRefreshSecret, parseRefreshToken } from './refresh-token';
import type { DenylistService } from './denylist-service';

export interface ClientContext {
  ip: string;
  userAgent: string;
}

export interface TokenPair {
  access: IssuedAccessToken;
  refreshToken: string;
  session: SessionRecord;
  user: UserRecord;
  /** The scope of the refresh family ('' for Gatehouse's own login API). */
  scope: string;
  /** The `claims` request granted with the family (null: none, as for Gatehouse's own login API). */
  claims: ClaimsRequest | null;
}

/** The OAuth client presenting a refresh token, the audience of its access tokens, and the scope it may still have. */
export interface RefreshingClient {
  id: string;
  audience: string | null;
  /** The family's scope as the client's registration allows it now (a scope unregistered since is dropped). */
  narrowScope(scope: string): string;
}

const GENERIC_LOGIN_FAILURE = 'invalid username or password';

/** The hasher refused the login at once (whoever the user): not a failed attempt, try again later. */
const loginBusy = (err: HashingBusyError) =>
  new AuthError('login_busy', 'too many logins are in progress; try again shortly', err.retryAfter);

/**
 * The session half of the hybrid model: login creates a server-side session and a refresh-token
 * family; refresh rotates (with reuse detection); revocation takes effect on the next request
 * through the denylist. Every change is committed by the store first; what follows a commit
 * (signing, the issued-token log, audit, events) cannot turn it into a reported failure.
 */
export interface SessionServiceDeps {
  store: Store;
  clock: Clock;
  settings: () => AuthSettings;
  issuer: AccessTokenIssuer;
  denylist: DenylistService;
  throttle: LoginThrottle;
  passwords: Passwords;
  audit: AuditLog;
  bus: EventBus;
  /** Longest a token signed now can stay acceptable: the lifetime cap plus clock tolerance. */
  tokenHorizon: () => number;
}

export class SessionService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly settings: () => AuthSettings;
  private readonly issuer: AccessTokenIssuer;
  private readonly denylist: DenylistService;
  private readonly throttle: LoginThrottle;
  private readonly passwords: Passwords;
  private readonly audit: AuditLog;
  private readonly bus: EventBus;
  private readonly tokenHorizon: () => number;

  constructor(deps: SessionServiceDeps) {
    ({
      store: this.store,
      clock: this.clock,
      settings: this.settings,
      issuer: this.issuer,
      denylist: this.denylist,
      throttle: this.throttle,
      passwords: this.passwords,
      audit: this.audit,
      bus: this.bus,
      tokenHorizon: this.tokenHorizon,
    } = deps);
  }

  /**
   * The `login_busy` error a login started now would get (the password hasher is full), or null.
   * Lets a transport refuse a login before it even reads the request's body.
   */
  loginRefusal(): AuthError | null {
    const busy = this.passwords.refusal();
    return busy ? loginBusy(busy) : null;
  }

  async login(username: string, password: string, client: ClientContext): Promise<TokenPair> {
    const user = await this.authenticate(username, password, client);
    return this.startSession(user, client, 'login');
  }

  /**
   * Checks a username and password: throttled per user and address, answered alike for unknown
   * users, audited. The user, or an AuthError (`invalid_grant`, `login_throttled`, `login_busy`).
   */
  async authenticate(username: string, password: string, client: ClientContext): Promise<UserRecord> {
    // a login the hasher would refuse is refused before it reserves, reads or audits anything: a
    // flood of them then costs the event loop little more than parsing them
    const busy = this.loginRefusal();
    if (busy) throw busy;
    // reserved before hashing: concurrent guesses beyond the limit are refused without being tried
    const attempt = await this.throttle.reserve(username, client.ip);
    if ('retryAfter' in attempt) {
      await this.audit.record('login.throttled', 'anonymous', username.slice(0, 64), { ip: client.ip });
      throw new AuthError('login_throttled', 'too many failed logins; try again later', attempt.retryAfter);
    }
    let user: UserRecord | null;
    let valid: boolean;
    try {
      user = await this.store.getUserByUsername(username);
      // hash even for an unknown user, so timing does not reveal which usernames exist
      valid = await this.passwords.verify(
        password,
        user?.passwordHash ?? (await dummyPasswordHash(scryptCostOf(this.settings()))),
      );
    } catch (err) {
      // never tried (store down, hasher busy): it does not count against the user
      await attempt.cancelled().catch(() => {});
      // refused at once by the bounded hasher (whoever the user): not a failed attempt
      if (err instanceof HashingBusyError) throw loginBusy(err);
      throw err;
    }
    // a disabled user's right password is answered like a wrong one: the form says nothing more
    if (!user || !valid || user.disabled) {
      await this.audit.record('login.failed', 'anonymous', username.slice(0, 64), {
        ip: client.ip,
        userAgent: client.userAgent.slice(0, 256),
      });
      throw new AuthError('invalid_grant', GENERIC_LOGIN_FAILURE);
    }
    await attempt.succeeded();
    return user;
  }

  /**
   * A session opened by a browser login at the OpenID Provider: no refresh family yet (each client
   * gets its own when it redeems its code), tokens come from the token endpoint.
   */
  async startBrowserSession(user: UserRecord, client: ClientContext): Promise<SessionRecord> {
    const session = this.newSession(user, client);
    await this.store.createSession(session, null);
    this.bus.emit({ type: 'session.created', at: session.createdAt, sessionId: session.id, userId: user.id });
    await this.audit.record('login.succeeded', user.id, session.id, {
      ip: client.ip,
      device: session.device,
      via: 'authorization',
    });
    return session;
  }

  /**
   * A client's own refresh family in a session (its code was redeemed): the root token, bound to
   * the client, scope and `claims` request (the code's, stored JSON) that each refresh grants again.
   * Null when the session ended meanwhile.
   */
  async startClientFamily(
    session: SessionRecord,
    clientId: string,
    scope: string,
    claims: string | null,
  ): Promise<string | null> {
    const now = this.clock.now();
    const refresh = createRefreshToken();
    const started = await this.store.startRefreshFamily(
      {
        id: refresh.id,
        sessionId: session.id,
        secretHash: refresh.secretHash,
        parentId: null,
        createdAt: now,
        expiresAt: now + this.settings().idleTimeout,
        usedAt: null,
        status: 'active',
        clientId,
        scope,
        claims,
      },
      now,
    );
    return started ? refresh.token : null;
  }

  /** Creates a session for a user without a password (admin "mint", seeding, the demo lab). */
  async startSession(user: UserRecord, client: ClientContext, how: 'login' | 'admin'): Promise<TokenPair> {
    const session = this.newSession(user, client);
    const now = session.createdAt;
    const refresh = createRefreshToken();
    await this.store.createSession(session, {
      id: refresh.id,
      sessionId: session.id,
      secretHash: refresh.secretHash,
      parentId: null,
      createdAt: now,
      expiresAt: session.idleExpiresAt,
      usedAt: null,
      status: 'active',
      clientId: null,
      scope: '',
      claims: null,
    });
    const access = await this.issuer.issue(user, session);
    this.bus.emit({ type: 'session.created', at: now, sessionId: session.id, userId: user.id });
    await this.audit.record(
      how === 'login' ? 'login.succeeded' : 'session.minted',
      how === 'login' ? user.id : 'admin',
      session.id,
      { ip: client.ip, device: session.device },
    );
    return { access, refreshToken: refresh.token, session, user, scope: '', claims: null };
  }

  private newSession(user: UserRecord, client: ClientContext): SessionRecord {
    const s = this.settings();
    const now = this.clock.now();
    const absoluteExpiresAt = now + s.absoluteTimeout;
    const session: SessionRecord = {
      id: randomId(16),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      idleExpiresAt: Math.min(now + s.idleTimeout, absoluteExpiresAt),
      absoluteExpiresAt,
      ip: client.ip,
      userAgent: client.userAgent.slice(0, 512),
      device: describeDevice(client.userAgent),
      status: 'active',
      revokedAt: null,
      revokedReason: null,
    };
    return session;
  }

  /**
   * Rotates a refresh token (RFC 9700 §4.14). A replayed token revokes the whole session. `oauth`
   * is the client presenting it at the token endpoint (absent: Gatehouse's own login API): a token
   * of another client is refused and changes nothing.
   */
  async refresh(presented: unknown, client: ClientContext, oauth?: RefreshingClient): Promise<TokenPair> {
    const parts = parseRefreshToken(presented);
    if (!parts) throw new AuthError('invalid_grant', 'malformed refresh token');
    const s = this.settings();
    const now = this.clock.now();
    const next = createRefreshToken();
    const outcome = await this.store.rotateRefreshToken({
      tokenId: parts.id,
      secretHash: hashRefreshSecret(parts.secret),
      now,
      idleExpiresAt: now + s.idleTimeout,
      reuseReason: 'refresh token reuse detected',
      clientId: oauth?.id ?? null,
      reusePruneAfter: now + this.tokenHorizon(),
      graceSeconds: s.refreshReuseGrace,
      next: {
        id: next.id,
        sessionId: '',
        secretHash: next.secretHash,
        parentId: parts.id,
        createdAt: now,
        expiresAt: now + s.idleTimeout,
        usedAt: null,
        status: 'active',
        clientId: null,
        scope: '',
        claims: null,
      },
    });
    // committed: from here on nothing may report the rotation as failed
    if (outcome.kind === 'reused') {
      await this.markRevoked(outcome.session);
      this.bus.emit({ type: 'reuse.detected', at: now, sessionId: outcome.session.id, tokenId: parts.id });
      await this.audit.record('refresh.reuse_detected', 'anonymous', outcome.session.id, {
        tokenId: parts.id,
        ip: client.ip,
        userAgent: client.userAgent.slice(0, 256),
      });
      throw new AuthError('invalid_grant', 'refresh token was already used; the session has been revoked');
    }
    if (outcome.kind === 'invalid') {
      await this.audit.record('refresh.rejected', 'anonymous', parts.id, { reason: outcome.reason, ip: client.ip });
      throw new AuthError(
        'invalid_grant',
        outcome.reason === 'mismatch' || outcome.reason === 'unknown'
          ? 'unknown refresh token'
          : `refresh token ${outcome.reason.replace('_', ' ')}`,
      );
    }
    const { user, token } = outcome;
    if (!user) throw new AuthError('invalid_grant', 'the user no longer exists');
    const scope = oauth ? oauth.narrowScope(token.scope) : token.scope;
    // the family's claims request, granted again: its userinfo member rides in the new access token
    const claims = storedClaimsRequest(token.claims);
    const grant =
      token.clientId === null
        ? {}
        : {
            clientId: token.clientId,
            scope,
            audience: oauth?.audience,
            userinfoClaims: claimsAskedIn(claims, 'userinfo'),
          };
    const access = await this.issuer.issue(user, outcome.session, grant);
    this.bus.emit({ type: 'session.refreshed', at: now, sessionId: outcome.session.id });
    await this.audit.record('session.refreshed', user.id, outcome.session.id, {
      ip: client.ip,
      ...(token.clientId ? { clientId: token.clientId } : {}),
    });
    return { access, refreshToken: next.token, session: outcome.session, user, scope, claims };
  }

  async revokeSession(sessionId: string, reason: string, actor: string): Promise<SessionRecord> {
    const now = this.clock.now();
    const session = await this.store.revokeSession(sessionId, reason, now, now + this.tokenHorizon());
    if (!session) {
      if (!(await this.store.getSession(sessionId))) throw new AuthError('not_found', 'no such session');
      throw new AuthError('invalid_state', 'the session is not active');
    }
    await this.markRevoked(session);
    await this.audit.record('session.revoked', actor, sessionId, { reason, userId: session.userId });
    return session;
  }

  /** Like `revokeSession`, but a session that is no longer active is simply left so (logout, RFC 7009 revocation). */
  async endSession(sessionId: string, reason: string, actor: string): Promise<SessionRecord | null> {
    try {
      return await this.revokeSession(sessionId, reason, actor);
    } catch (err) {
      if (err instanceof AuthError && err.code === 'invalid_state') return null;
      throw err;
    }
  }

  async revokeUserSessions(userId: string, reason: string, actor: string): Promise<SessionRecord[]> {
    if (!(await this.store.getUserById(userId))) throw new AuthError('not_found', 'no such user');
    const now = this.clock.now();
    const sessions = await this.store.revokeUserSessions(userId, reason, now, now + this.tokenHorizon());
    for (const session of sessions) await this.markRevoked(session);
    await this.audit.record('user.sessions_revoked', actor, userId, { reason, count: sessions.length });
    return sessions;
  }

  /** A refresh token (active or not) and its session, if its secret matches; null otherwise. */
  async findRefreshToken(token: string): Promise<{ record: RefreshTokenRecord; session: SessionRecord } | null> {
    const parts = parseRefreshToken(token);
    const record = parts && (await this.store.getRefreshToken(parts.id));
    if (!parts || !record || !safeEqual(record.secretHash, hashRefreshSecret(parts.secret))) return null;
    const session = await this.store.getSession(record.sessionId);
    return session && { record, session };
  }

  /** RFC 7662 for a refresh token: active only while it is the family's live token and its session lives. */
  async introspectRefreshToken(
    token: string,
  ): Promise<
    { active: false } | { active: true; token_type: string; sub: string; sid: string; iat: number; exp: number }
  > {
    const parts = parseRefreshToken(token);
    const record = parts && (await this.store.getRefreshToken(parts.id));
    if (
      !parts ||
      !record ||
      record.status !== 'active' ||
      !safeEqual(record.secretHash, hashRefreshSecret(parts.secret))
    )
      return { active: false };
    const session = await this.store.getSession(record.sessionId);
    const now = this.clock.now();
    if (
      !session ||
      session.status !== 'active' ||
      record.expiresAt <= now ||
      session.idleExpiresAt <= now ||
      session.absoluteExpiresAt <= now
    )
      return { active: false };
    return {
      active: true,
      token_type: 'refresh_token',
      sub: session.userId,
      sid: session.id,
      iat: record.createdAt,
      exp: record.expiresAt,
    };
  }

  /** Marks sessions past their idle or absolute expiry as expired. */
  async expireDueSessions(): Promise<number> {
    const expired = await this.store.expireSessions(this.clock.now());
    for (const session of expired)
      this.bus.emit({ type: 'session.expired', at: this.clock.now(), sessionId: session.id });
    return expired.length;
  }

  /**
   * The in-memory half of a revocation the store has committed (with its `sid` entry): the very
   * next request with one of the session's tokens fails. A session that was revoked earlier
   * keeps its first reason and time, and so does its entry.
   */
  private async markRevoked(session: SessionRecord): Promise<void> {
    if (session.status !== 'revoked' || session.revokedAt === null) return;
    const reason = session.revokedReason ?? 'revoked';
    const entry: DenylistEntry = {
      kind: 'sid',
      subject: session.id,
      value: 0,
      reason,
      createdAt: session.revokedAt,
      pruneAfter: session.revokedAt + this.tokenHorizon(),
    };
    await this.denylist.applyCommitted(entry);
    this.bus.emit({ type: 'session.revoked', at: this.clock.now(), sessionId: session.id, reason });
  }
}

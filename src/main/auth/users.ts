import type { Store, UserRecord } from '../store/store';
import { isCheckUser } from './app-checks/check-users';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import { AuthError } from './errors';
import type { EventBus } from './event-bus';
import type { Passwords } from './passwords';
import type { ScryptCost } from '../../shared/settings';
import { checkCustomClaims } from '../../shared/user-claims';
import { randomId } from './random';
import type { DenylistService } from './denylist-service';
import type { SessionService } from './sessions';

/** What a username may be (the login form, the admin API and `--config` alike). */
export const USERNAME_RULE = /^[A-Za-z0-9._@-]{1,64}$/;

/** Demo users: creation with a scrypt hash, and the token version that invalidates all their tokens. */
export interface UserServiceDeps {
  store: Store;
  clock: Clock;
  audit: AuditLog;
  bus: EventBus;
  denylist: DenylistService;
  sessions: SessionService;
  passwords: Passwords;
  /** Longest a token signed now can stay acceptable: the lifetime cap plus clock tolerance. */
  tokenHorizon: () => number;
  /** The scrypt cost new hashes get (the settings'). */
  hashCost: () => ScryptCost;
}

export class UserService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly audit: AuditLog;
  private readonly bus: EventBus;
  private readonly denylist: DenylistService;
  private readonly sessions: SessionService;
  private readonly passwords: Passwords;
  private readonly tokenHorizon: () => number;
  private readonly hashCost: () => ScryptCost;

  constructor(deps: UserServiceDeps) {
    ({
      store: this.store,
      clock: this.clock,
      audit: this.audit,
      bus: this.bus,
      denylist: this.denylist,
      sessions: this.sessions,
      passwords: this.passwords,
      tokenHorizon: this.tokenHorizon,
      hashCost: this.hashCost,
    } = deps);
  }

  async createUser(
    username: string,
    password: string,
    roles: string[],
    actor: string,
    claims: Record<string, unknown> = {},
  ): Promise<UserRecord> {
    const problem = checkCustomClaims(claims);
    if (problem) throw new AuthError('invalid_request', `claims: ${problem}`);
    if (!USERNAME_RULE.test(username))
      throw new AuthError('invalid_request', 'a username is 1–64 letters, digits or . _ @ -');
    if (password.length < 8 || password.length > 1024)
      throw new AuthError('invalid_request', 'a password is 8–1024 characters');
    if (await this.store.getUserByUsername(username)) throw new AuthError('conflict', `user ${username} exists`);
    // a client's own tokens have sub = its id: a user named like a client could be taken for it
    if (await this.store.getClient(username))
      throw new AuthError('conflict', `username: ${username} is a client's id; choose another username`);
    const id = randomId(12);
    if (await this.store.getClient(id)) throw new AuthError('conflict', `user id ${id} is a client's id; try again`);
    const user: UserRecord = {
      id,
      username,
      passwordHash: await this.passwords.hash(password, this.hashCost()),
      tokenVersion: 0,
      roles,
      claims,
      disabled: false,
      createdAt: this.clock.now(),
    };
    await this.store.createUser(user);
    await this.audit.record('user.created', actor, user.id, { username, roles });
    this.bus.emit({ type: 'user.changed', at: user.createdAt, userId: user.id });
    return user;
  }

  /**
   * `--config`: the user as the file gives it, created or brought up to date (password, roles,
   * claims); applied at every start, so what already matches is not written again.
   */
  async apply(
    input: { username: string; password: string; roles: string[]; claims: Record<string, unknown> },
    actor: string,
  ): Promise<UserRecord> {
    const current = await this.store.getUserByUsername(input.username);
    if (!current) return this.createUser(input.username, input.password, input.roles, actor, input.claims);
    let user = current;
    const samePassword = await this.passwords.verify(input.password, current.passwordHash).catch(() => false);
    const sameRoles = JSON.stringify(current.roles) === JSON.stringify(input.roles);
    if (!samePassword || !sameRoles) {
      const patch = {
        ...(samePassword ? {} : { passwordHash: await this.passwords.hash(input.password, this.hashCost()) }),
        ...(sameRoles ? {} : { roles: input.roles }),
      };
      user = (await this.store.updateUser(current.id, patch)) ?? current;
      await this.audit.record('user.updated', actor, current.id, {
        fields: Object.keys(patch).map((k) => (k === 'passwordHash' ? 'password' : k)),
      });
      this.bus.emit({ type: 'user.changed', at: this.clock.now(), userId: current.id });
    }
    if (JSON.stringify(current.claims) !== JSON.stringify(input.claims))
      user = await this.setClaims(current.id, input.claims, actor);
    return user;
  }

  /**
   * Replaces a user's custom claims; their token version rises with it (one store step), so every
   * token issued before, which may carry the old claims' meaning, is refused at once.
   */
  async setClaims(userId: string, claims: Record<string, unknown>, actor: string): Promise<UserRecord> {
    const problem = checkCustomClaims(claims);
    if (problem) throw new AuthError('invalid_request', `claims: ${problem}`);
    const now = this.clock.now();
    const pruneAfter = now + this.tokenHorizon();
    const reason = 'custom claims changed';
    const next = await this.store.setUserClaims(userId, claims, reason, now, pruneAfter);
    if (!next) throw new AuthError('not_found', `no user ${userId}`);
    await this.denylist.versionRaised('user', userId, next.tokenVersion, reason, now, pruneAfter);
    await this.audit.record('user.claims_set', actor, userId, {
      claims: Object.keys(claims),
      version: next.tokenVersion,
    });
    this.bus.emit({ type: 'user.changed', at: now, userId });
    return next;
  }

  /**
   * Roles and the disabled flag. New roles raise the token version (tokens carry the roles);
   * disabling ends every session of the user (apps are told by back-channel logout) and sign-ins
   * fail with the usual generic error until the user is enabled again.
   */
  async update(userId: string, patch: { roles?: string[]; disabled?: boolean }, actor: string): Promise<UserRecord> {
    const current = await this.require(userId);
    const rolesChanged = patch.roles !== undefined && JSON.stringify(patch.roles) !== JSON.stringify(current.roles);
    const disabling = patch.disabled === true && !current.disabled;
    const enabling = patch.disabled === false && current.disabled;
    if (!rolesChanged && !disabling && !enabling) return current;
    let user =
      (await this.store.updateUser(userId, {
        ...(rolesChanged ? { roles: patch.roles } : {}),
        ...(disabling || enabling ? { disabled: disabling } : {}),
      })) ?? current;
    if (disabling) await this.sessions.revokeUserSessions(userId, 'user disabled', actor);
    if (rolesChanged) user = await this.bumpTokenVersion(userId, actor, 'roles changed');
    await this.audit.record(disabling ? 'user.disabled' : enabling ? 'user.enabled' : 'user.updated', actor, userId, {
      ...(rolesChanged ? { roles: user.roles } : {}),
    });
    this.bus.emit({ type: 'user.changed', at: this.clock.now(), userId });
    return user;
  }

  /** A new password; every session of the user ends (OWASP: a reset invalidates existing sessions). */
  async resetPassword(userId: string, password: string, actor: string): Promise<UserRecord> {
    const current = await this.require(userId);
    // a password would make the dedicated user of app checks a login anyone knowing it could use
    if (isCheckUser(current))
      throw new AuthError('invalid_request', `${current.username} is a check user of app checks: it has no password`);
    if (password.length < 8 || password.length > 1024)
      throw new AuthError('invalid_request', 'a password is 8–1024 characters');
    const user = await this.store.updateUser(userId, {
      passwordHash: await this.passwords.hash(password, this.hashCost()),
    });
    if (!user) throw new AuthError('not_found', `no user ${userId}`);
    await this.sessions.revokeUserSessions(userId, 'password reset', actor);
    await this.audit.record('user.password_reset', actor, userId);
    this.bus.emit({ type: 'user.changed', at: this.clock.now(), userId });
    return user;
  }

  /**
   * Ends every session of the user (their `sid` entries and back-channel deliveries are written
   * with it, and outlive the user), then deletes the user with their sessions.
   */
  async delete(userId: string, actor: string): Promise<{ sessionsEnded: number }> {
    const user = await this.require(userId);
    // disabled first: a sign-in between the revocation and the deletion cannot open a session that would vanish untold
    await this.store.updateUser(userId, { disabled: true });
    const ended = await this.sessions.revokeUserSessions(userId, 'user deleted', actor);
    if (!(await this.store.deleteUser(userId))) throw new AuthError('not_found', `no user ${userId}`);
    await this.audit.record('user.deleted', actor, userId, { username: user.username, sessionsEnded: ended.length });
    this.bus.emit({ type: 'user.changed', at: this.clock.now(), userId });
    return { sessionsEnded: ended.length };
  }

  private async require(userId: string): Promise<UserRecord> {
    const user = await this.store.getUserById(userId);
    if (!user) throw new AuthError('not_found', `no user ${userId}`);
    return user;
  }

  /** Bumps the user's token version: every access token carrying an older `ver` is rejected at once. */
  async bumpTokenVersion(userId: string, actor: string, reason: string): Promise<UserRecord> {
    const now = this.clock.now();
    const pruneAfter = now + this.tokenHorizon();
    // the store raises the version and writes its denylist entry together; memory follows
    const next = await this.store.bumpTokenVersion(userId, reason, now, pruneAfter);
    if (!next) throw new AuthError('not_found', `no user ${userId}`);
    await this.denylist.versionRaised('user', userId, next.tokenVersion, reason, now, pruneAfter);
    await this.audit.record('user.version_bumped', actor, userId, { version: next.tokenVersion, reason });
    this.bus.emit({ type: 'user.changed', at: now, userId });
    return next;
  }
}

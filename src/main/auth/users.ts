import type { Store, UserRecord } from '../store/store';
import type { AuditLog } from './audit';
import type { Clock } from './clock';
import { AuthError } from './errors';
import type { EventBus } from './event-bus';
import { hashPassword } from './passwords';
import { randomId } from './random';
import type { DenylistService } from './denylist-service';

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** Demo users: creation with a scrypt hash, and the token version that invalidates all their tokens. */
export class UserService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly bus: EventBus,
    private readonly denylist: DenylistService,
    private readonly tokenHorizon: () => number,
  ) {}

  async createUser(username: string, password: string, roles: string[], actor: string): Promise<UserRecord> {
    if (!USERNAME.test(username))
      throw new AuthError('invalid_request', 'a username is 1–64 letters, digits or . _ @ -');
    if (password.length < 8 || password.length > 1024)
      throw new AuthError('invalid_request', 'a password is 8–1024 characters');
    if (await this.store.getUserByUsername(username)) throw new AuthError('conflict', `user ${username} exists`);
    const user: UserRecord = {
      id: randomId(12),
      username,
      passwordHash: await hashPassword(password),
      tokenVersion: 0,
      roles,
      createdAt: this.clock.now(),
    };
    await this.store.createUser(user);
    await this.audit.record('user.created', actor, user.id, { username, roles });
    this.bus.emit({ type: 'user.changed', at: user.createdAt, userId: user.id });
    return user;
  }

  /** Bumps the user's token version: every access token carrying an older `ver` is rejected at once. */
  async bumpTokenVersion(userId: string, actor: string, reason: string): Promise<UserRecord> {
    const now = this.clock.now();
    const pruneAfter = now + this.tokenHorizon();
    // the store raises the version and writes its denylist entry together; memory follows
    const next = await this.store.bumpTokenVersion(userId, reason, now, pruneAfter);
    if (!next) throw new AuthError('not_found', `no user ${userId}`);
    await this.denylist.applyCommitted({
      kind: 'user',
      subject: userId,
      value: next.tokenVersion,
      reason,
      createdAt: now,
      pruneAfter,
    });
    await this.audit.record('user.version_bumped', actor, userId, { version: next.tokenVersion, reason });
    this.bus.emit({ type: 'user.changed', at: now, userId });
    return next;
  }
}

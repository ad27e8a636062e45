import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type { RefreshTokenRecord, SessionRecord, Store, UserRecord } from '../../src/main/store/store';

/** Opens a fresh, empty store; `cleanup` closes it and removes whatever it created. */
export type OpenStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/** A fixed "now" for every record: tests never read the wall clock. */
export const T0 = 1_700_000_000;
export const IDLE = 30 * 60;
export const ABSOLUTE = 12 * 60 * 60;
/** `pruneAfter` of the denylist entries written by revocations in these tests. */
export const PRUNE = T0 + 100_000;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

let seq = 0;
const nextId = (prefix: string): string => `${prefix}-${++seq}-${randomUUID().slice(0, 8)}`;

export function makeUser(over: Partial<UserRecord> = {}): UserRecord {
  const id = over.id ?? nextId('u');
  return {
    id,
    username: `user-${id}`,
    passwordHash: 'scrypt$16384$8$1$c2FsdA$aGFzaA',
    tokenVersion: 0,
    roles: ['user'],
    createdAt: T0,
    ...over,
  };
}

export function makeSession(userId: string, over: Partial<SessionRecord> = {}): SessionRecord {
  const createdAt = over.createdAt ?? T0;
  return {
    id: nextId('s'),
    userId,
    createdAt,
    lastSeenAt: createdAt,
    idleExpiresAt: createdAt + IDLE,
    absoluteExpiresAt: createdAt + ABSOLUTE,
    ip: '127.0.0.1',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    device: 'Firefox on Linux',
    status: 'active',
    revokedAt: null,
    revokedReason: null,
    ...over,
  };
}

/** A refresh token and the secret whose hash it stores. */
export function makeToken(
  sessionId: string,
  over: Partial<RefreshTokenRecord> = {},
): RefreshTokenRecord & { secret: string } {
  const secret = randomUUID();
  return {
    id: nextId('rt'),
    sessionId,
    secretHash: hashSecret(secret),
    parentId: null,
    createdAt: T0,
    expiresAt: T0 + ABSOLUTE,
    usedAt: null,
    status: 'active',
    ...over,
    secret,
  };
}

/** Strips the test-only `secret` so records compare equal to what the store returns. */
export const stored = ({ secret: _secret, ...record }: RefreshTokenRecord & { secret: string }): RefreshTokenRecord =>
  record;

/** A user with one active session and its first refresh token, all created at T0. */
export async function seedSession(store: Store, over: Partial<SessionRecord> = {}) {
  const user = makeUser();
  await store.createUser(user);
  const session = makeSession(user.id, over);
  const token = makeToken(session.id);
  await store.createSession(session, stored(token));
  return { user, session, token };
}

/** A fresh store per test; the getter is valid inside each test. */
export function useStore(open: OpenStore): () => Store {
  let current: { store: Store; cleanup: () => Promise<void> } | undefined;
  beforeEach(async () => {
    current = await open();
  });
  afterEach(async () => {
    await current?.cleanup();
    current = undefined;
  });
  return () => {
    if (!current) throw new Error('store used outside a test');
    return current.store;
  };
}

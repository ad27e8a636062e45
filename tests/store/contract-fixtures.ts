import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import type {
  AuthorizationCodeRecord,
  ClientRecord,
  RefreshTokenRecord,
  SessionRecord,
  Store,
  UserRecord,
} from '../../src/main/store/store';

/** Opens a fresh, empty store; `cleanup` closes it and removes whatever it created. */
export type OpenStore = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/** A fixed "now" for every record: tests never read the wall clock. */
export const T0 = 1_700_000_000;
export const IDLE = 30 * 60;
export const ABSOLUTE = 12 * 60 * 60;
/** `pruneAfter` of the denylist entries written by revocations in these tests. */
export const PRUNE = T0 + 100_000;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

/**
 * `demo-resource` as a store reads it back from a row or record written before the OpenID fields
 * (id, secret hash and creation time only): every later field at the default its migration gives.
 * One home for those defaults, so a new client field adds its default here once.
 */
export const legacyClientRead = (createdAt: number): ClientRecord => ({
  id: 'demo-resource',
  name: 'demo-resource',
  type: 'confidential',
  secretHash: 'aGFzaA',
  redirectUris: [],
  postLogoutRedirectUris: [],
  grantTypes: [],
  tokenEndpointAuthMethod: 'client_secret_basic',
  backchannelLogoutUri: null,
  audience: null,
  scopes: [],
  requirePkce: true,
  responseTypes: ['code'],
  idTokenSignedResponseAlg: 'RS256',
  idTokenClaims: 'scopes',
  enabled: true,
  tokenVersion: 0,
  createdAt,
  updatedAt: createdAt,
  lastUsedAt: null,
});

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
    claims: {},
    disabled: false,
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
    clientId: null,
    scope: '',
    claims: null,
    ...over,
    secret,
  };
}

/** A confidential relying party using the authorization code grant; every field set. */
export function makeClient(over: Partial<ClientRecord> = {}): ClientRecord {
  const id = over.id ?? nextId('c');
  return {
    id,
    name: `Client ${id}`,
    type: 'confidential',
    secretHash: hashSecret(`secret of ${id}`),
    redirectUris: ['https://rp.example/callback', 'http://127.0.0.1:8123/cb'],
    postLogoutRedirectUris: ['https://rp.example/bye'],
    grantTypes: ['authorization_code', 'refresh_token'],
    tokenEndpointAuthMethod: 'client_secret_basic',
    backchannelLogoutUri: 'https://rp.example/backchannel',
    audience: 'https://api.example',
    scopes: ['orders:read', 'orders:write'],
    idTokenSignedResponseAlg: 'ES256',
    idTokenClaims: 'minimal',
    requirePkce: true,
    responseTypes: ['code', 'id_token'],
    enabled: true,
    tokenVersion: 0,
    createdAt: T0,
    updatedAt: T0,
    lastUsedAt: null,
    ...over,
  };
}

/** A pending authorization code of `client` in `session`, issued at T0 for 60 s. */
export function makeCode(
  session: Pick<SessionRecord, 'id' | 'userId'>,
  clientId: string,
  over: Partial<AuthorizationCodeRecord> = {},
): AuthorizationCodeRecord {
  return {
    codeHash: hashSecret(randomUUID()),
    clientId,
    sessionId: session.id,
    userId: session.userId,
    redirectUri: 'https://rp.example/callback',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    scope: 'openid profile email',
    nonce: 'n-0S6_WzA2Mj',
    claims: null,
    authTime: T0,
    createdAt: T0,
    expiresAt: T0 + 60,
    usedAt: null,
    ...over,
  };
}

/** Strips the test-only `secret` so records compare equal to what the store returns. */
export const stored = ({ secret: _secret, ...record }: RefreshTokenRecord & { secret: string }): RefreshTokenRecord =>
  record;

/** A user with one active session and its first refresh token, all created at T0. */
export async function seedSession(
  store: Store,
  over: Partial<SessionRecord> = {},
  tokenOver: Partial<RefreshTokenRecord> = {},
) {
  const user = makeUser();
  await store.createUser(user);
  const session = makeSession(user.id, over);
  const token = makeToken(session.id, tokenOver);
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

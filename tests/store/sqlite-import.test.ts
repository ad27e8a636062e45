import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type ImportedSession, type SqliteStore } from '../../src/main/store/sqlite/sqlite-store';
import type { UserRecord } from '../../src/main/store/store';
import { makeTempDir } from '../support/gatehouse-fixture';

const T = 1_800_000_000;
const user: UserRecord = {
  id: 'u1',
  username: 'dana',
  passwordHash: 'disabled',
  tokenVersion: 0,
  roles: ['user'],
  claims: { email: 'dana@example.com' },
  disabled: false,
  createdAt: T,
};
const imported = (id: string, status: 'active' | 'revoked' = 'active'): ImportedSession => ({
  session: {
    id,
    userId: 'u1',
    createdAt: T,
    lastSeenAt: T + 60,
    idleExpiresAt: T + 1860,
    absoluteExpiresAt: T + 43_200,
    ip: '192.0.2.1',
    userAgent: 'curl/8',
    device: 'curl',
    status,
    revokedAt: status === 'revoked' ? T + 90 : null,
    revokedReason: status === 'revoked' ? 'logout' : null,
  },
  family: [
    {
      id: `${id}-r1`,
      sessionId: 'ignored',
      secretHash: 'h1',
      parentId: null,
      createdAt: T,
      expiresAt: T + 1800,
      usedAt: T + 60,
      status: 'rotated',
      clientId: 'rp-one',
      scope: 'openid',
      claims: null,
    },
    {
      id: `${id}-r2`,
      sessionId: 'ignored',
      secretHash: 'h2',
      parentId: `${id}-r1`,
      createdAt: T + 60,
      expiresAt: T + 1860,
      usedAt: null,
      status: status === 'revoked' ? 'revoked' : 'active',
      clientId: 'rp-one',
      scope: 'openid',
      claims: null,
    },
  ],
});

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = makeTempDir();
  store = openSqliteStore(path.join(dir, 'gatehouse.db'));
});
afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SqliteStore.importRecords', () => {
  it('writes users, sessions and whole refresh families as given', async () => {
    store.importRecords([user], [imported('s1'), imported('s2', 'revoked')]);
    expect(await store.getUserByUsername('dana')).toEqual(user);
    expect((await store.listSessions({})).total).toBe(2);
    expect(await store.getSession('s2')).toMatchObject({ status: 'revoked', revokedReason: 'logout' });
    const family = await store.getRefreshFamily('s1');
    expect(family.map((t) => [t.id, t.sessionId, t.status, t.clientId, t.scope])).toEqual([
      ['s1-r1', 's1', 'rotated', 'rp-one', 'openid'],
      ['s1-r2', 's1', 'active', 'rp-one', 'openid'],
    ]);
  });

  it('writes nothing when any row fails', async () => {
    expect(() => store.importRecords([user], [imported('s1'), imported('s1')])).toThrow(/UNIQUE/);
    expect(await store.getUserByUsername('dana')).toBeNull();
    expect((await store.listSessions({})).total).toBe(0);
  });
});

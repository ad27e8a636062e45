/**
 * The admin query port over a real store: what a session's detail reads together, the names a
 * page is drawn with, and "now" taken from the instance's clock (a virtual clock moves what is live).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAdminQueries, type AdminQueries } from '../../src/main/admin/queries';
import { FixedClock } from '../../src/main/auth/clock';
import { openSqliteStore } from '../../src/main/store/sqlite/sqlite-store';
import type { Store } from '../../src/main/store/store';
import { makeClient, makeToken, PRUNE, seedSession, stored, T0 } from '../store/contract-fixtures';

let dir: string;
let store: Store;
let clock: FixedClock;
let queries: AdminQueries;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gatehouse-admin-queries-'));
  store = openSqliteStore(join(dir, 'gatehouse.db'));
  clock = new FixedClock(T0 + 10);
  queries = createAdminQueries(store, clock);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const entry = (subject: string, detail: Record<string, unknown> = {}) => ({
  at: T0,
  type: 'test.event',
  actor: 'admin',
  subject,
  detail,
});

describe('AdminQueries', () => {
  it('names the adapter that answers', () => {
    expect(queries.storeKind).toBe('sqlite');
  });

  it("reads a session's history together: its family, tokens, own events, apps and deliveries", async () => {
    const { session, token } = await seedSession(store, {}, { clientId: 'rp-a', scope: 'openid' });
    const other = await seedSession(store);
    await store.putClient(makeClient({ id: 'rp-a', backchannelLogoutUri: 'https://rp.example/bc' }));
    await store.addSessionClient(session.id, 'rp-a', T0 + 1);
    await store.recordIssuedToken({ jti: 'j1', sessionId: session.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 });
    const own = await store.appendAudit(entry(session.id));
    const bySid = await store.appendAudit(entry('someone', { sid: session.id }));
    // found by the text search, but about another session: not this one's event
    await store.appendAudit(entry(other.session.id, { note: `unlike ${session.id}` }));
    await store.revokeSession(session.id, 'logout', T0 + 5, PRUNE);

    expect(await store.listAudit({ text: session.id })).toHaveLength(3);
    const history = await queries.sessionHistory(session.id);
    expect(history).toMatchObject({
      session: { id: session.id, status: 'revoked' },
      family: [{ id: token.id, status: 'revoked' }],
      issuedTokens: [{ jti: 'j1' }],
      clients: [{ sessionId: session.id, clientId: 'rp-a', firstAt: T0 + 1 }],
      deliveries: [{ clientId: 'rp-a', status: 'pending' }],
    });
    expect(history!.events.map((e) => e.id)).toEqual([bySid.id, own.id]);
  });

  it('answers null for the history of an unknown session', async () => {
    expect(await queries.sessionHistory('no-such-session')).toBeNull();
  });

  it('lists the apps of each session asked for, an empty list for one without any', async () => {
    const a = await seedSession(store);
    const b = await seedSession(store);
    await store.addSessionClient(a.session.id, 'rp-a', T0);
    const clients = await queries.sessionClients([b.session.id, a.session.id]);
    expect([...clients.keys()]).toEqual([b.session.id, a.session.id]);
    expect(clients.get(b.session.id)).toEqual([]);
    expect(clients.get(a.session.id)).toEqual([{ sessionId: a.session.id, clientId: 'rp-a', firstAt: T0 }]);
  });

  it('names every user by id, and finds one user (null once deleted)', async () => {
    const { user } = await seedSession(store);
    expect(await queries.usernames()).toEqual(new Map([[user.id, user.username]]));
    expect(await queries.getUser(user.id)).toMatchObject({ username: user.username });
    await store.deleteUser(user.id);
    expect(await queries.getUser(user.id)).toBeNull();
  });

  it("counts a key's live tokens and a client's live use at the clock's now", async () => {
    const { session } = await seedSession(store);
    await store.recordIssuedToken({ jti: 'j1', sessionId: session.id, kid: 'k1', issuedAt: T0, expiresAt: T0 + 60 });
    await store.startRefreshFamily(stored(makeToken(session.id, { clientId: 'rp-a' })), T0 + 1);
    expect(await queries.liveTokensOfKey('k1')).toEqual({ tokens: 1, sessions: 1 });
    expect((await queries.clientUsage()).get('rp-a')).toEqual({ activeSessions: 1, liveRefreshTokens: 1 });

    // past the token's expiry and the session's idle expiry, nothing of either is live
    clock.set(session.idleExpiresAt + 1);
    expect(await queries.liveTokensOfKey('k1')).toEqual({ tokens: 0, sessions: 0 });
    expect((await queries.clientUsage()).get('rp-a')).toBeUndefined();
  });
});

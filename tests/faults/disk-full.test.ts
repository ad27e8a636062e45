import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AdminService } from '../../src/main/admin/admin-service';
import { FixedClock } from '../../src/main/auth/clock';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { ensureDemoData } from '../../src/main/runtime/open-gatehouse';
import { openGatehouseOnFullDisk, type FullDisk } from '../support/full-disk';
import { CLIENT_SECRET, DEMO_PASSWORD, makeTempDir, T0 } from '../support/gatehouse-fixture';
import {
  basicAuth,
  getMe,
  login,
  postForm,
  postJson,
  refresh,
  type ErrorBody,
  type TokenResponse,
} from '../support/http-client';

let dir: string;
let disk: FullDisk;
let clock: FixedClock;
let g: Gatehouse;
let server: AuthServer;
let admin: AdminService;
let errors: ReturnType<typeof vi.spyOn>;

/** One issuer across restarts, as a deployment has (the port changes, the tokens' iss does not). */
const ISSUER = 'http://gatehouse.test';

async function start(): Promise<void> {
  g = await openGatehouseOnFullDisk(dir, disk, clock);
  server = await startAuthServer(g, { port: 0 });
  g.settings.setIssuer(ISSUER);
  admin = new AdminService({ gatehouse: g, authUrl: () => server.url, mode: 'headless', version: 'test' });
}

/** A clean restart with the disk freed: what survives is exactly what the store committed. */
async function restart(): Promise<void> {
  await server.close();
  await g.close();
  disk.full = false;
  await start();
}

beforeEach(async () => {
  dir = makeTempDir();
  disk = { full: false, refused: 0 };
  clock = new FixedClock(T0);
  await start();
  await ensureDemoData(g, DEMO_PASSWORD, CLIENT_SECRET);
  errors = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(async () => {
  errors.mockRestore();
  await server.close();
  await g.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The disk fills up from now on (only these store methods, when given). */
const fill = (only?: string[]) => {
  disk.full = true;
  disk.only = only ? new Set(only) : undefined;
};
const me = async (token: string) => (await getMe(server.url, token)).status;
const loggedCause = () => errors.mock.calls.flat().map(String).join('\n');

describe('a full disk: the store decides, memory follows, and nothing answered is lost', () => {
  it('denylist.add answers storage_unavailable and the token keeps working, before and after a restart', async () => {
    const pair = await login(server.url, 'alice', DEMO_PASSWORD);
    fill();
    expect(await admin.handle('denylist.add', { token: pair.access_token })).toMatchObject({
      ok: false,
      error: { code: 'storage_unavailable' },
    });
    expect(await me(pair.access_token)).toBe(200);
    await restart();
    expect(await me(pair.access_token)).toBe(200);
    expect(loggedCause()).toMatch(/SQLITE_FULL/);
  });

  it('/oauth/revoke of an access token answers 503 temporarily_unavailable with Retry-After, and revokes nothing', async () => {
    const pair = await login(server.url, 'alice', DEMO_PASSWORD);
    fill();
    const res = await postForm(
      `${server.url}/oauth/revoke`,
      { token: pair.access_token },
      { authorization: basicAuth('demo-resource', CLIENT_SECRET) },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await res.json()) as ErrorBody).toMatchObject({
      error: 'temporarily_unavailable',
      reason: 'store_unavailable',
    });
    expect(await me(pair.access_token)).toBe(200);
    await restart();
    expect(await me(pair.access_token)).toBe(200);
  });

  it('users.bumpVersion answers storage_unavailable and does not lock the user out', async () => {
    const alice = (await g.store.getUserByUsername('alice'))!;
    fill();
    expect(await admin.handle('users.bumpVersion', { userId: alice.id })).toMatchObject({
      ok: false,
      error: { code: 'storage_unavailable' },
    });
    disk.full = false;
    // a token issued now (same version) must verify: the failed bump changed nothing in memory
    const pair = await login(server.url, 'alice', DEMO_PASSWORD);
    expect(await me(pair.access_token)).toBe(200);
    expect(g.denylist.entries.minVersion(alice.id)).toBe(0);
  });

  it('a failed logout says so (503) and the session stays valid; a failed admin revoke changes nothing', async () => {
    const pair = await login(server.url, 'alice', DEMO_PASSWORD);
    fill();
    const out = await postJson(`${server.url}/auth/logout`, {}, { authorization: `Bearer ${pair.access_token}` });
    expect(out.status).toBe(503);
    expect(await admin.handle('sessions.revoke', { sessionId: pair.session_id })).toMatchObject({
      ok: false,
      error: { code: 'storage_unavailable' },
    });
    expect(await me(pair.access_token)).toBe(200);
    await restart();
    expect((await g.store.getSession(pair.session_id))?.status).toBe('active');
    expect(await me(pair.access_token)).toBe(200);
  });

  it('a refresh whose rotation could not be stored answers 503, and the same refresh token still works afterwards (no reuse)', async () => {
    const pair = await login(server.url, 'alice', DEMO_PASSWORD);
    fill(['rotateRefreshToken']);
    const res = await refresh(server.url, pair.refresh_token);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: 'temporarily_unavailable', reason: 'store_unavailable' });
    disk.full = false;
    const retried = await refresh(server.url, pair.refresh_token);
    expect(retried.status).toBe(200);
    expect((await g.store.getSession(pair.session_id))?.status).toBe('active');
  });

  it('a committed rotation is answered with the new pair even when the writes after it fail', async () => {
    const pair = await login(server.url, 'alice', DEMO_PASSWORD);
    fill(['recordIssuedToken', 'appendAudit']);
    const res = await refresh(server.url, pair.refresh_token);
    expect(res.status).toBe(200);
    const next = (await res.json()) as TokenResponse;
    expect(disk.refused).toBeGreaterThan(0);
    expect(await me(next.access_token)).toBe(200);
    // the client goes on with the new token, and the old one is spent
    expect((await refresh(server.url, next.refresh_token)).status).toBe(200);
  });

  it('a login that cannot be stored answers 503, not 500', async () => {
    fill();
    const res = await postJson(`${server.url}/auth/login`, { username: 'alice', password: DEMO_PASSWORD });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

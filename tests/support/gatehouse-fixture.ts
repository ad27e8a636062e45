import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FixedClock } from '../../src/main/auth/clock';
import type { Gatehouse } from '../../src/main/auth/gatehouse';
import type { LogoutDispatcherOptions } from '../../src/main/auth/logout-dispatcher';
import type { Passwords } from '../../src/main/auth/passwords';
import { randomId } from '../../src/main/auth/random';
import type { ClientContext } from '../../src/main/auth/sessions';
import { startAuthServer, type AuthServer } from '../../src/main/http/auth-server';
import { ensureDemoData, openGatehouse } from '../../src/main/runtime/open-gatehouse';
import type { UserRecord } from '../../src/main/store/store';

/** The frozen start time of every fixture (unix seconds). */
export const T0 = 1_800_000_000;
export const DEMO_PASSWORD = 'correct horse battery staple';
export const CLIENT_SECRET = 'test-client-secret-0123456789';
export const CLIENT: ClientContext = { ip: '203.0.113.7', userAgent: 'vitest' };

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-test-'));
}

export interface GatehouseFixture {
  dir: string;
  clock: FixedClock;
  gatehouse: Gatehouse;
  close(): Promise<void>;
}

export interface ServerFixture extends GatehouseFixture {
  server: AuthServer;
  url: string;
}

/**
 * A Gatehouse on a real SQLite file in its own temp folder, with a frozen clock.
 * `demoData` adds alice and bob (scrypt: ~150 ms each) and the `demo-resource` client.
 */
export async function openTestGatehouse(
  opts: { demoData?: boolean; logout?: LogoutDispatcherOptions; passwords?: Passwords } = {},
): Promise<GatehouseFixture> {
  const dir = makeTempDir();
  const clock = new FixedClock(T0);
  const gatehouse = await openGatehouse({ dataDir: dir, clock, logout: opts.logout, passwords: opts.passwords });
  if (opts.demoData) await ensureDemoData(gatehouse, DEMO_PASSWORD, CLIENT_SECRET);
  const fx: GatehouseFixture = {
    dir,
    clock,
    gatehouse,
    // closes whichever gatehouse the test left open (a test may reopen the folder)
    async close() {
      await fx.gatehouse.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return fx;
}

/** The public auth server on a free loopback port, over a fixture with the demo data. */
export async function startTestServer(
  opts: { logout?: LogoutDispatcherOptions; passwords?: Passwords } = {},
): Promise<ServerFixture> {
  const fx = await openTestGatehouse({ ...opts, demoData: true });
  const server = await startAuthServer(fx.gatehouse, { port: 0 });
  fx.gatehouse.settings.setIssuer(server.url);
  return {
    ...fx,
    server,
    url: server.url,
    async close() {
      await server.close();
      await fx.close();
    },
  };
}

/** A user that cannot log in (no usable password hash): cheap, for tests that start sessions directly. */
export async function addUser(gatehouse: Gatehouse, username: string, roles: string[] = ['user']): Promise<UserRecord> {
  const user: UserRecord = {
    id: randomId(12),
    username,
    passwordHash: 'disabled',
    tokenVersion: 0,
    roles,
    claims: {},
    disabled: false,
    createdAt: gatehouse.clock.now(),
  };
  await gatehouse.store.createUser(user);
  return user;
}

export async function requireUser(gatehouse: Gatehouse, username: string): Promise<UserRecord> {
  const user = await gatehouse.store.getUserByUsername(username);
  if (!user) throw new Error(`no user ${username}`);
  return user;
}

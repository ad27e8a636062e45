import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless } from '../src/main/runtime/headless';
import { seedDataFolder, type SeedReport } from '../src/main/runtime/seed-sessions';
import { openSqliteStore } from '../src/main/store/sqlite/sqlite-store';
import type { SessionRow } from '../src/main/store/store';
import { makeTempDir } from './support/gatehouse-fixture';
import { login } from './support/http-client';

const N = 500;
const NOW = Math.floor(Date.now() / 1000);
let dir: string;
let report: SeedReport;
let sessions: SessionRow[];

beforeAll(async () => {
  dir = makeTempDir();
  // env {}: the secrets are generated and saved in the folder, as a first `serve` would
  report = await seedDataFolder({ dataDir: dir, sessions: N, now: NOW, env: {} });
  const store = openSqliteStore(path.join(dir, 'gatehouse.db'));
  try {
    sessions = (await store.listSessions({ limit: N + 10 })).items;
  } finally {
    await store.close();
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('seedDataFolder', () => {
  it('creates N sessions with a mix of statuses, for many users, on varied devices and IPs', () => {
    expect(sessions).toHaveLength(N);
    expect(report.sessions).toBe(N);
    const count = (status: string) => sessions.filter((s) => s.status === status).length;
    expect(count('active') + count('revoked') + count('expired')).toBe(N);
    for (const status of ['active', 'revoked', 'expired'] as const) {
      expect(count(status)).toBeGreaterThan(N * 0.1);
      expect(report.byStatus[status]).toBe(count(status));
    }
    expect(new Set(sessions.map((s) => s.userId)).size).toBeGreaterThan(50);
    expect(new Set(sessions.map((s) => s.device)).size).toBeGreaterThan(5);
    for (const s of sessions) expect(s.ip).toMatch(/^(192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|10\.|2001:db8::)/);
    expect(new Set(sessions.map((s) => s.ip)).size).toBeGreaterThan(50);
  });

  it('gives every session times that agree with its status', () => {
    for (const s of sessions) {
      expect(s.createdAt).toBeLessThanOrEqual(s.lastSeenAt);
      expect(s.idleExpiresAt).toBeLessThanOrEqual(s.absoluteExpiresAt);
      if (s.status === 'active') expect(Math.min(s.idleExpiresAt, s.absoluteExpiresAt)).toBeGreaterThan(NOW);
      if (s.status === 'expired') expect(s.idleExpiresAt).toBeLessThanOrEqual(NOW);
      if (s.status === 'revoked') expect(s.revokedReason).toBeTruthy();
      else expect(s.revokedAt).toBeNull();
    }
  });

  it('lays down refresh families with 1–5 rotations: older tokens rotated and used, the newest unused and revoked exactly when its session is', async () => {
    const store = openSqliteStore(path.join(dir, 'gatehouse.db'));
    try {
      for (const s of sessions.slice(0, 50)) {
        const family = await store.getRefreshFamily(s.id);
        expect(family.length).toBeGreaterThanOrEqual(2);
        expect(family.length).toBeLessThanOrEqual(6);
        expect(family[0]!.parentId).toBeNull();
        for (let i = 1; i < family.length; i++) expect(family[i]!.parentId).toBe(family[i - 1]!.id);
        expect(family.slice(0, -1).every((t) => t.status === 'rotated' && t.usedAt !== null)).toBe(true);
        expect(family.at(-1)!.status).toBe(s.status === 'revoked' ? 'revoked' : 'active');
        expect(family.at(-1)!.usedAt).toBeNull();
      }
    } finally {
      await store.close();
    }
  });

  it('leaves a folder that headless mode opens, where a seeded user logs in with the demo password', async () => {
    const secrets = JSON.parse(fs.readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as { demoPassword: string };
    const lines: string[] = [];
    const running = await startHeadless({
      dataDir: dir,
      host: '127.0.0.1',
      port: 0,
      consolePort: 0,
      log: (l) => lines.push(l),
    });
    try {
      expect(lines).toContain(`admin console: ${running.console.url}`);
      const seeded = sessions[0]!.username;
      const pair = await login(running.auth.url, seeded, secrets.demoPassword);
      expect((await login(running.auth.url, 'alice', secrets.demoPassword)).session_id).toBeTruthy();
      const { total } = await running.gatehouse.store.listSessions({ limit: 1 });
      expect(total).toBe(N + 2);
      expect((await running.gatehouse.store.getSession(pair.session_id))?.status).toBe('active');
    } finally {
      await running.stop();
    }
  });

  it('adds more sessions on a second run, reusing the users', async () => {
    const count = async () => {
      const store = openSqliteStore(path.join(dir, 'gatehouse.db'));
      try {
        return { sessions: (await store.listSessions({ limit: 1 })).total, users: (await store.listUsers()).length };
      } finally {
        await store.close();
      }
    };
    const before = await count();
    const again = await seedDataFolder({ dataDir: dir, sessions: 20, users: report.users, now: NOW, env: {} });
    expect(again).toMatchObject({ sessions: 20, newUsers: 0, users: report.users });
    expect(await count()).toEqual({ sessions: before.sessions + 20, users: before.users });
  });
});

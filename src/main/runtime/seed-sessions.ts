/**
 * Fills a data folder with realistic sessions (`npm run seed`), so that the console's 100,000
 * case can be opened by anyone: a few hundred users, each on a couple of their own devices and
 * networks, sessions spread over the past week, refresh families with 1–5 rotations, some revoked
 * (with the reasons Gatehouse itself writes) and some expired.
 */
import type { AuditType } from '../../shared/audit-types';
import { randomBytes } from 'node:crypto';
import { describeDevice } from '../../shared/device';
import { scryptCostOf } from '../../shared/settings';
import { randomId } from '../auth/random';
import { SqliteStore, type ImportedSession } from '../store/sqlite/sqlite-store';
import type { RefreshTokenRecord, SessionRecord, SessionStatus, UserRecord } from '../store/store';
import { ensureDemoData, openGatehouse } from './open-gatehouse';
import { loadHeadlessSecrets } from './secrets';

export interface SeedOptions {
  dataDir: string;
  sessions: number;
  /** Default: one per five sessions, between 5 and 300. */
  users?: number;
  /** Unix seconds; default: now. */
  now?: number;
  random?: () => number;
  env?: NodeJS.ProcessEnv;
}

export interface SeedReport {
  users: number;
  newUsers: number;
  sessions: number;
  byStatus: Record<SessionStatus, number>;
  seconds: number;
}

const FIRST = [
  'maria',
  'james',
  'wei',
  'fatima',
  'olga',
  'liam',
  'aisha',
  'noah',
  'yuki',
  'carlos',
  'ines',
  'omar',
  'sofia',
  'lucas',
  'priya',
  'emma',
  'ivan',
  'chen',
  'lena',
  'diego',
  'amara',
  'jonas',
  'mei',
  'tomas',
  'zara',
  'felix',
  'nina',
  'arjun',
  'hana',
  'leo',
];
const LAST = [
  'garcia',
  'smith',
  'wang',
  'khan',
  'ivanova',
  'murphy',
  'okafor',
  'mueller',
  'tanaka',
  'silva',
  'rossi',
  'haddad',
  'novak',
  'dubois',
  'patel',
  'jensen',
  'kowalski',
  'nguyen',
  'berg',
  'lopez',
];
const USER_AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:141.0) Gecko/20100101 Firefox/141.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (iPad; CPU OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 OPR/121.0.0.0',
  'curl/8.14.1',
  'node',
  'okhttp/4.12.0',
];
const REVOKE_REASONS = [
  'logout',
  'logout',
  'logout',
  'revoked by admin',
  'all sessions revoked by admin',
  'refresh token reuse detected',
  'token version bumped by admin',
];
const DAY = 86_400;
const SPREAD = 7 * DAY;
const BATCH = 10_000;

/** Opens the folder as `serve` would (key ring, demo users, secrets), then adds the sessions. */
export async function seedDataFolder(opts: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const rnd = opts.random ?? Math.random;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  // first: it locks the data folder (a running server must not be seeded under its feet)
  const gatehouse = await openGatehouse({ dataDir: opts.dataDir });
  try {
    const { secrets } = loadHeadlessSecrets(opts.dataDir, opts.env);
    await ensureDemoData(gatehouse, secrets.demoPassword, secrets.clientSecret);
    const store = gatehouse.store;
    if (!(store instanceof SqliteStore)) throw new Error('seeding writes through the SQLite store');
    const { idleTimeout, absoluteTimeout } = gatehouse.settings.get();
    const userCount = opts.users ?? Math.min(300, Math.max(5, Math.ceil(opts.sessions / 5)));

    // scrypt costs ~150 ms a hash: ONE hash of the demo password, shared by every seeded user, so
    // that any of them can log in with the demo password and seeding stays fast
    const passwordHash = await gatehouse.passwords.hash(secrets.demoPassword, scryptCostOf(gatehouse.settings.get()));
    const existing = new Map((await store.listUsers()).map((u) => [u.username, u]));
    const newUsers: UserRecord[] = [];
    const users = usernames(userCount).map((username) => {
      const known = existing.get(username);
      if (known) return known;
      const user: UserRecord = {
        id: randomId(12),
        username,
        passwordHash,
        tokenVersion: 0,
        roles: rnd() < 0.05 ? ['admin', 'user'] : ['user'],
        claims: {},
        disabled: false,
        createdAt: now - int(rnd, 8 * DAY, 90 * DAY),
      };
      newUsers.push(user);
      return user;
    });
    const habits = users.map(() => ({
      agents: pickSome(rnd, USER_AGENTS, 1, 3),
      ips: Array.from({ length: int(rnd, 1, 3) }, () => randomIp(rnd)),
    }));

    const byStatus: Record<SessionStatus, number> = { active: 0, revoked: 0, expired: 0 };
    const limits = { now, idle: idleTimeout, absolute: absoluteTimeout };
    let batch: ImportedSession[] = [];
    let pendingUsers = newUsers;
    for (let i = 0; i < opts.sessions; i++) {
      const u = int(rnd, 0, users.length - 1);
      const item = makeSession(rnd, users[u]!, habits[u]!, limits);
      byStatus[item.session.status]++;
      batch.push(item);
      if (batch.length === BATCH || i === opts.sessions - 1) {
        store.importRecords(pendingUsers, batch);
        [pendingUsers, batch] = [[], []];
      }
    }
    if (pendingUsers.length) store.importRecords(pendingUsers, []);
    await store.appendAudit({
      at: now,
      type: 'seed.imported' satisfies AuditType,
      actor: 'seed',
      subject: 'sessions',
      detail: { sessions: opts.sessions, newUsers: newUsers.length },
    });
    return {
      users: users.length,
      newUsers: newUsers.length,
      sessions: opts.sessions,
      byStatus,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await gatehouse.close();
  }
}

interface Limits {
  now: number;
  idle: number;
  absolute: number;
}

/** One session whose times agree with its status under the given timeouts. */
function makeSession(
  rnd: () => number,
  user: UserRecord,
  habit: { agents: string[]; ips: string[] },
  { now, idle, absolute }: Limits,
): ImportedSession {
  const roll = rnd();
  const status: SessionStatus = roll < 0.4 ? 'active' : roll < 0.75 ? 'expired' : 'revoked';
  let createdAt: number;
  let lastSeenAt: number;
  if (status === 'active') {
    createdAt = now - int(rnd, 0, absolute - 60);
    lastSeenAt = now - int(rnd, 0, Math.min(idle - 1, now - createdAt));
  } else {
    createdAt = now - int(rnd, idle + 60, SPREAD);
    const latest = status === 'expired' ? now - idle - 1 : now;
    lastSeenAt = createdAt + int(rnd, 0, Math.max(0, Math.min(absolute - 1, latest - createdAt)));
  }
  const absoluteExpiresAt = createdAt + absolute;
  const revokedAt = status === 'revoked' ? Math.min(now, lastSeenAt + int(rnd, 0, 600)) : null;
  const userAgent = rnd() < 0.9 ? pick(rnd, habit.agents) : pick(rnd, USER_AGENTS);
  const session: SessionRecord = {
    id: randomId(16),
    userId: user.id,
    createdAt,
    lastSeenAt,
    idleExpiresAt: Math.min(lastSeenAt + idle, absoluteExpiresAt),
    absoluteExpiresAt,
    ip: rnd() < 0.85 ? pick(rnd, habit.ips) : randomIp(rnd),
    userAgent,
    device: describeDevice(userAgent),
    status,
    revokedAt,
    revokedReason: status === 'revoked' ? pick(rnd, REVOKE_REASONS) : null,
  };
  return { session, family: makeFamily(rnd, session, idle) };
}

/** 1–5 rotations between creation and last use; the newest token is the live one (revoked with its session). */
function makeFamily(rnd: () => number, s: SessionRecord, idle: number): RefreshTokenRecord[] {
  const rotations = int(rnd, 1, 5);
  // the last rotation is the session's last activity, as a real refresh bumps last_seen_at
  const between = Array.from({ length: rotations - 1 }, () => int(rnd, s.createdAt, s.lastSeenAt)).sort(
    (a, b) => a - b,
  );
  const times = [s.createdAt, ...between, s.lastSeenAt];
  const family: RefreshTokenRecord[] = [];
  for (const [i, createdAt] of times.entries()) {
    const last = i === times.length - 1;
    family.push({
      id: randomId(16),
      sessionId: s.id,
      clientId: null,
      scope: '',
      claims: null,
      // the secret was never known to anyone: a random "hash" matches no token that can be presented
      secretHash: randomBytes(32).toString('base64url'),
      parentId: family[i - 1]?.id ?? null,
      createdAt,
      expiresAt: Math.min(createdAt + idle, s.absoluteExpiresAt),
      usedAt: last ? null : times[i + 1]!,
      status: !last ? 'rotated' : s.status === 'revoked' ? 'revoked' : 'active',
    });
  }
  return family;
}

/** `first.last`, then `first.last2`, … : distinct, stable across runs (a re-run reuses the users). */
function usernames(count: number): string[] {
  const out: string[] = [];
  for (let round = 1; out.length < count; round++) {
    for (const last of LAST)
      for (const first of FIRST) {
        if (out.length === count) return out;
        out.push(`${first}.${last}${round === 1 ? '' : round}`);
      }
  }
  return out;
}

/** Documentation ranges (RFC 5737, RFC 3849) and a private /8: none of them routes to anyone real. */
function randomIp(rnd: () => number): string {
  const host = int(rnd, 1, 254);
  const roll = rnd();
  if (roll < 0.25) return `192.0.2.${host}`;
  if (roll < 0.5) return `198.51.100.${host}`;
  if (roll < 0.7) return `203.0.113.${host}`;
  if (roll < 0.9) return `10.${int(rnd, 0, 255)}.${int(rnd, 0, 255)}.${host}`;
  return `2001:db8::${int(rnd, 1, 0xffff).toString(16)}`;
}

const int = (rnd: () => number, min: number, max: number): number => min + Math.floor(rnd() * (max - min + 1));
const pick = <T>(rnd: () => number, items: readonly T[]): T => items[int(rnd, 0, items.length - 1)]!;
function pickSome<T>(rnd: () => number, items: readonly T[], min: number, max: number): T[] {
  return Array.from({ length: int(rnd, min, max) }, () => pick(rnd, items));
}

import type Database from 'better-sqlite3';
import type { LoginAttempt } from '../store';

/**
 * The login-attempt counters (throttling). They run on the store's relaxed connection: an attempt
 * is a write per login try, and a flood of them must not fsync on the event loop each time.
 */
export function buildLoginAttempts(db: Database.Database) {
  const times = db.prepare<[string, number], { at: number }>(
    'SELECT at FROM login_attempts WHERE key = ? AND at > ? ORDER BY at',
  );
  const insert = db.prepare<[string, string, number]>(
    'INSERT OR IGNORE INTO login_attempts (key, id, at) VALUES (?, ?, ?)',
  );
  const release = db.prepare<[string]>('DELETE FROM login_attempts WHERE id = ?');
  const clear = db.prepare<[string]>('DELETE FROM login_attempts WHERE key = ?');
  const prune = db.prepare<[number]>('DELETE FROM login_attempts WHERE at < ?');
  /** Seconds until every key is below its limit within the window (0: none is at it). */
  const waitFor = (a: Omit<LoginAttempt, 'id'>): number => {
    let wait = 0;
    for (const { key, limit } of a.keys) {
      const recent = times.all(key, a.now - a.window);
      if (recent.length >= limit) wait = Math.max(wait, recent[recent.length - limit]!.at + a.window - a.now);
    }
    return wait;
  };
  const reserve = db.transaction((a: LoginAttempt): { ok: true } | { ok: false; retryAfter: number } => {
    const wait = waitFor(a);
    if (wait > 0) return { ok: false, retryAfter: wait };
    for (const { key } of a.keys) insert.run(key, a.id, a.now);
    return { ok: true };
  });
  return {
    /** IMMEDIATE: two processes on one database count each other's attempts in order. */
    reserve: (a: LoginAttempt) => reserve.immediate(a),
    wait: waitFor,
    release: (id: string) => void release.run(id),
    clear: (key: string) => void clear.run(key),
    prune: (before: number) => prune.run(before).changes,
  };
}

export type LoginAttempts = ReturnType<typeof buildLoginAttempts>;

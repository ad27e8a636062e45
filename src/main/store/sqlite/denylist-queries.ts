import type Database from 'better-sqlite3';
import type { DenylistKind, DenylistQuery, LoginAttempt } from '../store';
import type { DenylistDbRow } from './rows';

type Params = Record<string, string | number>;

/** `%`, `_` and `\` match literally in a prefix (used with `ESCAPE '\'`). */
const toPrefixPattern = (text: string): string => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function where(q: Omit<DenylistQuery, 'offset' | 'limit'>): { sql: string; params: Params } {
  const clauses: string[] = [];
  const params: Params = {};
  if (q.kind) {
    clauses.push('kind = @kind');
    params.kind = q.kind;
  }
  if (q.subject) {
    clauses.push(`subject LIKE @subject ESCAPE '\\'`);
    params.subject = toPrefixPattern(q.subject);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * The denylist's list, count and scan, and the login-attempt reservation: the queries whose
 * shape depends on the call. Each shape is prepared once.
 */
export function buildDenylistQueries(db: Database.Database) {
  const prepared = new Map<string, Database.Statement<[Params], unknown>>();
  const prepare = <R>(sql: string) => {
    let st = prepared.get(sql);
    if (!st) prepared.set(sql, (st = db.prepare<[Params], unknown>(sql)));
    return st as Database.Statement<[Params], R>;
  };
  // only the columns the verifier needs, as arrays: the start-up rebuild reads a million of these
  const scan = db.prepare<[number], [DenylistKind, string, number, number]>('SELECT kind, subject, value, prune_after FROM denylist WHERE prune_after > ?').raw(true);

  const times = db.prepare<[string, number], { at: number }>('SELECT at FROM login_attempts WHERE key = ? AND at > ? ORDER BY at');
  const insert = db.prepare<[string, string, number]>('INSERT OR IGNORE INTO login_attempts (key, id, at) VALUES (?, ?, ?)');
  const release = db.prepare<[string]>('DELETE FROM login_attempts WHERE id = ?');
  const reserve = db.transaction((a: LoginAttempt): { ok: true } | { ok: false; retryAfter: number } => {
    let wait = 0;
    for (const { key, limit } of a.keys) {
      const recent = times.all(key, a.now - a.window);
      if (recent.length >= limit) wait = Math.max(wait, recent[recent.length - limit]!.at + a.window - a.now);
    }
    if (wait > 0) return { ok: false, retryAfter: wait };
    for (const { key } of a.keys) insert.run(key, a.id, a.now);
    return { ok: true };
  });

  return {
    list(q: DenylistQuery): DenylistDbRow[] {
      const w = where(q);
      const page = q.limit === undefined ? '' : 'LIMIT @limit OFFSET @offset';
      const sql = `SELECT * FROM denylist ${w.sql} ORDER BY created_at DESC, kind DESC, subject DESC ${page}`;
      return prepare<DenylistDbRow>(sql).all(q.limit === undefined ? w.params : { ...w.params, limit: q.limit, offset: q.offset ?? 0 });
    },
    count(q: Omit<DenylistQuery, 'offset' | 'limit'>): number {
      const w = where(q);
      return prepare<{ n: number }>(`SELECT count(*) AS n FROM denylist ${w.sql}`).get(w.params)?.n ?? 0;
    },
    scan(now: number, visit: (kind: DenylistKind, subject: string, value: number, pruneAfter: number) => void): number {
      let n = 0;
      for (const [kind, subject, value, pruneAfter] of scan.iterate(now)) {
        visit(kind, subject, value, pruneAfter);
        n++;
      }
      return n;
    },
    /** IMMEDIATE: two processes on one database count each other's attempts in order. */
    reserve: (a: LoginAttempt) => reserve.immediate(a),
    release: (id: string) => void release.run(id),
  };
}

export type DenylistQueries = ReturnType<typeof buildDenylistQueries>;

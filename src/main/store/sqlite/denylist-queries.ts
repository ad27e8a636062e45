import type Database from 'better-sqlite3';
import type { DenylistKind, DenylistQuery } from '../store';
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

/** The denylist's list, count and scan: the queries whose shape depends on the call, each prepared once. */
export function buildDenylistQueries(db: Database.Database) {
  const prepared = new Map<string, Database.Statement<[Params], unknown>>();
  const prepare = <R>(sql: string) => {
    let st = prepared.get(sql);
    if (!st) prepared.set(sql, (st = db.prepare<[Params], unknown>(sql)));
    return st as Database.Statement<[Params], R>;
  };
  // only the columns the verifier needs, as arrays: the start-up rebuild reads a million of these
  const scan = db
    .prepare<[number], [DenylistKind, string, number, number]>(
      'SELECT kind, subject, value, prune_after FROM denylist WHERE prune_after > ?',
    )
    .raw(true);

  return {
    list(q: DenylistQuery): DenylistDbRow[] {
      const w = where(q);
      const page = q.limit === undefined ? '' : 'LIMIT @limit OFFSET @offset';
      const sql = `SELECT * FROM denylist ${w.sql} ORDER BY created_at DESC, kind DESC, subject DESC ${page}`;
      return prepare<DenylistDbRow>(sql).all(
        q.limit === undefined ? w.params : { ...w.params, limit: q.limit, offset: q.offset ?? 0 },
      );
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
  };
}

export type DenylistQueries = ReturnType<typeof buildDenylistQueries>;

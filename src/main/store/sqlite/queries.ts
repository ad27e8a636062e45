import type Database from 'better-sqlite3';
import type { AuditQuery, SessionQuery, SessionSortField } from '../store';
import type { AuditDbRow, SessionListDbRow } from './rows';

/**
 * The two list queries whose WHERE clause depends on the filters given. Each distinct shape
 * (which filters, which sort) is prepared once and cached; there are fewer than a hundred shapes,
 * and user input only ever reaches SQLite as bound parameters.
 */

const SORT_COLUMNS: Record<SessionSortField, string> = {
  createdAt: 's.created_at',
  lastSeenAt: 's.last_seen_at',
  idleExpiresAt: 's.idle_expires_at',
  absoluteExpiresAt: 's.absolute_expires_at',
  username: 'u.username',
};

export const DEFAULT_SESSION_LIMIT = 50;
/** The trigram index answers substrings of at least this many characters. */
const TRIGRAM = 3;
export const DEFAULT_AUDIT_LIMIT = 100;

/** `%`, `_` and the escape character itself match literally (used with `ESCAPE '\'`). */
export const toLikePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const toCount = (n: number | undefined, fallback: number): number =>
  n === undefined || !Number.isFinite(n) ? fallback : Math.max(0, Math.floor(n));

type Params = Record<string, string | number>;

/**
 * One page of sessions. The inner query picks the page's rowids touching only what the filter and
 * sort need, so deep offsets skip rows without reading or joining them (offset 50,000: ~50 ms →
 * ~1 ms at 100k rows); the outer query reads and joins just those rows.
 * With a text filter, walking a sort index means a random table read per row and a rare text
 * visits them all, so the unary `+` turns the index off: SQLite scans the table once in rowid order
 * and keeps the top rows in a sorter.
 */
function pageSql(filter: string, sort: SessionSortField, order: 'ASC' | 'DESC', text: boolean): string {
  const noIndex = text ? '+' : '';
  const orderBy = (p: string) => `ORDER BY ${p}${SORT_COLUMNS[sort]} ${order}, ${p}s.id ${order}`;
  const innerJoin = sort === 'username' ? 'JOIN users u ON u.id = s.user_id' : '';
  return `SELECT s.*, u.username FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.rowid IN (SELECT s.rowid FROM sessions s ${innerJoin} ${filter} ${orderBy(noIndex)} LIMIT @limit OFFSET @offset)
    ${orderBy('')}`;
}

export class ListQueries {
  private readonly sessionPages = new Map<string, Database.Statement<[Params], SessionListDbRow>>();
  private readonly sessionCounts = new Map<string, Database.Statement<[Params], { total: number }>>();
  private readonly auditPages = new Map<string, Database.Statement<[Params], AuditDbRow>>();

  constructor(private readonly db: Database.Database) {}

  /** Defaults: sorted by `lastSeenAt`, descending, 50 per page. The session id breaks ties. */
  listSessions(q: SessionQuery): { items: SessionListDbRow[]; total: number } {
    const sort = q.sort ?? 'lastSeenAt';
    if (!Object.hasOwn(SORT_COLUMNS, sort)) throw new Error(`unknown session sort field: ${String(sort)}`);
    const order = q.order === 'asc' ? 'ASC' : 'DESC';
    const where: string[] = [];
    const params: Params = {};
    if (q.userId !== undefined) {
      where.push('s.user_id = @userId');
      params.userId = q.userId;
    }
    if (q.status !== undefined) {
      where.push('s.status = @status');
      params.status = q.status;
    }
    if (q.text && [...q.text].length >= TRIGRAM) {
      // a quoted FTS5 string is a literal substring for the trigram tokenizer: no operators, no wildcards
      where.push('s.rowid IN (SELECT rowid FROM sessions_search WHERE sessions_search MATCH @match)');
      params.match = `"${q.text.replace(/"/g, '""')}"`;
    } else if (q.text) {
      // Shorter than a trigram: a scan. Usernames are matched through a subquery, evaluated once.
      where.push(`(s.user_id IN (SELECT id FROM users WHERE username LIKE @text ESCAPE '\\')
        OR s.ip LIKE @text ESCAPE '\\' OR s.device LIKE @text ESCAPE '\\'
        OR s.user_agent LIKE @text ESCAPE '\\' OR s.id LIKE @text ESCAPE '\\')`);
      params.text = toLikePattern(q.text);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const shape = `${Object.keys(params).join(',')}|${sort}|${order}`;

    let count = this.sessionCounts.get(shape);
    if (!count) {
      // No join: the foreign key guarantees every session has its user.
      count = this.db.prepare<[Params], { total: number }>(`SELECT count(*) AS total FROM sessions s ${filter}`);
      this.sessionCounts.set(shape, count);
    }
    let page = this.sessionPages.get(shape);
    if (!page) {
      page = this.db.prepare<[Params], SessionListDbRow>(pageSql(filter, sort, order, !!q.text));
      this.sessionPages.set(shape, page);
    }
    const total = count.get(params)?.total ?? 0;
    const limit = toCount(q.limit, DEFAULT_SESSION_LIMIT);
    const items = page.all({ ...params, limit, offset: toCount(q.offset, 0) });
    return { items, total };
  }

  /** Newest first; `text` matches type, actor, subject or the detail JSON. */
  listAudit(q: AuditQuery): AuditDbRow[] {
    const where: string[] = [];
    const params: Params = {};
    if (q.beforeId !== undefined) {
      where.push('id < @beforeId');
      params.beforeId = q.beforeId;
    }
    if (q.type !== undefined) {
      where.push('type = @type');
      params.type = q.type;
    }
    if (q.text) {
      where.push(`(type LIKE @text ESCAPE '\\' OR actor LIKE @text ESCAPE '\\'
        OR subject LIKE @text ESCAPE '\\' OR detail LIKE @text ESCAPE '\\')`);
      params.text = toLikePattern(q.text);
    }
    const shape = Object.keys(params).join(',');
    let stmt = this.auditPages.get(shape);
    if (!stmt) {
      stmt = this.db.prepare<[Params], AuditDbRow>(
        `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT @limit`,
      );
      this.auditPages.set(shape, stmt);
    }
    return stmt.all({ ...params, limit: toCount(q.limit, DEFAULT_AUDIT_LIMIT) });
  }
}

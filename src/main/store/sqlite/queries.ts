import type Database from 'better-sqlite3';
import type { SearchTerm } from '../../../shared/session-search';
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
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
export const toLikePattern = (text: string): string => `%${escapeLike(text)}%`;
const toPrefixPattern = (text: string): string => `${escapeLike(text)}%`;
/** Prepared statements kept per list shape before the caches start over. */
const MAX_SHAPES = 500;
/** The FTS5 column each field is indexed in (migration 7). */
const SEARCH_COLUMNS = { user: 'username', ip: 'ip', device: 'device', any: 'username ip device' } as const;
/** A quoted FTS5 string is a literal substring for the trigram tokenizer: no operators, no wildcards. */
const ftsString = (value: string): string => `"${value.replace(/"/g, '""')}"`;

const toCount = (n: number | undefined, fallback: number): number =>
  n === undefined || !Number.isFinite(n) ? fallback : Math.max(0, Math.floor(n));

type Params = Record<string, string | number>;

/**
 * One page of sessions. The inner query picks the page's rowids touching only what the filter and
 * sort need, so deep offsets skip rows without reading or joining them (offset 50,000: ~50 ms →
 * ~1 ms at 100k rows); the outer query reads and joins just those rows.
 * With a search, walking a sort index means a random table read per row and a rare term
 * visits them all, so the unary `+` turns the sort index off: SQLite takes the rows the search's
 * index gives (or scans the table once, for terms shorter than a trigram) and keeps the top rows
 * in a sorter.
 */
function pageSql(filter: string, sort: SessionSortField, order: 'ASC' | 'DESC', search: boolean): string {
  const noIndex = search ? '+' : '';
  const orderBy = (p: string) => `ORDER BY ${p}${SORT_COLUMNS[sort]} ${order}, ${p}s.id ${order}`;
  const innerJoin = sort === 'username' ? 'JOIN users u ON u.id = s.user_id' : '';
  return `SELECT s.*, u.username FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.rowid IN (SELECT s.rowid FROM sessions s ${innerJoin} ${filter} ${orderBy(noIndex)} LIMIT @limit OFFSET @offset)
    ${orderBy('')}`;
}

/**
 * The WHERE conditions of a search (pushed onto `where`) and their parameters, matching as
 * `sessionMatches` (shared/session-search.ts) does:
 * - terms of 3+ characters on user, ip, device or plain words go into ONE trigram MATCH, each with
 *   its column filter (`{username} : "bob" AND {username ip device} : "safari"`), so the candidate
 *   rows come from the index; an ip term is a prefix, so it is also checked with LIKE 'prefix%'
 *   on the few rows the index gave;
 * - shorter terms are under a trigram: LIKE on the column (a scan), a user name through the
 *   users table (a few hundred rows), evaluated once, then sessions by user through their index;
 * - sid is a case-sensitive prefix: a range of the primary key (`id >= v AND id < v || U+10FFFF`),
 *   checked exactly with substr.
 * Values reach SQLite only as bound parameters; the SQL depends on the fields and lengths alone.
 */
function searchFilter(search: readonly SearchTerm[], where: string[]): { params: Params; indexed: boolean } {
  const params: Params = {};
  let indexed = false;
  const match: string[] = [];
  search.forEach((t, i) => {
    const p = `t${i}`;
    if (t.field === 'sid') {
      where.push(`s.id >= @${p} AND s.id < @${p}hi AND substr(s.id, 1, length(@${p})) = @${p}`);
      params[p] = t.value;
      params[`${p}hi`] = `${t.value}\u{10FFFF}`;
      indexed = true;
      return;
    }
    if ([...t.value].length >= TRIGRAM) {
      match.push(`{${SEARCH_COLUMNS[t.field]}} : ${ftsString(t.value)}`);
      if (t.field === 'ip') {
        where.push(`s.ip LIKE @${p} ESCAPE '\\'`);
        params[p] = toPrefixPattern(t.value);
      }
      return;
    }
    const users = `s.user_id IN (SELECT id FROM users WHERE username LIKE @${p} ESCAPE '\\')`;
    if (t.field === 'user') where.push(users);
    else if (t.field === 'device') where.push(`s.device LIKE @${p} ESCAPE '\\'`);
    else if (t.field === 'ip') where.push(`s.ip LIKE @${p} ESCAPE '\\'`);
    else where.push(`(${users} OR s.ip LIKE @${p} ESCAPE '\\' OR s.device LIKE @${p} ESCAPE '\\')`);
    params[p] = t.field === 'ip' ? toPrefixPattern(t.value) : toLikePattern(t.value);
  });
  if (match.length) {
    where.push('s.rowid IN (SELECT rowid FROM sessions_search WHERE sessions_search MATCH @match)');
    params.match = match.join(' AND ');
    indexed = true;
  }
  return { params, indexed };
}

export class ListQueries {
  private readonly sessionPages = new Map<string, Database.Statement<[Params], SessionListDbRow>>();
  private readonly sessionCounts = new Map<string, Database.Statement<[Params], { total: number }>>();
  private readonly auditPages = new Map<string, Database.Statement<[Params], AuditDbRow>>();

  constructor(private readonly db: Database.Database) {}

  /** Defaults: sorted by `lastSeenAt`, descending, 50 per page. The session id breaks ties. */
  listSessions(q: SessionQuery): { items: SessionListDbRow[]; total: number } {
    const { count, page, params } = this.sessionStatements(q);
    const total = count.get(params)?.total ?? 0;
    const limit = toCount(q.limit, DEFAULT_SESSION_LIMIT);
    const items = page.all({ ...params, limit, offset: toCount(q.offset, 0) });
    return { items, total };
  }

  /** SQLite's query plans of the two statements `listSessions(q)` runs (tests check they use indexes). */
  explainSessions(q: SessionQuery): { count: string[]; page: string[] } {
    const { count, page, params } = this.sessionStatements(q);
    const plan = (st: Database.Statement<[Params], unknown>, p: Params) =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${st.source}`).all(p) as { detail: string }[]).map((r) => r.detail);
    return { count: plan(count, params), page: plan(page, { ...params, limit: 1, offset: 0 }) };
  }

  private sessionStatements(q: SessionQuery) {
    const sort = q.sort ?? 'lastSeenAt';
    if (!Object.hasOwn(SORT_COLUMNS, sort)) throw new Error(`unknown session sort field: ${String(sort)}`);
    const order = q.order === 'asc' ? 'ASC' : 'DESC';
    const where: string[] = [];
    const search = q.search ?? [];
    const { params, indexed } = searchFilter(search, where);
    if (q.userId !== undefined) {
      where.push('s.user_id = @userId');
      params.userId = q.userId;
    }
    if (q.status !== undefined) {
      // A status holds a third of the sessions or more, a search's index usually far fewer: with a
      // trigram or sid term, `+` keeps the planner on the search's rows instead of the status index.
      where.push(indexed ? '+s.status = @status' : 's.status = @status');
      params.status = q.status;
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const shape = `${filter}|${sort}|${order}`;

    // a few hundred shapes at most (fields × short or long × number of terms); bounded all the same
    if (this.sessionCounts.size > MAX_SHAPES) this.sessionCounts.clear();
    if (this.sessionPages.size > MAX_SHAPES) this.sessionPages.clear();
    let count = this.sessionCounts.get(shape);
    if (!count) {
      // No join: the foreign key guarantees every session has its user.
      count = this.db.prepare<[Params], { total: number }>(`SELECT count(*) AS total FROM sessions s ${filter}`);
      this.sessionCounts.set(shape, count);
    }
    let page = this.sessionPages.get(shape);
    if (!page) {
      page = this.db.prepare<[Params], SessionListDbRow>(pageSql(filter, sort, order, search.length > 0));
      this.sessionPages.set(shape, page);
    }
    return { count, page, params };
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

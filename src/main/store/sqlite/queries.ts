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
const MATCHED_ROWIDS = 'SELECT rowid FROM sessions_search WHERE sessions_search MATCH @match';
/** A quoted FTS5 string is a literal substring for the trigram tokenizer: no operators, no wildcards. */
const ftsString = (value: string): string => `"${value.replace(/"/g, '""')}"`;

const toCount = (n: number | undefined, fallback: number): number =>
  n === undefined || !Number.isFinite(n) ? fallback : Math.max(0, Math.floor(n));

type Params = Record<string, string | number>;

/**
 * How a page of a search is read. `seek`: from the rows the search's index gives (or one scan of
 * the table, for terms shorter than a trigram), the top ones kept in a sorter; the unary `+` turns
 * the sort index off. `walk`: down the sort index, testing each row until the page is full, which
 * stops early when matches are dense (one session in three: ~100 rows read instead of 30,000
 * sorted) and reads every row when they are rare. The total, counted first, tells which: see
 * `pageMode`. Without a search the sort index is always walked.
 */
type PageMode = 'seek' | 'walk';

/**
 * One page of sessions. The inner query picks the page's rowids touching only what the filter and
 * sort need, so deep offsets skip rows without reading or joining them (offset 50,000: ~50 ms →
 * ~1 ms at 100k rows); the outer query reads and joins just those rows.
 */
function pageSql(filter: string, sort: SessionSortField, order: 'ASC' | 'DESC', mode: PageMode): string {
  const noIndex = mode === 'seek' ? '+' : '';
  const orderBy = (p: string) => `ORDER BY ${p}${SORT_COLUMNS[sort]} ${order}, ${p}s.id ${order}`;
  const innerJoin = sort === 'username' ? 'JOIN users u ON u.id = s.user_id' : '';
  return `SELECT s.*, u.username FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.rowid IN (SELECT s.rowid FROM sessions s ${innerJoin} ${filter} ${orderBy(noIndex)} LIMIT @limit OFFSET @offset)
    ${orderBy('')}`;
}

/**
 * Walking finds the page after reading about (offset + limit) × sessions / total rows; seeking
 * reads every match. Walk while that is at most a quarter of the table: 4 × (offset + limit) ≤
 * total. A sort by user name has no index to walk, and a sid range is narrower than any walk.
 */
function pageMode(q: SessionQuery, total: number, offset: number, limit: number): PageMode {
  const search = q.search ?? [];
  if (!search.length) return 'walk';
  if (q.sort === 'username' || search.some((t) => t.field === 'sid')) return 'seek';
  return 4 * (offset + limit) <= total ? 'walk' : 'seek';
}

/**
 * The WHERE conditions of a search (pushed onto `where`) and their parameters, matching as
 * `sessionMatches` (shared/session-search.ts) does:
 * - terms of 3+ characters on user, ip, device or plain words go into ONE trigram MATCH, each with
 *   its column filter (`{username} : "bob" AND {username ip device} : "safari"`), so the rows come
 *   from the index, exactly: an ip term is a prefix, `{ip} : ^ "10.0."` (the phrase at the start
 *   of the column), so no row needs reading to check it;
 * - shorter terms are under a trigram: LIKE on the column (a scan), a user name through the
 *   users table (a few hundred rows), evaluated once, then sessions by user through their index;
 * - sid is a case-sensitive prefix: a range of the primary key (`id >= v AND id < v || U+10FFFF`),
 *   checked exactly with substr.
 * Values reach SQLite only as bound parameters; the SQL depends on the fields and lengths alone.
 * `matchOnly`: the MATCH is the whole search, so with no other filter the trigram index alone can
 * count the rows (it holds one per session).
 */
function searchFilter(
  search: readonly SearchTerm[],
  where: string[],
  mode: PageMode,
): { params: Params; matchOnly: boolean } {
  const params: Params = {};
  const match: string[] = [];
  let others = 0;
  search.forEach((t, i) => {
    const p = `t${i}`;
    if (t.field === 'sid') {
      where.push(`s.id >= @${p} AND s.id < @${p}hi AND substr(s.id, 1, length(@${p})) = @${p}`);
      params[p] = t.value;
      params[`${p}hi`] = `${t.value}\u{10FFFF}`;
      others++;
      return;
    }
    if ([...t.value].length >= TRIGRAM) {
      match.push(`{${SEARCH_COLUMNS[t.field]}} : ${t.field === 'ip' ? '^ ' : ''}${ftsString(t.value)}`);
      return;
    }
    const users = `s.user_id IN (SELECT id FROM users WHERE username LIKE @${p} ESCAPE '\\')`;
    if (t.field === 'user') where.push(users);
    else if (t.field === 'device') where.push(`s.device LIKE @${p} ESCAPE '\\'`);
    else if (t.field === 'ip') where.push(`s.ip LIKE @${p} ESCAPE '\\'`);
    else where.push(`(${users} OR s.ip LIKE @${p} ESCAPE '\\' OR s.device LIKE @${p} ESCAPE '\\')`);
    params[p] = t.field === 'ip' ? toPrefixPattern(t.value) : toLikePattern(t.value);
    others++;
  });
  if (match.length) {
    // walking: the matched rowids are a list each index entry is checked against, not the driver
    where.push(`${mode === 'walk' ? '+' : ''}s.rowid IN (${MATCHED_ROWIDS})`);
    params.match = match.join(' AND ');
  }
  return { params, matchOnly: match.length > 0 && others === 0 };
}

export class ListQueries {
  private readonly sessionStatements = new Map<string, Database.Statement<[Params], unknown>>();
  private readonly auditPages = new Map<string, Database.Statement<[Params], AuditDbRow>>();

  constructor(private readonly db: Database.Database) {}

  /** Defaults: sorted by `lastSeenAt`, descending, 50 per page. The session id breaks ties. */
  listSessions(q: SessionQuery): { items: SessionListDbRow[]; total: number } {
    const counted = this.sessionStatement(q, 'count', 'seek');
    const total = (counted.statement.get(counted.params) as { total: number } | undefined)?.total ?? 0;
    const limit = toCount(q.limit, DEFAULT_SESSION_LIMIT);
    const offset = toCount(q.offset, 0);
    const page = this.sessionStatement(q, 'page', pageMode(q, total, offset, limit));
    const items = page.statement.all({ ...page.params, limit, offset }) as SessionListDbRow[];
    return { items, total };
  }

  /**
   * SQLite's query plans of the statements `listSessions(q)` runs: the count, and the page as it
   * is read when matches are rare (`page`, seek) and when they are dense (`walk`).
   */
  explainSessions(q: SessionQuery): { count: string[]; page: string[]; walk: string[] } {
    const plan = (kind: 'count' | 'page', mode: PageMode) => {
      const { statement, params } = this.sessionStatement(q, kind, mode);
      return (
        this.db.prepare(`EXPLAIN QUERY PLAN ${statement.source}`).all({ ...params, limit: 1, offset: 0 }) as {
          detail: string;
        }[]
      ).map((r) => r.detail);
    };
    return { count: plan('count', 'seek'), page: plan('page', 'seek'), walk: plan('page', 'walk') };
  }

  private sessionStatement(
    q: SessionQuery,
    kind: 'count' | 'page',
    mode: PageMode,
  ): { statement: Database.Statement<[Params], unknown>; params: Params } {
    const sort = q.sort ?? 'lastSeenAt';
    if (!Object.hasOwn(SORT_COLUMNS, sort)) throw new Error(`unknown session sort field: ${String(sort)}`);
    const order = q.order === 'asc' ? 'ASC' : 'DESC';
    const where: string[] = [];
    const search = q.search ?? [];
    const { params, matchOnly } = searchFilter(search, where, mode);
    if (q.userId !== undefined) {
      where.push('s.user_id = @userId');
      params.userId = q.userId;
    }
    if (q.status !== undefined) {
      // A status holds a third of the sessions or more. Counting or seeking a search, `+` keeps the
      // planner off the status index: on the search's rows when it has an index (a trigram or sid
      // term), else on one sequential scan, cheaper than reading a third of the rows at random.
      where.push(search.length && mode === 'seek' ? '+s.status = @status' : 's.status = @status');
      params.status = q.status;
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const shape = `${kind}|${mode}|${filter}|${sort}|${order}`;
    // a few hundred shapes at most (fields × short or long × number of terms); bounded all the same
    if (this.sessionStatements.size > MAX_SHAPES) this.sessionStatements.clear();
    let statement = this.sessionStatements.get(shape);
    if (!statement) {
      let sql: string;
      if (kind === 'page') sql = pageSql(filter, sort, order, mode);
      // The trigram index has one row per session (its triggers), so when its MATCH is the whole
      // filter it counts alone: ~10 ms for 20,000 matches at 100k sessions, where looking each
      // one up in the sessions table costs two to three times that.
      else if (matchOnly && where.length === 1)
        sql = 'SELECT count(*) AS total FROM sessions_search WHERE sessions_search MATCH @match';
      // No join: the foreign key guarantees every session has its user.
      else sql = `SELECT count(*) AS total FROM sessions s ${filter}`;
      statement = this.db.prepare<[Params], unknown>(sql);
      this.sessionStatements.set(shape, statement);
    }
    return { statement, params };
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

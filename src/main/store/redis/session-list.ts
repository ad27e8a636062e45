import type { Redis } from 'ioredis';
import { sessionMatches } from '../../../shared/session-search';
import type { SessionQuery, SessionRow, SessionSortField } from '../store';
import { compareBy, toHash, toSessionRow, type Hash } from './codec';
import type { KeyLayout } from './keys';
import type { RunScript } from './scripts';

const SORT_FIELDS: readonly SessionSortField[] = [
  'createdAt',
  'lastSeenAt',
  'idleExpiresAt',
  'absoluteExpiresAt',
  'username',
];
/** What a search reads of each session hash (the user agent is not searched). */
const SEARCH_FIELDS = ['username', 'ip', 'device', 'id'] as const;
const DEFAULT_LIMIT = 50;
/** Hashes read per round trip while a search walks an index. */
const SCAN_CHUNK = 500;

const toCount = (n: number | undefined, fallback: number): number =>
  n === undefined || !Number.isFinite(n) ? fallback : Math.max(0, Math.floor(n));

type Page = { items: SessionRow[]; total: number };

/**
 * `listSessions` over the sorted-set indexes. Three paths, from cheapest:
 * - no user, no search: one script reads the page and the total of one index (status or `all`);
 * - a user: that user's sessions (a handful) are read whole, then filtered and sorted here;
 * - a search without a user: the whole index of the status subset is walked in sort order and each
 *   session's searched fields are read in chunks, so the cost is linear in the subset (≈1 s per
 *   100k sessions on loopback). The page and total then come from several reads, not one snapshot.
 * Each session is tested with `sessionMatches` (shared/session-search.ts), the search's reference
 * predicate: every term under its field's rule.
 */
export async function listSessionsFromIndexes(
  redis: Redis,
  keys: KeyLayout,
  run: RunScript,
  q: SessionQuery,
): Promise<Page> {
  const sort = q.sort ?? 'lastSeenAt';
  if (!SORT_FIELDS.includes(sort)) throw new Error(`unknown session sort field: ${String(sort)}`);
  const desc = q.order !== 'asc';
  const offset = toCount(q.offset, 0);
  const limit = toCount(q.limit, DEFAULT_LIMIT);
  const search = q.search ?? [];
  const matches = (h: Hash) =>
    sessionMatches(search, { id: h.id ?? '', username: h.username ?? '', ip: h.ip ?? '', device: h.device ?? '' });

  if (q.userId !== undefined) {
    const ids = await redis.zrange(keys.sessionsOfUser(q.userId), 0, -1);
    const rows = (await readHashes(redis, keys, ids))
      .filter((h) => (!q.status || h.status === q.status) && matches(h))
      .map(toSessionRow);
    const sign = desc ? -1 : 1;
    const cmp = compareBy<SessionRow>(
      (r) => r[sort],
      (r) => r.id,
    );
    rows.sort((a, b) => sign * cmp(a, b));
    return { items: rows.slice(offset, offset + limit), total: rows.length };
  }

  const index = keys.sessionIndex(sort, q.status ?? 'all').slice(keys.prefix.length);
  const lex = sort === 'username';
  if (!search.length) {
    const [total, flats] = await run('ghListPage', index, offset, limit, desc ? '1' : '0', lex ? '1' : '0');
    return { items: flats.map((f) => toSessionRow(toHash(f))), total };
  }

  const members = desc
    ? await redis.zrevrange(keys.prefix + index, 0, -1)
    : await redis.zrange(keys.prefix + index, 0, -1);
  const ids = lex ? members.map((m) => m.slice(m.indexOf('\0') + 1)) : members;
  const matched: string[] = [];
  for (let i = 0; i < ids.length; i += SCAN_CHUNK) {
    const chunk = ids.slice(i, i + SCAN_CHUNK);
    const pipe = redis.pipeline();
    for (const id of chunk) pipe.hmget(keys.session(id), ...SEARCH_FIELDS);
    const replies = (await pipe.exec()) ?? [];
    replies.forEach(([err, values], j) => {
      if (err) throw err;
      const v = values as (string | null)[];
      if (v[3] === null) return; // removed by the TTL backstop
      const h: Hash = Object.fromEntries(SEARCH_FIELDS.map((f, k) => [f, v[k] ?? '']));
      if (matches(h)) matched.push(chunk[j]!);
    });
  }
  const items = (await readHashes(redis, keys, matched.slice(offset, offset + limit))).map(toSessionRow);
  return { items, total: matched.length };
}

async function readHashes(redis: Redis, keys: KeyLayout, ids: string[]): Promise<Hash[]> {
  if (!ids.length) return [];
  const pipe = redis.pipeline();
  for (const id of ids) pipe.hgetall(keys.session(id));
  const replies = (await pipe.exec()) ?? [];
  return replies.flatMap(([err, h]) => {
    if (err) throw err;
    const hash = h as Hash;
    return hash.id === undefined ? [] : [hash];
  });
}

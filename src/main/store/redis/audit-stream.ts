import type { Redis } from 'ioredis';
import type { AuditQuery, AuditRecord } from '../store';
import { toAudit } from './codec';

const DEFAULT_LIMIT = 100;
/** Entries read per XREVRANGE while a filter skips non-matching ones. */
const CHUNK = 200;

/**
 * The audit log is a capped stream (XADD MAXLEN ~ cap) whose entry ids are `<n>-0`, n being the
 * record id from an INCR in the same script, so ids are increasing integers and `beforeId` is an
 * exclusive XREVRANGE bound. Filters walk backwards in chunks until the page is full or the stream
 * ends: a rare type or text costs a scan of the retained entries, which the cap bounds.
 * Text is a case-insensitive substring of type, actor, subject or the detail JSON (like SQLite's LIKE).
 */
export async function listAuditFromStream(redis: Redis, key: string, q: AuditQuery): Promise<AuditRecord[]> {
  const limit = q.limit === undefined || !Number.isFinite(q.limit) ? DEFAULT_LIMIT : Math.max(0, Math.floor(q.limit));
  const needle = q.text ? q.text.toLowerCase() : null;
  const out: AuditRecord[] = [];
  let end = q.beforeId === undefined ? '+' : `(${Math.floor(q.beforeId)}-0`;
  while (out.length < limit) {
    const entries = (await redis.xrevrange(key, end, '-', 'COUNT', CHUNK)) as [string, string[]][];
    for (const entry of entries) {
      const record = toAudit(entry);
      if (q.type !== undefined && record.type !== q.type) continue;
      if (
        needle &&
        ![record.type, record.actor, record.subject, JSON.stringify(record.detail)].some((v) =>
          v.toLowerCase().includes(needle),
        )
      )
        continue;
      out.push(record);
      if (out.length === limit) break;
    }
    if (entries.length < CHUNK) break;
    end = `(${entries[entries.length - 1]![0]}`;
  }
  return out;
}

const nextId = (id: string): string => {
  const [ms, seq] = id.split('-');
  return `${ms}-${Number(seq) + 1}`;
};

/**
 * Retention: entry ids grow with time, so everything before the first entry recorded at or after
 * `before` goes, with one XTRIM MINID. Reads forward in chunks only until that entry.
 */
export async function pruneAuditStream(redis: Redis, key: string, before: number): Promise<number> {
  let start = '-';
  for (;;) {
    const entries = (await redis.xrange(key, start, '+', 'COUNT', CHUNK)) as [string, string[]][];
    const keep = entries.find((entry) => toAudit(entry).at >= before);
    if (keep) return redis.xtrim(key, 'MINID', keep[0]);
    // every entry is older: trim just past the newest one (MINID keeps ids >= the threshold)
    if (entries.length < CHUNK)
      return entries.length ? redis.xtrim(key, 'MINID', nextId(entries[entries.length - 1]![0])) : 0;
    start = `(${entries[entries.length - 1]![0]}`;
  }
}

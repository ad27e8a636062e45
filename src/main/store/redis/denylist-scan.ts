import type { Redis } from 'ioredis';
import { parseDenylistEntry } from '@gatehouse/verifier/redis';
import type { DenylistKind } from '../store';
import type { KeyLayout } from './keys';

/** Entries per ZSCAN round trip: big enough to be quick, small enough not to block Redis. */
const BATCH = 10_000;

/** The kinds whose entries carry a minimum token version, read from the entry itself. */
const VERSION_KINDS: ReadonlySet<string> = new Set<DenylistKind>(['user', 'client']);

/**
 * `scanDenylist`: every entry still in force at `now`, from the prune index walked with ZSCAN (its
 * cursor never makes Redis skip over earlier batches); only the version kinds (`user`, `client`)
 * need their record, for the value. ZSCAN may return a member twice, which is harmless: applying an
 * entry is idempotent. The same walk as the verifier package's `scanDenylistEntries`, owned by the
 * adapter so that the store's contract holds for every kind it stores, whatever package build a
 * resource server runs.
 */
export async function scanDenylist(
  redis: Redis,
  keys: KeyLayout,
  now: number,
  visit: (kind: DenylistKind, subject: string, value: number, pruneAfter: number) => void,
): Promise<number> {
  let seen = 0;
  let cursor = '0';
  do {
    const [next, page] = await redis.zscan(keys.denylistByPrune, cursor, 'COUNT', BATCH);
    cursor = next;
    const versions: string[] = [];
    for (let i = 0; i < page.length; i += 2) {
      const pruneAfter = Number(page[i + 1]);
      if (pruneAfter <= now) continue;
      const field = page[i]!;
      const cut = field.indexOf(':');
      const kind = field.slice(0, cut) as DenylistKind;
      if (VERSION_KINDS.has(kind)) versions.push(field);
      else visit(kind, field.slice(cut + 1), 0, pruneAfter);
      seen++;
    }
    if (versions.length) {
      for (const json of await redis.hmget(keys.denylist, ...versions)) {
        if (json === null) continue;
        const e = parseDenylistEntry(json);
        visit(e.kind, e.subject, e.value, e.pruneAfter);
      }
    }
  } while (cursor !== '0');
  return seen;
}

import type { Redis } from 'ioredis';
import type { DenylistEntry, DenylistKind } from '../denylist.js';

/**
 * The public surface of a Gatehouse deployment's Redis store: the keys a reader outside Gatehouse
 * may rely on, with their format. The Gatehouse store writes them through this same module; the
 * rest of its layout is private and may change.
 *
 * | key | type | holds |
 * |---|---|---|
 * | `<prefix>feed` | pub/sub channel | `FeedEnvelope` JSON, one per committed change |
 * | `<prefix>rev` | hash | `kind:subject` → `DenylistEntry` JSON |
 * | `<prefix>revx` | sorted set | `kind:subject`, scored by the entry's `pruneAfter` |
 * | `<prefix>keys` | hash | kid → signing key JSON; readers use only its `kid` and `state` |
 */
export const DEFAULT_PREFIX = 'gatehouse:';

export interface SharedKeys {
  feed: string;
  denylist: string;
  denylistByPrune: string;
  keys: string;
}

export const sharedKeys = (prefix = DEFAULT_PREFIX): SharedKeys => ({
  feed: `${prefix}feed`,
  denylist: `${prefix}rev`,
  denylistByPrune: `${prefix}revx`,
  keys: `${prefix}keys`,
});

/** The hash field (and sorted-set member) of a denylist entry. */
export const denylistField = (kind: string, subject: string): string => `${kind}:${subject}`;
export const parseDenylistEntry = (json: string): DenylistEntry => JSON.parse(json) as DenylistEntry;

/** Entries per ZSCAN round trip: big enough to be quick, small enough not to block Redis. */
const BATCH = 10_000;

/**
 * Every denylist entry still in force at `now`, from the prune index alone, walked with ZSCAN
 * (whose cursor never makes Redis skip over earlier batches); only `user` and `client` entries
 * need their record, for the version. ZSCAN may return a member twice, which is harmless: applying an entry
 * is idempotent. How Gatehouse and a resource server rebuild their in-memory denylist.
 */
export async function scanDenylistEntries(
  redis: Redis,
  keys: SharedKeys,
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
      if (kind === 'user' || kind === 'client') versions.push(field);
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

/** The kids whose tokens must be refused at once: revoked (emergency) or retired keys. */
export async function readWithdrawnKids(redis: Redis, keys: SharedKeys): Promise<Set<string>> {
  const withdrawn = new Set<string>();
  for (const json of await redis.hvals(keys.keys)) {
    const { kid, state } = JSON.parse(json) as { kid: string; state: string };
    if (state === 'revoked' || state === 'retired') withdrawn.add(kid);
  }
  return withdrawn;
}

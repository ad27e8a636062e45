import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CheckRun } from '../../../shared/app-checks';
import type { KeyLayout } from './keys';

/**
 * App checks' kept runs on Redis: the hash `checkRuns` (id → run JSON), indexed by the sorted sets
 * `checkRunsByStart` and one per target, scored by startedAt (ties: the greater id first, as the
 * SQLite adapter orders them). A put and its trim of the target's older runs are one script.
 */
const PUT_AND_TRIM = `
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
local drop = redis.call('ZREVRANGE', KEYS[3], tonumber(ARGV[4]), -1)
for _, id in ipairs(drop) do
  redis.call('HDEL', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('ZREM', KEYS[3], id)
end
return #drop
`;

/** A target URL may be long: its key names a digest of it. */
const targetKey = (keys: KeyLayout, target: string) =>
  keys.checkRunsOfTarget(createHash('sha256').update(target).digest('base64url').slice(0, 22));

export async function putCheckRun(redis: Redis, keys: KeyLayout, run: CheckRun, keep: number): Promise<void> {
  await redis.eval(
    PUT_AND_TRIM,
    3,
    keys.checkRuns,
    keys.checkRunsByStart,
    targetKey(keys, run.target),
    run.id,
    run.startedAt,
    JSON.stringify(run),
    keep,
  );
}

export async function listCheckRuns(
  redis: Redis,
  keys: KeyLayout,
  { target, limit }: { target?: string; limit: number },
): Promise<CheckRun[]> {
  const index = target === undefined ? keys.checkRunsByStart : targetKey(keys, target);
  const ids = await redis.zrevrange(index, 0, limit - 1);
  if (!ids.length) return [];
  const bodies = await redis.hmget(keys.checkRuns, ...ids);
  return bodies.filter((b): b is string => b !== null).map((b) => JSON.parse(b) as CheckRun);
}

export async function getCheckRun(redis: Redis, keys: KeyLayout, id: string): Promise<CheckRun | null> {
  const body = await redis.hget(keys.checkRuns, id);
  return body === null ? null : (JSON.parse(body) as CheckRun);
}

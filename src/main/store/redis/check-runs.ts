import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CheckRun } from '../../../shared/app-checks';
import type { CheckRunsKept } from '../ports/check-runs';
import type { KeyLayout } from './keys';

/**
 * App checks' kept runs on Redis: the hash `checkRuns` (id → run JSON), indexed by the sorted sets
 * `checkRunsByStart` and one per target, scored by startedAt (ties: the greater id first, as the
 * SQLite adapter orders them), and `checkRunTargets` (target digest → its newest run's startedAt).
 * A put, its trim of the target's older runs and the eviction of the targets run longest ago are one
 * script. Runs stored before that index existed are indexed by the first put that finds it missing.
 */
const PUT_AND_TRIM = `
local function drop(ids, ofTarget)
  for _, id in ipairs(ids) do
    redis.call('HDEL', KEYS[1], id)
    redis.call('ZREM', KEYS[2], id)
    redis.call('ZREM', ofTarget, id)
  end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
drop(redis.call('ZREVRANGE', KEYS[3], tonumber(ARGV[4]), -1), KEYS[3])
redis.call('ZADD', KEYS[4], 'GT', ARGV[2], ARGV[6])
local evicted = redis.call('ZREVRANGE', KEYS[4], tonumber(ARGV[5]), -1)
for _, digest in ipairs(evicted) do
  local ofTarget = ARGV[7] .. digest
  drop(redis.call('ZRANGE', ofTarget, 0, -1), ofTarget)
  redis.call('DEL', ofTarget)
  redis.call('ZREM', KEYS[4], digest)
end
return #evicted
`;

/** A target URL may be long: its key names a digest of it. */
const digestOf = (target: string) => createHash('sha256').update(target).digest('base64url').slice(0, 22);

/** Indexes the targets of runs kept before `checkRunTargets` existed, so the cap reaches them too. */
async function indexOlderTargets(redis: Redis, keys: KeyLayout): Promise<void> {
  if ((await redis.exists(keys.checkRunTargets)) || !(await redis.exists(keys.checkRuns))) return;
  const newest = new Map<string, number>();
  for (const body of await redis.hvals(keys.checkRuns)) {
    const { target, startedAt } = JSON.parse(body) as CheckRun;
    const digest = digestOf(target);
    newest.set(digest, Math.max(newest.get(digest) ?? startedAt, startedAt));
  }
  const pipeline = redis.pipeline();
  for (const [digest, at] of newest) pipeline.zadd(keys.checkRunTargets, 'GT', at, digest);
  await pipeline.exec();
}

export async function putCheckRun(redis: Redis, keys: KeyLayout, run: CheckRun, keep: CheckRunsKept): Promise<void> {
  await indexOlderTargets(redis, keys);
  const digest = digestOf(run.target);
  await redis.eval(
    PUT_AND_TRIM,
    4,
    keys.checkRuns,
    keys.checkRunsByStart,
    keys.checkRunsOfTarget(digest),
    keys.checkRunTargets,
    run.id,
    run.startedAt,
    JSON.stringify(run),
    keep.runsPerTarget,
    keep.targets,
    digest,
    keys.checkRunsOfTarget(''),
  );
}

export async function listCheckRuns(
  redis: Redis,
  keys: KeyLayout,
  { target, limit }: { target?: string; limit: number },
): Promise<CheckRun[]> {
  const index = target === undefined ? keys.checkRunsByStart : keys.checkRunsOfTarget(digestOf(target));
  const ids = await redis.zrevrange(index, 0, limit - 1);
  if (!ids.length) return [];
  const bodies = await redis.hmget(keys.checkRuns, ...ids);
  return bodies.filter((b): b is string => b !== null).map((b) => JSON.parse(b) as CheckRun);
}

export async function getCheckRun(redis: Redis, keys: KeyLayout, id: string): Promise<CheckRun | null> {
  const body = await redis.hget(keys.checkRuns, id);
  return body === null ? null : (JSON.parse(body) as CheckRun);
}

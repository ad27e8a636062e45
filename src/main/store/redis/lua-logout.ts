/**
 * The dispatcher's side of back-channel logout deliveries (they are created by `setStatus` in
 * lua-lib.ts, with the end of their session). Same ARGV convention as lua-lib.ts; key names mirror
 * keys.ts. A delivery is a hash `ld:<id>` (null fields absent); `ldd` holds the pending ones by
 * nextAttemptAt, `ldf` the finished ones by createdAt, `lds:<sessionId>` client id → delivery id.
 */

/**
 * ARGV[4] now, ARGV[5] limit, ARGV[6] leaseUntil, optionally ARGV[7] max per client and ARGV[8]
 * what the claimer holds per client (JSON object) → up to limit deliveries (flat hashes), the
 * soonest due first, each leased: its nextAttemptAt (and score) set to leaseUntil. One script, so
 * concurrent claimers on any instance never get the same one. An id whose record is gone (its TTL
 * backstop) or no longer pending leaves the index and its place is filled from the next due; one
 * of a client whose share is full stays due and is stepped over (\`skipped\` is the offset).
 */
export const CLAIM_LOGOUT_DELIVERIES = `
local P = ARGV[1]
local now, limit, lease = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local max = tonumber(ARGV[7])
local held = ARGV[8] and cjson.decode(ARGV[8]) or {}
local out, skipped = {}, 0
while #out < limit do
  local want = limit - #out
  local due = redis.call('ZRANGEBYSCORE', P .. 'ldd', '-inf', now, 'LIMIT', skipped, want)
  for _, id in ipairs(due) do
    local key = P .. 'ld:' .. id
    local d = redis.call('HMGET', key, 'status', 'clientId')
    if d[1] ~= 'pending' then
      redis.call('ZREM', P .. 'ldd', id)
    elseif max and (tonumber(held[d[2]]) or 0) >= max then
      skipped = skipped + 1
    else
      if max then held[d[2]] = (tonumber(held[d[2]]) or 0) + 1 end
      redis.call('HSET', key, 'nextAttemptAt', lease)
      redis.call('ZADD', P .. 'ldd', lease, id)
      out[#out + 1] = redis.call('HGETALL', key)
    end
  end
  -- the index is walked to its end, or (a lease not after now would find the claimed ones due
  -- again) one round only
  if #due < want or lease <= now then break end
end
return out
`;

/**
 * ARGV[4] id, ARGV[5] the attempt's result JSON → the delivery after it (attempts + 1), or nil for
 * an unknown id. A pending result puts it back in the due index at its nextAttemptAt; delivered or
 * failed moves it to the prune's index.
 */
export const FINISH_LOGOUT_ATTEMPT = `
local P = ARGV[1]
local id = ARGV[4]
-- ids are drawn from the ld:seq counter: anything else names no delivery (nor the counter itself)
if not string.match(id, '^[1-9]%d*$') then return false end
local key = P .. 'ld:' .. id
if redis.call('EXISTS', key) == 0 then return false end
local r = cjson.decode(ARGV[5])
for _, f in ipairs({'status', 'nextAttemptAt', 'lastAttemptAt', 'lastError', 'latencyMs', 'deliveredAt'}) do
  if r[f] == nil or r[f] == cjson.null then redis.call('HDEL', key, f) else redis.call('HSET', key, f, tostring(r[f])) end
end
redis.call('HINCRBY', key, 'attempts', 1)
if r.status == 'pending' then
  redis.call('ZADD', P .. 'ldd', r.nextAttemptAt, id)
  redis.call('ZREM', P .. 'ldf', id)
else
  redis.call('ZREM', P .. 'ldd', id)
  redis.call('ZADD', P .. 'ldf', redis.call('HGET', key, 'createdAt'), id)
end
return redis.call('HGETALL', key)
`;

/**
 * ARGV[4] before, ARGV[5] batch → {index entries handled, deliveries deleted}: delivered and failed
 * deliveries created strictly before ARGV[4], at most a batch per call, with their entry in their
 * session's index. One whose TTL already removed it only leaves the index, uncounted.
 */
export const PRUNE_LOGOUT_DELIVERIES = `
local P = ARGV[1]
local due = redis.call('ZRANGEBYSCORE', P .. 'ldf', '-inf', '(' .. ARGV[4], 'LIMIT', 0, tonumber(ARGV[5]))
local n = 0
for _, id in ipairs(due) do
  local key = P .. 'ld:' .. id
  local d = redis.call('HMGET', key, 'sessionId', 'clientId')
  if d[1] then
    local owed = P .. 'lds:' .. d[1]
    if redis.call('HGET', owed, d[2]) == id then redis.call('HDEL', owed, d[2]) end
    n = n + redis.call('DEL', key)
  end
  redis.call('ZREM', P .. 'ldf', id)
end
return {#due, n}
`;

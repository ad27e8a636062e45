import { LOGOUT_DELIVERY_TTL_S } from './keys';

/**
 * Lua shared by every session script (prepended to each one: Redis 7.0 scripts cannot import).
 * Conventions: no KEYS; ARGV[1] the key prefix, ARGV[2] the retention and ARGV[3] the TTL
 * backstop in seconds; each script's own arguments start at ARGV[4]. Key names mirror keys.ts.
 * A session is a hash with every SessionRecord field (null fields absent) plus `username`,
 * denormalised at creation (usernames never change) so listing needs no join.
 */
export const LUA_LIB = `
local P, RETENTION, BACKSTOP = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local DELIVERY_TTL = ${LOGOUT_DELIVERY_TTL_S}
local SORTS = {'createdAt', 'lastSeenAt', 'idleExpiresAt', 'absoluteExpiresAt'}
local ALL_STATUSES = {'all', 'active', 'revoked', 'expired'}

local function toTable(flat)
  local t = {}
  for i = 1, #flat, 2 do t[flat[i]] = flat[i + 1] end
  return t
end
local function toFlat(t)
  local flat = {}
  for k, v in pairs(t) do flat[#flat + 1] = k; flat[#flat + 1] = tostring(v) end
  return flat
end
local function hsetRecord(key, rec)
  local args = {}
  for k, v in pairs(rec) do
    if v ~= cjson.null then args[#args + 1] = k; args[#args + 1] = tostring(v) end
  end
  redis.call('HSET', key, unpack(args))
end
local function sessKey(id) return P .. 'sess:' .. id end
-- keys that live as long as session id's expire at its key's own instant: a PTTL read, then a
-- PEXPIRE, could outlive it by the millisecond between
local function expireWithSession(id, ...)
  local at = redis.call('PEXPIRETIME', sessKey(id))
  if at > 0 then for _, key in ipairs({...}) do redis.call('PEXPIREAT', key, at) end end
end
local function getSession(id)
  local flat = redis.call('HGETALL', sessKey(id))
  if #flat == 0 then return nil end
  return toTable(flat)
end
local function unameMember(s) return s.username .. '\\0' .. s.id end
local function purgeMember(s) return s.id .. '\\0' .. s.userId .. '\\0' .. s.username end

local function index(s, status, add)
  for _, f in ipairs(SORTS) do
    local key = P .. 'sx:' .. f .. ':' .. status
    if add then redis.call('ZADD', key, s[f], s.id) else redis.call('ZREM', key, s.id) end
  end
  local key = P .. 'sx:username:' .. status
  if add then redis.call('ZADD', key, 0, unameMember(s)) else redis.call('ZREM', key, unameMember(s)) end
end

-- The back-channel logout deliveries owed for the end of session s at now: one pending delivery,
-- due at once, per client of the session whose record has a back-channel logout URI now. The
-- session's lds hash (client id -> delivery id) makes (session, client) unique. Called by
-- setStatus only, which every end of a session goes through.
local function createLogoutDeliveries(s, now)
  local owed = P .. 'lds:' .. s.id
  for _, cid in ipairs(redis.call('ZRANGE', P .. 'sc:' .. s.id, 0, -1)) do
    local json = redis.call('HGET', P .. 'clients', cid)
    local uri = json and cjson.decode(json).backchannelLogoutUri
    if type(uri) == 'string' and redis.call('HEXISTS', owed, cid) == 0 then
      local id = tostring(redis.call('INCR', P .. 'ld:seq'))
      local key = P .. 'ld:' .. id
      redis.call('HSET', key, 'id', id, 'sessionId', s.id, 'userId', s.userId, 'clientId', cid, 'uri', uri,
        'status', 'pending', 'attempts', 0, 'createdAt', now, 'nextAttemptAt', now)
      redis.call('EXPIRE', key, DELIVERY_TTL)
      redis.call('HSET', owed, cid, id)
      redis.call('EXPIRE', owed, DELIVERY_TTL)
      redis.call('ZADD', P .. 'ldd', now, id)
    end
  end
end

-- active -> revoked | expired, the one way a session ends (so its logout deliveries are created
-- here, in the same script); the sweep deletes the session RETENTION after the change
local function setStatus(s, status, now, reason)
  index(s, s.status, false)
  s.status = status
  if status == 'revoked' then
    s.revokedAt = now; s.revokedReason = reason
    redis.call('HSET', sessKey(s.id), 'status', status, 'revokedAt', now, 'revokedReason', reason)
  else
    redis.call('HSET', sessKey(s.id), 'status', status)
  end
  index(s, status, true)
  local purgeAt = math.min(now, tonumber(s.absoluteExpiresAt)) + RETENTION
  redis.call('ZADD', P .. 'purge', purgeAt, purgeMember(s))
  createLogoutDeliveries(s, now)
end

-- Deletes a session and every key and index entry of it: the sweep's purge, and deleteUser. Its
-- issued-token records and browser sessions are left to their own prunes (see deleteUser for
-- both); its logout deliveries and sid denylist entry are not the session's and stay.
local function purgeSession(id, userId, username)
  for _, st in ipairs(ALL_STATUSES) do
    for _, f in ipairs(SORTS) do redis.call('ZREM', P .. 'sx:' .. f .. ':' .. st, id) end
    redis.call('ZREM', P .. 'sx:username:' .. st, username .. '\\0' .. id)
  end
  redis.call('ZREM', P .. 'su:' .. userId, id)
  for _, tid in ipairs(redis.call('LRANGE', P .. 'fam:' .. id, 0, -1)) do redis.call('DEL', P .. 'rt:' .. tid) end
  redis.call('DEL', sessKey(id), P .. 'fam:' .. id, P .. 'its:' .. id, P .. 'sc:' .. id, P .. 'sb:' .. id)
  redis.call('ZREM', P .. 'purge', id .. '\\0' .. userId .. '\\0' .. username)
end

-- a denylist entry and its indexes: prune time, newest-first (all and per kind), subject prefix
local function denylistPut(e)
  local field = e.kind .. ':' .. e.subject
  redis.call('HSET', P .. 'rev', field, cjson.encode(e))
  redis.call('ZADD', P .. 'revx', e.pruneAfter, field)
  redis.call('ZADD', P .. 'revc', e.createdAt, field)
  redis.call('ZADD', P .. 'revc:' .. e.kind, e.createdAt, field)
  redis.call('ZADD', P .. 'revs', 0, e.subject .. '\\0' .. e.kind)
end
local function denylistDelete(kind, subject)
  local field = kind .. ':' .. subject
  local n = redis.call('HDEL', P .. 'rev', field)
  redis.call('ZREM', P .. 'revx', field)
  redis.call('ZREM', P .. 'revc', field)
  redis.call('ZREM', P .. 'revc:' .. kind, field)
  redis.call('ZREM', P .. 'revs', subject .. '\\0' .. kind)
  return n
end

-- raises a user's token version with the 'user' denylist entry refusing every older ver
local function bumpUserVersion(userId, reason, now, pruneAfter)
  local version = redis.call('HINCRBY', P .. 'user:' .. userId, 'tokenVersion', 1)
  denylistPut({kind = 'user', subject = userId, value = version, reason = reason, createdAt = now, pruneAfter = pruneAfter})
  return version
end

-- rotated tokens keep their status: the family chain still shows which ones were used
local function revokeLiveTokens(sid)
  for _, tid in ipairs(redis.call('LRANGE', P .. 'fam:' .. sid, 0, -1)) do
    local key = P .. 'rt:' .. tid
    if redis.call('HGET', key, 'status') == 'active' then redis.call('HSET', key, 'status', 'revoked') end
  end
end

-- only an active session changes state: a revoked one keeps its first reason and time; its sid
-- denylist entry is written in the same script, so the two can never disagree
local function revokeSession(s, now, reason, pruneAfter)
  if s.status ~= 'active' then return false end
  setStatus(s, 'revoked', now, reason)
  revokeLiveTokens(s.id)
  denylistPut({kind = 'sid', subject = s.id, value = 0, reason = reason, createdAt = now, pruneAfter = pruneAfter})
  return true
end

local function isPastExpiry(s, now)
  return tonumber(s.idleExpiresAt) <= now or tonumber(s.absoluteExpiresAt) <= now
end

-- activity: last seen now, idle expiry moved but never past the absolute one
local function bump(s, now, idle)
  local abs = tonumber(s.absoluteExpiresAt)
  if idle > abs then idle = abs end
  s.lastSeenAt = now; s.idleExpiresAt = idle
  redis.call('HSET', sessKey(s.id), 'lastSeenAt', now, 'idleExpiresAt', idle)
  for _, st in ipairs({'all', s.status}) do
    redis.call('ZADD', P .. 'sx:lastSeenAt:' .. st, now, s.id)
    redis.call('ZADD', P .. 'sx:idleExpiresAt:' .. st, idle, s.id)
  end
end
`;

/** Builds a script from the library and a body that ends in `return …`. */
export const withLib = (body: string): string => `${LUA_LIB}\n${body}`;

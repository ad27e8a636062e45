import { withLib } from './lua-lib';

/**
 * Scripts for the records outside sessions. Same ARGV convention as lua-lib.ts (ARGV[1] prefix,
 * ARGV[2..3] unused here); those that write denylist entries use the library's helpers.
 */

/** ARGV[4] user JSON (roles and claims already JSON strings). Usernames are unique, like the SQLite UNIQUE. */
export const CREATE_USER = `
local P = ARGV[1]
local u = cjson.decode(ARGV[4])
if redis.call('HEXISTS', P .. 'usernames', u.username) == 1 or redis.call('EXISTS', P .. 'user:' .. u.id) == 1 then
  return redis.error_reply('ERR a user with this username or id already exists: ' .. u.username)
end
local args = {}
for k, v in pairs(u) do args[#args + 1] = k; args[#args + 1] = tostring(v) end
redis.call('HSET', P .. 'user:' .. u.id, unpack(args))
redis.call('HSET', P .. 'usernames', u.username, u.id)
redis.call('SADD', P .. 'users', u.id)
return 1
`;

/**
 * ARGV[4] user id, ARGV[5] the fields to change as JSON (passwordHash, roles as a JSON string,
 * disabled) → the user after the change, or nil for an unknown one.
 */
export const UPDATE_USER = `
local key = ARGV[1] .. 'user:' .. ARGV[4]
if redis.call('EXISTS', key) == 0 then return false end
local patch = cjson.decode(ARGV[5])
for _, f in ipairs({'passwordHash', 'roles', 'disabled'}) do
  if patch[f] ~= nil and patch[f] ~= cjson.null then redis.call('HSET', key, f, tostring(patch[f])) end
end
return redis.call('HGETALL', key)
`;

/**
 * ARGV[4] user id, ARGV[5] reason, ARGV[6] now, ARGV[7] pruneAfter, ARGV[8] (optional) the new
 * custom claims' JSON → the user after the bump, or nil for an unknown one. The claims, the
 * version and its `user` denylist entry change together (`bumpTokenVersion` and `setUserClaims`).
 */
export const BUMP_TOKEN_VERSION = withLib(`
local key = P .. 'user:' .. ARGV[4]
if redis.call('EXISTS', key) == 0 then return false end
if ARGV[8] then redis.call('HSET', key, 'claims', ARGV[8]) end
bumpUserVersion(ARGV[4], ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7]))
return redis.call('HGETALL', key)
`);

/** ARGV[4] entry JSON. */
export const PUT_DENYLIST_ENTRY = withLib(`
denylistPut(cjson.decode(ARGV[4]))
return 1
`);

/** ARGV[4] kind, ARGV[5] subject → 1 when an entry was deleted. */
export const DELETE_DENYLIST_ENTRY = withLib(`
return denylistDelete(ARGV[4], ARGV[5])
`);

/**
 * ARGV[4] JSON {kind?, subject?, offset, limit (-1: all)} → {total, entries JSON}, newest first.
 * A subject prefix walks the lexicographic index over that prefix only (and orders by time after).
 */
export const LIST_DENYLIST = withLib(`
local q = cjson.decode(ARGV[4])
local function read(list)
  local out = {}
  for i, f in ipairs(list) do out[i] = redis.call('HGET', P .. 'rev', f) or cjson.encode({}) end
  return out
end
local offset, limit = tonumber(q.offset) or 0, tonumber(q.limit) or -1
local fields = {}
if q.subject and q.subject ~= '' then
  for _, m in ipairs(redis.call('ZRANGEBYLEX', P .. 'revs', '[' .. q.subject, '[' .. q.subject .. '\\255')) do
    local cut = string.find(m, '\\0', 1, true)
    local kind = string.sub(m, cut + 1)
    if not q.kind or q.kind == kind then fields[#fields + 1] = kind .. ':' .. string.sub(m, 1, cut - 1) end
  end
  local created = {}
  for _, f in ipairs(fields) do created[f] = tonumber(redis.call('ZSCORE', P .. 'revc', f)) or 0 end
  table.sort(fields, function(a, b)
    if created[a] ~= created[b] then return created[a] > created[b] end
    return a > b
  end)
  local total, page = #fields, {}
  local last = limit < 0 and total or math.min(total, offset + limit)
  for i = offset + 1, last do page[#page + 1] = fields[i] end
  return {total, read(page)}
end
local index = q.kind and (P .. 'revc:' .. q.kind) or (P .. 'revc')
local total = redis.call('ZCARD', index)
if limit == 0 then return {total, {}} end
return {total, read(redis.call('ZREVRANGE', index, offset, limit < 0 and -1 or offset + limit - 1))}
`);

/**
 * ARGV[4] JSON {id, keys: [{key, limit}], now, window} → {1} or {0, retryAfter}. Each key is a
 * zset of attempt ids scored by time; nothing is added unless every key is under its limit.
 */
export const RESERVE_LOGIN_ATTEMPT = `
local P = ARGV[1]
local a = cjson.decode(ARGV[4])
local wait = 0
for _, k in ipairs(a.keys) do
  local key = P .. 'la:' .. k.key
  redis.call('ZREMRANGEBYSCORE', key, '-inf', a.now - a.window)
  local times = redis.call('ZRANGE', key, 0, -1, 'WITHSCORES')
  local n = #times / 2
  if n >= k.limit then
    local oldest = tonumber(times[(n - k.limit) * 2 + 2])
    wait = math.max(wait, oldest + a.window - a.now)
  end
end
if wait > 0 then return {0, wait} end
for _, k in ipairs(a.keys) do
  local key = P .. 'la:' .. k.key
  redis.call('ZADD', key, a.now, a.id)
  redis.call('EXPIRE', key, a.window)
end
return {1}
`;

/** ARGV[4] the backfill marker's value → how many entries were indexed (0 once done). */
export const INDEX_DENYLIST = withLib(`
if redis.call('GET', P .. 'layout:denylist') == ARGV[4] then return 0 end
local n = 0
for _, json in ipairs(redis.call('HVALS', P .. 'rev')) do
  denylistPut(cjson.decode(json))
  n = n + 1
end
redis.call('SET', P .. 'layout:denylist', ARGV[4])
return n
`);

/** ARGV[4] issued-token JSON. */
export const RECORD_ISSUED = `
local P = ARGV[1]
local t = cjson.decode(ARGV[4])
local key = P .. 'it:' .. t.jti
if redis.call('EXISTS', key) == 1 then return redis.error_reply('ERR an issued token with this jti already exists') end
redis.call('HSET', key, 'jti', t.jti, 'sessionId', t.sessionId, 'kid', t.kid, 'issuedAt', t.issuedAt, 'expiresAt', t.expiresAt)
redis.call('RPUSH', P .. 'its:' .. t.sessionId, t.jti)
redis.call('ZADD', P .. 'itk:' .. t.kid, t.expiresAt, t.jti)
redis.call('ZADD', P .. 'itx', t.expiresAt, t.jti)
return 1
`;

/** ARGV[4] kid, ARGV[5] now → {tokens, distinct sessions} not expired at now. */
export const COUNT_LIVE_BY_KID = `
local P = ARGV[1]
local sessions, tokens, distinct = {}, 0, 0
for _, jti in ipairs(redis.call('ZRANGEBYSCORE', P .. 'itk:' .. ARGV[4], '(' .. ARGV[5], '+inf')) do
  local sid = redis.call('HGET', P .. 'it:' .. jti, 'sessionId')
  if sid then
    tokens = tokens + 1
    if not sessions[sid] then sessions[sid] = true; distinct = distinct + 1 end
  end
end
return {tokens, distinct}
`;

/** ARGV[4] before → how many issued-token records that expired strictly before it were deleted. */
export const PRUNE_ISSUED = `
local P = ARGV[1]
local n = 0
for _, jti in ipairs(redis.call('ZRANGEBYSCORE', P .. 'itx', '-inf', '(' .. ARGV[4])) do
  local rec = redis.call('HMGET', P .. 'it:' .. jti, 'sessionId', 'kid')
  if rec[1] then
    redis.call('LREM', P .. 'its:' .. rec[1], 1, jti)
    redis.call('ZREM', P .. 'itk:' .. rec[2], jti)
    redis.call('DEL', P .. 'it:' .. jti)
    n = n + 1
  end
  redis.call('ZREM', P .. 'itx', jti)
end
return n
`;

/**
 * ARGV[4] now, ARGV[5] batch → how many denylist entries with pruneAfter at or before now were
 * deleted (at most a batch, so one call never blocks Redis for long).
 */
export const PRUNE_DENYLIST = withLib(`
local due = redis.call('ZRANGEBYSCORE', P .. 'revx', '-inf', ARGV[4], 'LIMIT', 0, tonumber(ARGV[5]))
for _, field in ipairs(due) do
  local cut = string.find(field, ':', 1, true)
  denylistDelete(string.sub(field, 1, cut - 1), string.sub(field, cut + 1))
end
return #due
`);

/** ARGV[4] entry fields JSON, ARGV[5] stream cap → the new audit id (stream entry `<id>-0`). */
export const APPEND_AUDIT = `
local P = ARGV[1]
local id = redis.call('INCR', P .. 'audit:seq')
local e = cjson.decode(ARGV[4])
redis.call('XADD', P .. 'audit', 'MAXLEN', '~', ARGV[5], id .. '-0',
  'at', e.at, 'type', e.type, 'actor', e.actor, 'subject', e.subject, 'detail', e.detail)
return id
`;

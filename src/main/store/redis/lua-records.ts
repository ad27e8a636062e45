/**
 * Scripts for the records outside sessions. Same ARGV convention as lua-lib.ts (ARGV[1] prefix,
 * ARGV[2..3] unused here), without the session library.
 */

/** ARGV[4] user JSON (roles already a JSON string). Usernames are unique, like the SQLite UNIQUE. */
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

/** ARGV[4] user id, ARGV[5] version; a missing user is left missing (an UPDATE of no row). */
export const SET_TOKEN_VERSION = `
local key = ARGV[1] .. 'user:' .. ARGV[4]
if redis.call('EXISTS', key) == 0 then return 0 end
redis.call('HSET', key, 'tokenVersion', ARGV[5])
return 1
`;

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

/** ARGV[4] now → how many revocations with pruneAfter at or before now were deleted. */
export const PRUNE_REVOCATIONS = `
local P = ARGV[1]
local due = redis.call('ZRANGEBYSCORE', P .. 'revx', '-inf', ARGV[4])
for _, field in ipairs(due) do
  redis.call('HDEL', P .. 'rev', field)
  redis.call('ZREM', P .. 'revx', field)
end
return #due
`;

/** ARGV[4] entry fields JSON, ARGV[5] stream cap → the new audit id (stream entry `<id>-0`). */
export const APPEND_AUDIT = `
local P = ARGV[1]
local id = redis.call('INCR', P .. 'audit:seq')
local e = cjson.decode(ARGV[4])
redis.call('XADD', P .. 'audit', 'MAXLEN', '~', ARGV[5], id .. '-0',
  'at', e.at, 'type', e.type, 'actor', e.actor, 'subject', e.subject, 'detail', e.detail)
return id
`;

import { withLib } from './lua-lib';

/**
 * The session scripts. Each runs atomically inside Redis, so concurrent instances never see or
 * leave half of a change; each mirrors the SQLite transaction of the same name.
 */

/**
 * ARGV[4] session JSON, ARGV[5] first refresh token JSON, or null (a browser login at the OpenID
 * Provider: each client's family comes with its code). Refuses an unknown user or a duplicate id.
 */
export const CREATE_SESSION = withLib(`
local s, t = cjson.decode(ARGV[4]), cjson.decode(ARGV[5])
if t == cjson.null then t = nil end
if redis.call('EXISTS', sessKey(s.id)) == 1 or (t and redis.call('EXISTS', P .. 'rt:' .. t.id) == 1) then
  return redis.error_reply('ERR a session or refresh token with this id already exists')
end
local username = redis.call('HGET', P .. 'user:' .. s.userId, 'username')
if not username then return redis.error_reply('ERR the session names an unknown user') end
s.username = username
hsetRecord(sessKey(s.id), s)
local keys = {sessKey(s.id)}
if t then
  t.sessionId = s.id
  hsetRecord(P .. 'rt:' .. t.id, t)
  redis.call('RPUSH', P .. 'fam:' .. s.id, t.id)
  keys[#keys + 1] = P .. 'rt:' .. t.id
  keys[#keys + 1] = P .. 'fam:' .. s.id
end
redis.call('ZADD', P .. 'su:' .. s.userId, s.createdAt, s.id)
index(s, 'all', true)
index(s, s.status, true)
local abs = tonumber(s.absoluteExpiresAt)
redis.call('ZADD', P .. 'purge', abs + RETENTION, purgeMember(s))
-- a relative TTL: the record's own clock may be virtual or frozen, Redis's is real
local ttl = math.max(abs - tonumber(s.createdAt), 0) + RETENTION + BACKSTOP
for _, key in ipairs(keys) do redis.call('EXPIRE', key, ttl) end
return 1
`);

/**
 * ARGV[4] the root token JSON of another family in its session, ARGV[5] now → the session, or nil
 * when it is not active (or past its expiry, which expires it). The family list is the session's
 * one list (as SQLite's family is the session's tokens): revoking the session reaches every family.
 */
export const START_FAMILY = withLib(`
local t, now = cjson.decode(ARGV[4]), tonumber(ARGV[5])
local s = getSession(t.sessionId)
if not s or s.status ~= 'active' then return false end
if isPastExpiry(s, now) then
  setStatus(s, 'expired', now)
  return false
end
local key = P .. 'rt:' .. t.id
if redis.call('EXISTS', key) == 1 then return redis.error_reply('ERR a refresh token with this id already exists') end
t.parentId = cjson.null; t.status = 'active'; t.usedAt = cjson.null
if t.clientId == nil then t.clientId = cjson.null end
hsetRecord(key, t)
redis.call('RPUSH', P .. 'fam:' .. s.id, t.id)
-- the client now holds tokens in the session (what ADD_SESSION_CLIENT records)
if t.clientId ~= cjson.null then redis.call('ZADD', P .. 'sc:' .. s.id, 'NX', now, t.clientId) end
expireWithSession(s.id, key, P .. 'fam:' .. s.id)
if t.clientId ~= cjson.null then expireWithSession(s.id, P .. 'sc:' .. s.id) end
return toFlat(s)
`);

/** ARGV[4] id, ARGV[5] now, ARGV[6] idle expiry → the session, or nil when not active. */
export const TOUCH_SESSION = withLib(`
local s, now = getSession(ARGV[4]), tonumber(ARGV[5])
if not s or s.status ~= 'active' then return false end
if isPastExpiry(s, now) then
  setStatus(s, 'expired', now)
  return false
end
bump(s, now, tonumber(ARGV[6]))
return toFlat(s)
`);

/** ARGV[4] id, ARGV[5] reason, ARGV[6] now, ARGV[7] pruneAfter → the revoked session, or nil when it was not active. */
export const REVOKE_SESSION = withLib(`
local s = getSession(ARGV[4])
if not s or not revokeSession(s, tonumber(ARGV[6]), ARGV[5], tonumber(ARGV[7])) then return false end
return toFlat(s)
`);

/** ARGV[4] user id, ARGV[5] reason, ARGV[6] now, ARGV[7] pruneAfter → the sessions revoked, oldest first. */
export const REVOKE_USER_SESSIONS = withLib(`
local out = {}
for _, id in ipairs(redis.call('ZRANGE', P .. 'su:' .. ARGV[4], 0, -1)) do
  local s = getSession(id)
  if s and revokeSession(s, tonumber(ARGV[6]), ARGV[5], tonumber(ARGV[7])) then out[#out + 1] = toFlat(s) end
end
return out
`);

/**
 * ARGV[4] now, ARGV[5] purge batch size. Expires active sessions at or past either expiry and
 * returns them; then deletes up to a batch of sessions whose retention is over (with their
 * refresh family, index entries and client list), so one call never blocks Redis for long.
 */
export const EXPIRE_AND_PURGE = withLib(`
local now = tonumber(ARGV[4])
local due, out = {}, {}
for _, f in ipairs({'idleExpiresAt', 'absoluteExpiresAt'}) do
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. 'sx:' .. f .. ':active', '-inf', now)) do due[id] = true end
end
for id in pairs(due) do
  local s = getSession(id)
  if s and s.status == 'active' and isPastExpiry(s, now) then
    setStatus(s, 'expired', now)
    out[#out + 1] = toFlat(s)
  end
end
for _, m in ipairs(redis.call('ZRANGEBYSCORE', P .. 'purge', '-inf', now, 'LIMIT', 0, tonumber(ARGV[5]))) do
  local a = string.find(m, '\\0', 1, true)
  local b = string.find(m, '\\0', a + 1, true)
  purgeSession(string.sub(m, 1, a - 1), string.sub(m, a + 1, b - 1), string.sub(m, b + 1))
end
return out
`);

/**
 * ARGV[4] user id → 1 when the user existed and was deleted, with every session of theirs: the
 * sweep's purge of each (keys, index entries, family, clients), plus what the sweep leaves to
 * other prunes: the sessions' issued-token records with their index entries, and their browser
 * sessions. Then the user, their session index and their username. The sessions' logout deliveries
 * and sid denylist entries stay (the caller revoked the sessions first, which wrote both).
 */
export const DELETE_USER = withLib(`
local userId = ARGV[4]
local ukey = P .. 'user:' .. userId
local username = redis.call('HGET', ukey, 'username')
if not username then return 0 end
for _, sid in ipairs(redis.call('ZRANGE', P .. 'su:' .. userId, 0, -1)) do
  for _, jti in ipairs(redis.call('LRANGE', P .. 'its:' .. sid, 0, -1)) do
    local kid = redis.call('HGET', P .. 'it:' .. jti, 'kid')
    if kid then redis.call('ZREM', P .. 'itk:' .. kid, jti) end
    redis.call('DEL', P .. 'it:' .. jti)
    redis.call('ZREM', P .. 'itx', jti)
  end
  for _, h in ipairs(redis.call('SMEMBERS', P .. 'sb:' .. sid)) do
    -- a hash put again for another session since then is that session's
    if redis.call('HGET', P .. 'bs:' .. h, 'sessionId') == sid then
      redis.call('DEL', P .. 'bs:' .. h)
      redis.call('SREM', P .. 'bsx', h)
    end
  end
  -- the session's own username (denormalised at creation) names its index entries
  purgeSession(sid, userId, redis.call('HGET', sessKey(sid), 'username') or username)
end
redis.call('DEL', ukey, P .. 'su:' .. userId)
if redis.call('HGET', P .. 'usernames', username) == userId then redis.call('HDEL', P .. 'usernames', username) end
redis.call('SREM', P .. 'users', userId)
return 1
`);

/**
 * ARGV[4] now, ARGV[5..] session ids (a page of the active index) → flat {clientId, activeSessions,
 * liveRefreshTokens, …} over those of them that are live at now (active and before both
 * expiries): the clients recorded in each, and the active, unexpired refresh tokens of each client
 * in its family. The adapter adds the pages up.
 */
export const CLIENT_USAGE_PAGE = withLib(`
local now = tonumber(ARGV[4])
local order, sessions, tokens = {}, {}, {}
local function note(cid)
  if not sessions[cid] then order[#order + 1] = cid; sessions[cid] = 0; tokens[cid] = 0 end
end
for i = 5, #ARGV do
  local sid = ARGV[i]
  local s = redis.call('HMGET', sessKey(sid), 'status', 'idleExpiresAt', 'absoluteExpiresAt')
  if s[1] == 'active' and tonumber(s[2]) > now and tonumber(s[3]) > now then
    for _, cid in ipairs(redis.call('ZRANGE', P .. 'sc:' .. sid, 0, -1)) do
      note(cid)
      sessions[cid] = sessions[cid] + 1
    end
    for _, tid in ipairs(redis.call('LRANGE', P .. 'fam:' .. sid, 0, -1)) do
      local t = redis.call('HMGET', P .. 'rt:' .. tid, 'clientId', 'status', 'expiresAt')
      if t[1] and t[2] == 'active' and tonumber(t[3]) > now then
        note(t[1])
        tokens[t[1]] = tokens[t[1]] + 1
      end
    end
  end
end
local out = {}
for _, cid in ipairs(order) do
  out[#out + 1] = cid; out[#out + 1] = sessions[cid]; out[#out + 1] = tokens[cid]
end
return out
`);

/**
 * ARGV[4] index key (without prefix), ARGV[5] offset, ARGV[6] limit, ARGV[7] '1' for descending,
 * ARGV[8] '1' for a username index → {total, sessions}. One script, so the page and the total
 * come from the same moment. A member whose hash the TTL backstop already removed is skipped.
 */
export const LIST_PAGE = withLib(`
local key, offset, limit = P .. ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local total = redis.call('ZCARD', key)
local out = {}
if limit <= 0 then return {total, out} end
local cmd = ARGV[7] == '1' and 'ZREVRANGE' or 'ZRANGE'
for _, m in ipairs(redis.call(cmd, key, offset, offset + limit - 1)) do
  local id = m
  if ARGV[8] == '1' then id = string.sub(m, string.find(m, '\\0', 1, true) + 1) end
  local flat = redis.call('HGETALL', sessKey(id))
  if #flat > 0 then out[#out + 1] = flat end
end
return {total, out}
`);

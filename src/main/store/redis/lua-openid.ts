import { withLib } from './lua-lib';

/**
 * Scripts of the OpenID Provider's records: clients, authorization codes, browser sessions and the
 * clients of a session. Same ARGV convention as lua-lib.ts; key names mirror keys.ts.
 */

/**
 * Clients are JSON values in the `clients` hash. Redis's cjson encodes an empty table as `{}`, so a
 * script that writes a record back gives its list fields `[]` explicitly. Fields a record lacks
 * (one written before the OpenID fields) stay absent: the adapter reads them with defaults.
 */
const CLIENT_LIB = `
local CLIENT_LISTS = {redirectUris = true, postLogoutRedirectUris = true, grantTypes = true, scopes = true, responseTypes = true}
local function encodeClient(c)
  local parts = {}
  for k, v in pairs(c) do
    local json
    if CLIENT_LISTS[k] and type(v) == 'table' and next(v) == nil then json = '[]' else json = cjson.encode(v) end
    parts[#parts + 1] = cjson.encode(k) .. ':' .. json
  end
  return '{' .. table.concat(parts, ',') .. '}'
end
`;

/**
 * ARGV[4] client id, ARGV[5] reason, ARGV[6] now, ARGV[7] pruneAfter → the client's JSON after the
 * bump, or nil for an unknown one. The version and its `client` denylist entry change together.
 */
export const BUMP_CLIENT_TOKEN_VERSION = withLib(`${CLIENT_LIB}
local json = redis.call('HGET', P .. 'clients', ARGV[4])
if not json then return false end
local c = cjson.decode(json)
c.tokenVersion = (tonumber(c.tokenVersion) or 0) + 1
local out = encodeClient(c)
redis.call('HSET', P .. 'clients', ARGV[4], out)
denylistPut({kind = 'client', subject = ARGV[4], value = c.tokenVersion, reason = ARGV[5], createdAt = tonumber(ARGV[6]), pruneAfter = tonumber(ARGV[7])})
return out
`);

/** ARGV[4] client id, ARGV[5] now → 1 when the client exists (its lastUsedAt is then now). */
export const TOUCH_CLIENT = `
local P = ARGV[1]
${CLIENT_LIB}
local json = redis.call('HGET', P .. 'clients', ARGV[4])
if not json then return 0 end
local c = cjson.decode(json)
c.lastUsedAt = tonumber(ARGV[5])
redis.call('HSET', P .. 'clients', ARGV[4], encodeClient(c))
return 1
`;

/**
 * ARGV[4] code JSON. Refuses a hash already stored (a put never makes a redeemed code unused
 * again). The key's TTL, relative like a session's, is only a backstop for `pruneAuthorizationCodes`.
 */
export const PUT_AUTHORIZATION_CODE = withLib(`
local c = cjson.decode(ARGV[4])
local key = P .. 'ac:' .. c.codeHash
if redis.call('EXISTS', key) == 1 then return redis.error_reply('ERR an authorization code with this hash already exists') end
hsetRecord(key, c)
redis.call('ZADD', P .. 'acx', c.expiresAt, c.codeHash)
redis.call('EXPIRE', key, math.max(tonumber(c.expiresAt) - tonumber(c.createdAt), 0) + BACKSTOP)
return 1
`);

/**
 * ARGV[4] code hash, ARGV[5] now → the code as it was before (nil when unknown), now marked used.
 * A used code keeps the time of its first redemption. One script: of N concurrent redemptions,
 * on any number of instances, exactly one reads it unused.
 */
export const CONSUME_AUTHORIZATION_CODE = `
local P = ARGV[1]
local key = P .. 'ac:' .. ARGV[4]
local flat = redis.call('HGETALL', key)
if #flat == 0 then return false end
if redis.call('HEXISTS', key, 'usedAt') == 0 then redis.call('HSET', key, 'usedAt', ARGV[5]) end
return flat
`;

/**
 * ARGV[4] before, ARGV[5] batch → {index entries handled, codes deleted}: codes that expired
 * strictly before `before`, used or not, at most a batch per call. A code whose TTL already
 * removed it only leaves the index.
 */
export const PRUNE_AUTHORIZATION_CODES = `
local P = ARGV[1]
local due = redis.call('ZRANGEBYSCORE', P .. 'acx', '-inf', '(' .. ARGV[4], 'LIMIT', 0, tonumber(ARGV[5]))
local n = 0
for _, h in ipairs(due) do
  n = n + redis.call('DEL', P .. 'ac:' .. h)
  redis.call('ZREM', P .. 'acx', h)
end
return {#due, n}
`;

/**
 * ARGV[4] secret hash, ARGV[5] session id, ARGV[6] now. Refuses an unknown session (as SQLite's
 * foreign key does); the browser session, and the session's set of them (`sb:`, what deleteUser
 * reads), expire with the session's key (`expireWithSession`).
 */
export const PUT_BROWSER_SESSION = withLib(`
if redis.call('EXISTS', sessKey(ARGV[5])) == 0 then
  return redis.error_reply('ERR the browser session names an unknown session')
end
local key = P .. 'bs:' .. ARGV[4]
local before = redis.call('HGET', key, 'sessionId')
if before and before ~= ARGV[5] then redis.call('SREM', P .. 'sb:' .. before, ARGV[4]) end
redis.call('DEL', key)
redis.call('HSET', key, 'sessionId', ARGV[5], 'createdAt', ARGV[6])
redis.call('SADD', P .. 'sb:' .. ARGV[5], ARGV[4])
expireWithSession(ARGV[5], key, P .. 'sb:' .. ARGV[5])
redis.call('SADD', P .. 'bsx', ARGV[4])
return 1
`);

/** ARGV[4] secret hash. */
export const DELETE_BROWSER_SESSION = `
local P = ARGV[1]
local key = P .. 'bs:' .. ARGV[4]
local sid = redis.call('HGET', key, 'sessionId')
if sid then redis.call('SREM', P .. 'sb:' .. sid, ARGV[4]) end
redis.call('DEL', key)
redis.call('SREM', P .. 'bsx', ARGV[4])
return 1
`;

/**
 * ARGV[4..] secret hashes (a page of the index) → how many browser sessions were deleted because
 * their session is not active (revoked, expired, or already swept away). A hash whose TTL already
 * removed its key only leaves the index; a hash seen twice is deleted once.
 */
export const PRUNE_BROWSER_SESSIONS = withLib(`
local n = 0
for i = 4, #ARGV do
  local h = ARGV[i]
  local key = P .. 'bs:' .. h
  local sid = redis.call('HGET', key, 'sessionId')
  if not sid then
    redis.call('SREM', P .. 'bsx', h)
  elseif redis.call('HGET', sessKey(sid), 'status') ~= 'active' then
    redis.call('DEL', key)
    redis.call('SREM', P .. 'bsx', h)
    redis.call('SREM', P .. 'sb:' .. sid, h)
    n = n + 1
  end
end
return n
`);

/**
 * ARGV[4] session id, ARGV[5] client id, ARGV[6] now. Idempotent (ZADD NX keeps the first time);
 * refuses an unknown session. The set expires with the session's key, and the sweep deletes it
 * with the session.
 */
export const ADD_SESSION_CLIENT = withLib(`
if redis.call('EXISTS', sessKey(ARGV[4])) == 0 then
  return redis.error_reply('ERR the session client names an unknown session')
end
local key = P .. 'sc:' .. ARGV[4]
redis.call('ZADD', key, 'NX', ARGV[6], ARGV[5])
expireWithSession(ARGV[4], key)
return 1
`);
